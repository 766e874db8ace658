import { composeRules, IsText } from '@shop/building-blocks/validation';
import { Matches } from 'class-validator';

// The OAuth parameters' rules, shared by the wire forms (which Swagger shows and the endpoints check first) and the
// commands built from them, so that the two cannot disagree. Every one is single-line plain text: a NUL or another
// control character is `invalid_request`, never a database error.

export const IsClientId = () => IsText({ minLength: 1, maxLength: 100 });

/** Empty is allowed: Swagger UI sends `shop-client:` in Basic credentials for a client without a secret. */
export const IsClientSecret = () => IsText({ maxLength: 200 });

/** Any user name may be tried; one that cannot exist is answered `invalid_grant` like a wrong password. */
export const IsLoginName = () => IsText({ minLength: 1, maxLength: 64 });

/** Not limited to the registration rules: a login with any such password is answered `invalid_grant`, not 400. */
export const IsLoginPassword = () => IsText({ minLength: 1, maxLength: 128 });

export const IsRefreshTokenValue = () => IsText({ minLength: 1, maxLength: 200 });

/** RFC 7009 §2.1: the token to revoke; access tokens (JWTs) are longer than refresh tokens. */
export const IsRevokedToken = () => IsText({ minLength: 1, maxLength: 4096 });

/**
 * RFC 6749 §3.3: scope tokens of printable ASCII other than `"` and `\`, separated by spaces. A refused scope is
 * named in the error description, which RFC 6749 §5.2 limits to the same characters.
 */
export const IsScope = () =>
  composeRules(
    IsText({ maxLength: 500 }),
    Matches(/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/, {
      message: '$property must hold printable ASCII scope names other than quote and backslash, space-separated',
    }),
  );
