import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1763800000000 implements MigrationInterface {
  name = 'CreateIdentity1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        user_name varchar(64) NOT NULL,
        email varchar(254) NOT NULL,
        first_name varchar(100) NOT NULL,
        last_name varchar(100) NOT NULL,
        password_hash varchar(255) NOT NULL,
        role varchar(20) NOT NULL CHECK (role IN ('admin', 'customer')),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Uniqueness is case-insensitive: "Alice" and "alice" are one user, whatever the race between two requests.
    await runner.query('CREATE UNIQUE INDEX users_user_name_key ON users (lower(user_name))');
    await runner.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');
    await runner.query(`
      CREATE TABLE clients (
        id varchar(100) PRIMARY KEY,
        secret_hash varchar(255),
        grant_types text[] NOT NULL,
        scopes text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        client_id varchar(100) NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        scope varchar(500) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)');
    await runner.query('CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE refresh_tokens');
    await runner.query('DROP TABLE clients');
    await runner.query('DROP TABLE users');
  }
}
