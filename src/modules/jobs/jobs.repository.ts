import type { Executor } from '../../db/database.ts';
import type { JobsTable } from '../../db/schema.ts';

export type JobRow = JobsTable;

export async function insertJob(db: Executor, row: JobRow): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
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

export async function listUnfinishedRecomputes(db: Executor): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('kind', '=', 'recompute').where('status', '=', 'running').execute();
}
