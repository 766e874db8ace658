/** Injection tokens of the identity service's values. */
export const IdentityTokens = {
  SigningKeys: Symbol.for('identity.SigningKeys'),
  Issuer: Symbol.for('identity.Issuer'),
} as const;
