/**
 * Work that touches many people (a city made high-risk, a rule set published, a big import) runs as a job:
 * recorded in `jobs` with its progress, done in batches that yield to requests in between, and resumed
 * on the next start if the process stopped meanwhile (recomputing is idempotent).
 */
import type { Db } from '../../db/database.ts';
import { AppError, type FieldErrorCode } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import type { StatusService } from '../status/status.service.ts';
import { findJob, insertJob, listJobs, listUnfinishedRecomputes, updateJob, type JobRow } from './jobs.repository.ts';
import { inTransaction } from '../../db/transactions.ts';

/** People per transaction: large enough that commits are few, small enough that requests wait little between batches. */
const BATCH = 500;
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

export interface JobView {
  id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  /** Import problems, row by row: CSV line number (the header is line 1), column, and what is wrong. */
  errors: { line: number; field: string; code: FieldErrorCode }[];
  createdAt: number;
  finishedAt: number | null;
}

export type JobsService = ReturnType<typeof createJobsService>;

export function createJobsService({ db, status, now, log }: { db: Db; status: StatusService; now: () => number; log: (error: unknown) => void }) {
  const running = new Map<string, Promise<void>>();

  const view = (row: JobRow): JobView => ({
    id: row.id,
    kind: row.kind,
    status: row.status as JobView['status'],
    total: row.total,
    done: row.done,
    errors: JSON.parse(row.errors) as JobView['errors'],
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  });

  async function recomputeAll(jobId: string, personIds: string[], startAt = 0): Promise<void> {
    for (let i = startAt; i < personIds.length; i += BATCH) {
      await inTransaction(db, (trx) => status.recomputeMany(trx, personIds.slice(i, i + BATCH)));
      await updateJob(db, jobId, { done: Math.min(i + BATCH, personIds.length) });
      await yieldToRequests();
    }
    await updateJob(db, jobId, { status: 'done', finished_at: now() });
  }

  function track(jobId: string, work: Promise<void>): void {
    const tracked = work.catch(async (error) => {
      log(error);
      await updateJob(db, jobId, { status: 'failed', finished_at: now() }).catch(log);
    });
    running.set(jobId, tracked);
    void tracked.finally(() => running.delete(jobId));
  }

  return {
    /** Starts recomputing these people's statuses in the background; answers with the job at once. */
    async recompute(personIds: string[], createdBy: string | null, cause: string): Promise<JobView> {
      const unique = [...new Set(personIds)];
      const row: JobRow = { id: newId(now()), kind: 'recompute', status: 'running', total: unique.length, done: 0, payload: JSON.stringify({ personIds: unique, cause }), errors: '[]', created_by: createdBy, created_at: now(), finished_at: null };
      await insertJob(db, row);
      track(row.id, recomputeAll(row.id, unique));
      return view(row);
    },

    /** Runs `work` as a job of `kind` (e.g. an import) that reports its own progress through `progress`. */
    async run(kind: string, total: number, createdBy: string | null, work: (progress: (done: number, total?: number) => Promise<void>, jobId: string) => Promise<{ errors?: JobView['errors'] }>): Promise<JobView> {
      const row: JobRow = { id: newId(now()), kind, status: 'running', total, done: 0, payload: '{}', errors: '[]', created_by: createdBy, created_at: now(), finished_at: null };
      await insertJob(db, row);
      const progress = (done: number, newTotal?: number) => updateJob(db, row.id, { done, ...(newTotal !== undefined && { total: newTotal }) });
      track(
        row.id,
        (async () => {
          const { errors = [] } = await work(progress, row.id);
          await updateJob(db, row.id, { status: errors.length > 0 ? 'failed' : 'done', errors: JSON.stringify(errors), finished_at: now() });
        })(),
      );
      return view(row);
    },

    /** Resumes recomputations a stopped process left unfinished. */
    async resumeUnfinished(): Promise<void> {
      for (const row of await listUnfinishedRecomputes(db)) {
        const { personIds } = JSON.parse(row.payload) as { personIds: string[] };
        track(row.id, recomputeAll(row.id, personIds, row.done));
      }
    },

    async get(actor: Actor | null, id: string): Promise<JobView> {
      requireRole(actor, AUTHORITY_ROLES);
      const row = await findJob(db, id);
      if (!row) throw new AppError('NOT_FOUND');
      return view(row);
    },

    async list(actor: Actor | null): Promise<JobView[]> {
      requireRole(actor, AUTHORITY_ROLES);
      return (await listJobs(db, 50)).map(view);
    },

    /** Resolves when the job has finished (tests, and callers that must wait). */
    async settled(id: string): Promise<void> {
      await running.get(id);
    },
  };
}
