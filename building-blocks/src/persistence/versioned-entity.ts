import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * The optimistic-concurrency version and the audit timestamps every mutable aggregate carries, declared once so the
 * columns cannot drift apart between services. Not an entity itself: each subclass maps them into its own table,
 * whose migration declares `version integer NOT NULL`, `created_at` and `updated_at timestamptz NOT NULL DEFAULT now()`.
 */
export abstract class VersionedEntity {
  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
