import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service with messaging appends to its own migrations (DESIGN §5). */
export class CreateMessagingTables1763800000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE messaging_outbox (
        message_id uuid PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        exchange varchar(255) NOT NULL,
        type varchar(255) NOT NULL,
        version integer NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL,
        correlation_id varchar(255),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    // The dispatcher reads unsent rows in write order; sent rows are only looked at by the retention cleanup.
    await runner.query('CREATE INDEX messaging_outbox_unsent_idx ON messaging_outbox (position) WHERE sent_at IS NULL');
    await runner.query(
      'CREATE INDEX messaging_outbox_sent_idx ON messaging_outbox (sent_at) WHERE sent_at IS NOT NULL',
    );
    await runner.query(`
      CREATE TABLE messaging_inbox (
        message_id varchar(255) NOT NULL,
        consumer varchar(255) NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, consumer)
      )`);
    await runner.query('CREATE INDEX messaging_inbox_handled_at_idx ON messaging_inbox (handled_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE messaging_inbox');
    await runner.query('DROP TABLE messaging_outbox');
  }
}

export const messagingMigrations = [CreateMessagingTables1763800000000];

/**
 * The outbox and inbox tables as a feature module (hosting's `Feature`, structurally): every service that publishes
 * or consumes lists it among its features, so the host and the CLI migrate the same tables.
 */
export const messagingFeature = { name: 'messaging', migrations: messagingMigrations } as const;
