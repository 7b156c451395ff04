import { sql, type Kysely } from 'kysely';

/**
 * A holder may dispute a manual colour change (纠错). Accepting the appeal does not end the change by itself:
 * it requests a return to the rules, which another user must approve like any manual change; the request names
 * the appeal, which is decided when the request is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table overrides add column appeal_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table overrides drop column appeal_id`.execute(db);
}
