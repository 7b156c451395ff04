import { sql, type Kysely } from 'kysely';

/**
 * No query reads the records of scanned codes by organisation: the index cost every verification a write
 * and was never used. The purge reads them by time (`verifications_checked_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index verifications_organisation`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index verifications_organisation on verifications (organisation_id, checked_at)`.execute(db);
}
