import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

export interface Argon2Cost {
  memoryKib: number;
  timeCost: number;
}

/**
 * argon2id for user passwords and client secrets. The cost is configuration (docs/adr/0006-identity-tokens-and-passwords.md); a hash
 * made with an older cost still verifies, because the parameters are stored in the hash itself.
 */
export class PasswordHasher {
  /** Made at construction, so that even the first unknown-user login costs no extra hash. */
  private readonly dummy: Promise<string>;

  constructor(private readonly cost: Argon2Cost) {
    this.dummy = this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.cost.memoryKib,
      timeCost: this.cost.timeCost,
      parallelism: 1,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends exactly one verify against a hash of the same cost, for a login whose user does not exist: the
   * answer then takes the same path and time as a wrong password, so user names cannot be enumerated.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.verify(await this.dummy, password);
    return false;
  }
}
