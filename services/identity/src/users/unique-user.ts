import type { DbContext } from '@shop/building-blocks/persistence';
import { QueryFailedError } from 'typeorm';
import { DuplicateUserError } from '../errors';
import { User } from './user.entity';

/** Refuses a user name or email another user has (case-insensitive), before the unique index has to. */
export async function ensureUnique(db: DbContext, fields: { userName?: string; email: string }, exceptId?: string) {
  const query = db.repository(User).createQueryBuilder('user');
  const taken = async (column: string, value: string) => {
    const found = await query
      .clone()
      .where(`lower(user.${column}) = lower(:value)`, { value })
      .andWhere(exceptId ? 'user.id <> :exceptId' : '1 = 1', { exceptId })
      .getExists();
    return found;
  };
  if (fields.userName !== undefined && (await taken('user_name', fields.userName))) {
    throw new DuplicateUserError('userName');
  }
  if (await taken('email', fields.email)) throw new DuplicateUserError('email');
}

/** Two concurrent registrations can both pass `ensureUnique`; the unique indexes decide, and this maps the loser. */
export function asDuplicateError(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  if (code !== '23505') return error;
  return new DuplicateUserError(constraint === 'users_email_key' ? 'email' : 'userName');
}
