import { sql, type Kysely } from 'kysely';

/**
 * A staff account is disabled when its holder leaves the job: it can no longer sign in, and its sessions end.
 * The row stays, so the audit log keeps naming who did what.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts add column disabled_at bigint`.execute(db);
  await sql`alter table accounts add column disabled_by text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['disabled_at', 'disabled_by']) await sql`alter table accounts drop column ${sql.ref(column)}`.execute(db);
}
