import type { CompiledQuery } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { JobsTable } from '../../db/schema.ts';

export type JobRow = JobsTable;

/** The job's row and its payload: call it in a transaction, so that neither is stored without the other. */
export async function insertJob(db: Executor, row: JobRow, payload = '{}'): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
  await db.insertInto('job_payloads').values({ job_id: row.id, payload }).execute();
}

export async function findJobPayload(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('job_payloads').select('payload').where('job_id', '=', id).executeTakeFirst())?.payload;
}

export async function updateJob(db: Executor, id: string, changes: Partial<Omit<JobRow, 'id'>>): Promise<void> {
  await db.updateTable('jobs').set(changes).where('id', '=', id).execute();
}

export async function findJob(db: Executor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listJobs(db: Executor, limit: number): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

/** Recomputes still running that have made no progress since `before` (all of them when it is omitted). */
export async function listUnfinishedRecomputes(db: Executor, before = Infinity): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', 'recompute')
    .where('status', '=', 'running')
    .$if(before !== Infinity, (query) => query.where((eb) => eb.fn.coalesce('progressed_at', 'created_at'), '<', before))
    .execute();
}

/** Hands the next `size` people of a running job to the caller: the end of its share, or undefined once all are handed out. */
export async function claimNextBatch(db: Executor, id: string, size: number, at: number): Promise<{ claimed: number; total: number } | undefined> {
  return db
    .updateTable('jobs')
    .set((eb) => ({ claimed: eb('claimed', '+', size), progressed_at: at }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .whereRef('claimed', '<', 'total')
    .returning(['claimed', 'total'])
    .executeTakeFirst();
}

/** Adds `count` finished people to a job's progress (a statement for a batch written together with it). */
export function addJobProgressQuery(db: Executor, id: string, count: number, at: number): CompiledQuery {
  return db
    .updateTable('jobs')
    .set((eb) => ({ done: eb('done', '+', count), progressed_at: at }))
    .where('id', '=', id)
    .compile();
}

/** Ends the job (unless another process already has) and deletes its payload: only a running job reads it. */
export async function finishJob(db: Executor, id: string, status: 'done' | 'failed', at: number): Promise<void> {
  await db.updateTable('jobs').set({ status, finished_at: at }).where('id', '=', id).where('status', '=', 'running').execute();
  await db.deleteFrom('job_payloads').where('job_id', '=', id).execute();
}
