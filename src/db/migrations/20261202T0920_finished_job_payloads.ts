import { sql, type Kysely } from 'kysely';

/** A finished job's payload (for a recompute, the people it was about) is deleted when it ends; so are those of jobs finished before. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from job_payloads where job_id in (select id from jobs where status <> 'running')`.execute(db);
}

export async function down(): Promise<void> {
  // What was deleted cannot come back, and nothing needs it.
}
