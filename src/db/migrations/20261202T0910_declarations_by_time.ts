import { sql, type Kysely } from 'kysely';

/** The retention purge deletes the oldest declarations first, a batch at a time: a range of this index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index declarations_time on declarations (declared_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index declarations_time`.execute(db);
}
