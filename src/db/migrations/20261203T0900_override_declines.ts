import { sql, type Kysely } from 'kysely';

/**
 * A manual colour change that is not approved is declined: by an approver, or withdrawn by who asked for it.
 * Who, when and why stay on the row, so it leaves the approvers' list without being deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table overrides add column declined_by text`.execute(db);
  await sql`alter table overrides add column declined_at bigint`.execute(db);
  await sql`alter table overrides add column decline_reason text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['declined_by', 'declined_at', 'decline_reason']) await sql`alter table overrides drop column ${sql.ref(column)}`.execute(db);
}
