import type { Role } from '@shop/building-blocks/auth';
import { VersionedEntity } from '@shop/building-blocks/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

@Entity('users')
export class User extends VersionedEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_name', type: 'varchar', length: 64 })
  userName: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  /** argon2id PHC string; never leaves this service (no DTO, event or log carries it). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  static create(fields: {
    userName: string;
    email: string;
    firstName: string;
    lastName: string;
    passwordHash: string;
    role: Role;
  }): User {
    return Object.assign(new User(), { id: uuidv7(), ...fields });
  }

  /** What a user may change about themself: the user name, role and password are not part of the profile. */
  changeProfile(fields: { firstName: string; lastName: string; email: string }): void {
    this.firstName = fields.firstName;
    this.lastName = fields.lastName;
    this.email = fields.email;
  }
}
