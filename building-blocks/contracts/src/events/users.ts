import { defineEvent, objectSchema, text, timestamp, uuid } from '../event-definition';

/** A new user. Never carries the password or its hash (DESIGN §5). */
export interface UserRegisteredV1 {
  userId: string;
  userName: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'admin' | 'customer';
  registeredAt: string;
}

export const UserRegistered = defineEvent<UserRegisteredV1>(
  'UserRegistered',
  1,
  objectSchema({
    userId: uuid,
    userName: text(100),
    email: { type: 'string', format: 'email' },
    firstName: text(100),
    lastName: text(100),
    role: { enum: ['admin', 'customer'] },
    registeredAt: timestamp,
  }),
);
