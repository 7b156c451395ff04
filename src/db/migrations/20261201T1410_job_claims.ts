import { sql, type Kysely } from 'kysely';

/**
 * A recompute job is shared by every process: each claims the next batch of its people by moving `claimed`
 * on (one atomic update), and adds what it finished to `done`; `progressed_at` tells a job nobody is
 * working on any more (its processes died) from one still under way. The payload (a city's job lists
 * 100 000 people, 3.5 MB) moves to a table of its own: SQLite rewrites a whole row on every update, and a
 * row carrying the payload was rewritten twice a batch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_payloads')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into job_payloads (job_id, payload) select id, payload from jobs`.execute(db);
  await db.schema.alterTable('jobs').dropColumn('payload').execute();
  await db.schema.alterTable('jobs').addColumn('claimed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('jobs').addColumn('progressed_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('claimed').execute();
  await db.schema.alterTable('jobs').dropColumn('progressed_at').execute();
  await db.schema.alterTable('jobs').addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await sql`update jobs set payload = (select payload from job_payloads where job_payloads.job_id = jobs.id)`.execute(db);
  await db.schema.dropTable('job_payloads').execute();
}
