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
}
