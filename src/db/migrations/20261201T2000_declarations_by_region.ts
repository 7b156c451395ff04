import { sql, type Kysely } from 'kysely';

/**
 * Declaring a risk area finds everyone who declared being in its region or having visited it lately. That
 * read scanned every declaration: 380–465 ms for a million, on the event loop that serves requests. The region
 * declared is now a range of an index by region and time that holds the person too, and the declarations
 * naming places visited (few: most name none) are indexed apart, by time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index declarations_region_time on declarations (region_code, declared_at, person_id)`.execute(db);
  await sql`create index declarations_visited_time on declarations (declared_at) where visited_regions <> '[]'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index declarations_region_time`.execute(db);
  await sql`drop index declarations_visited_time`.execute(db);
}
