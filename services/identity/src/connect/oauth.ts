/** RFC 6749 §5.2 error codes, plus RFC 7009 §2.2.1 `unsupported_token_type`. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type';

/** RFC 6749 §5.2: `error_description` holds printable ASCII other than `"` and `\`. */
const NOT_IN_DESCRIPTION = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;
const MAX_DESCRIPTION = 300;

/**
 * An OAuth2 error outcome. It is a value, not an exception: a refused refresh (reuse detected) must still commit the
 * revocation of the token family, which a thrown error would roll back with the unit of work.
 */
export class OAuthFailure {
  /** RFC 6749 §5.2: 400, except `invalid_client`, which is 401. */
  readonly status: number;

  /** Parameter names and values a client sent may be quoted in it: masked to the allowed characters, and bounded. */
  readonly description: string;

  constructor(
    readonly error: OAuthErrorCode,
    description: string,
  ) {
    this.status = error === 'invalid_client' ? 401 : 400;
    this.description = description.slice(0, MAX_DESCRIPTION).replace(NOT_IN_DESCRIPTION, '?');
  }

  toJSON() {
    return { error: this.error, error_description: this.description };
  }
}

/** RFC 6749 §5.1 successful response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export type GrantResult = TokenResponse | OAuthFailure;

/** RFC 6749 §3.3: the granted scope is the requested one if the client may have all of it, else `invalid_scope`. */
export function grantScope(requested: string | undefined, allowed: readonly string[]): string | OAuthFailure {
  if (requested === undefined || requested.trim() === '') return allowed.join(' ');
  const scopes = [...new Set(requested.split(' ').filter((item) => item !== ''))];
  const refused = scopes.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0)
    return new OAuthFailure('invalid_scope', `Scope not allowed for this client: ${refused.join(' ')}`);
  return scopes.join(' ');
}
