import { describe, expect, it } from 'vitest';
import { User } from './user.entity';

const ada = () =>
  User.create({
    userName: 'ada',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    role: 'customer',
  });

describe('User.create', () => {
  it('gives every user a fresh UUID v7 and keeps the fields as given', () => {
    const user = ada();
    expect(user).toMatchObject({ userName: 'ada', email: 'ada@example.com', role: 'customer' });
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ada().id).not.toBe(user.id);
  });
});

describe('User.changeProfile', () => {
  it('changes names and email', () => {
    // Given a customer
    const user = ada();
    // When they change their profile
    user.changeProfile({ firstName: 'Augusta', lastName: 'King', email: 'augusta@example.com' });
    // Then the new names and email are in place
    expect(user).toMatchObject({ firstName: 'Augusta', lastName: 'King', email: 'augusta@example.com' });
  });

  it('never takes the user name, role or password hash from what it is given', () => {
    // Given a customer, and a profile change that smuggles in other fields
    const user = ada();
    const smuggled = {
      firstName: 'Eve',
      lastName: 'Mallory',
      email: 'eve@example.com',
      userName: 'admin',
      role: 'admin',
      passwordHash: 'plain',
    };
    // When it is applied
    user.changeProfile(smuggled);
    // Then only the profile changed
    expect(user).toMatchObject({ userName: 'ada', role: 'customer' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
