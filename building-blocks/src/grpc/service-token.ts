import { DependencyUnavailableError } from '../errors';

export interface ServiceTokenProvider {
  /** A valid access token for this service; cached until shortly before it expires. */
  token(): Promise<string>;
  /** Forgets the cached token (after the callee refused it). */
  invalidate(): void;
}

export interface ClientCredentialsOptions {
  /** Identity's token endpoint, e.g. `http://127.0.0.1:5002/connect/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Fetch a new token this long before the current one expires. */
  refreshBeforeSeconds?: number;
  timeoutMs?: number;
}

/**
 * RFC 6749 §4.4 client credentials, with client_secret_basic (§2.3.1). One request at a time: concurrent callers
 * share the pending fetch instead of stampeding the token endpoint.
 */
export class ClientCredentialsTokenProvider implements ServiceTokenProvider {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: ClientCredentialsOptions) {}

  token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret, scope } = this.options;
    // RFC 6749 §2.3.1: id and secret are form-url-encoded before they are joined and base64-encoded.
    const formEncode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
    const credentials = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    let response: Response;
    try {
      response = await fetch(this.options.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch {
      throw new DependencyUnavailableError('The identity service cannot issue a service token (unreachable)');
    }
    if (!response.ok) {
      throw new DependencyUnavailableError(`The identity service refused a service token (${response.status})`);
    }
    const { access_token: token, expires_in: expiresIn } = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    const margin = Math.min(this.options.refreshBeforeSeconds ?? 30, expiresIn / 2);
    this.cached = { token, renewAt: Date.now() + (expiresIn - margin) * 1000 };
    return token;
  }
}
