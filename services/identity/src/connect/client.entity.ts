import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type GrantType = 'password' | 'refresh_token' | 'client_credentials';

/** An OAuth2 client (RFC 6749 §2): public (no secret, e.g. `shop-client`) or confidential (a service). */
@Entity('clients')
export class Client {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  /** argon2id hash of the client secret; null for a public client. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 255, nullable: true })
  secretHash: string | null;

  @Column({ name: 'grant_types', type: 'text', array: true })
  grantTypes: GrantType[];

  @Column({ type: 'text', array: true })
  scopes: string[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** RFC 6749 §2.1: a public client cannot keep a secret, so it can prove nothing about itself on its own. */
  get isPublic(): boolean {
    return this.secretHash === null;
  }

  /** RFC 6749 §10.4 (refresh tokens) and §4.4: a client uses only the grants it was registered for. */
  allows(grantType: GrantType): boolean {
    return this.grantTypes.includes(grantType);
  }
}
