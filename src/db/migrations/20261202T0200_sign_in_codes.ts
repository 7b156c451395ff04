import { sql, type Kysely } from 'kysely';

/**
 * One-time codes for signing in by text message: the live one per phone number (by its keyed hash), as a
 * keyed hash of the code, with its expiry and how many wrong tries it still allows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table sign_in_codes (
    phone_lookup text primary key,
    code_digest text not null,
    expires_at bigint not null,
    attempts_left integer not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sign_in_codes`.execute(db);
}
