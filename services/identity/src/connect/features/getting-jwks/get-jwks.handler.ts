import { inject } from '@shop/building-blocks/container';
import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import type { JSONWebKeySet } from 'jose';
import type { SigningKeys } from '../../../security/signing-keys';
import { IdentityTokens } from '../../../tokens';
import { GetJwksQuery } from './get-jwks.query';

@handles(GetJwksQuery)
export class GetJwksHandler implements RequestHandler<GetJwksQuery> {
  constructor(@inject(IdentityTokens.SigningKeys) private readonly keys: SigningKeys) {}

  async handle(): Promise<JSONWebKeySet> {
    return this.keys.jwks;
  }
}
