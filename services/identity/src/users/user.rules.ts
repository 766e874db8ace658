import { composeRules, IsEmailAddress, IsPlainText, IsText } from '@shop/building-blocks/validation';
import { Matches, MaxLength } from 'class-validator';

// Field rules shared by the user commands, so that register and update cannot disagree. Every one refuses control
// characters and unpaired surrogates: a NUL would otherwise reach Postgres and end as a 500.

export const IsPersonName = () => IsText({ maxLength: 100, notBlank: true });

export const IsUserName = () =>
  composeRules(
    IsText({ minLength: 3, maxLength: 64 }),
    Matches(/^[A-Za-z0-9._-]+$/, { message: '$property may hold only letters, digits, dot, dash and underscore' }),
  );

export const IsUserEmail = () => composeRules(IsEmailAddress(), IsPlainText(), MaxLength(254));

/**
 * NIST SP 800-63B §5.1.1: length matters, composition rules do not; 128 bounds the hashing work per request. Any
 * printable character, spaces included; never a control character, so that what a user types at login is what was
 * hashed.
 */
export const IsNewPassword = () => IsText({ minLength: 8, maxLength: 128 });
