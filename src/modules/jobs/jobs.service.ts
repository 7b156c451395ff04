/**
 * Work that touches many people (a city made high-risk, a rule set published, a big import) runs as a job:
 * recorded in `jobs` with its progress, done in batches that yield to requests in between, and resumed
 * on the next start if the process stopped meanwhile (recomputing is idempotent).
 *
 * A recompute is shared by every process (every worker, every machine): it is announced on the bus, and
 * each process claims batches of its people from the job row until none are left, so a city of 100 k
 * people is recomputed on every core at once.
 */
import type { InvalidationBus } from '../../cache/invalidation-bus.ts';
import type { Db } from '../../db/database.ts';
import { AppError, type FieldErrorCode } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import type { StatusService } from '../status/status.service.ts';
import { inTransaction } from '../../db/transactions.ts';
import { addJobProgressQuery, claimNextBatch, findJob, findJobPayload, finishJob, insertJob, listJobs, listUnfinishedRecomputes, updateJob, type JobRow } from './jobs.repository.ts';

/** People per batch: large enough that commits are few, small enough that requests wait little between batches. */
const BATCH = 500;
/**
 * Batches a process works on at once: while one batch's statuses are being committed, the others are claimed,
 * read and evaluated. Four, not two: with two, the writer thread, which sets the pace, still idled nearly half
 * the time between batches (measurements: docs/ARCHITECTURE.md, "Measured").
 */
const LANES = 4;
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

export function createJobsService({ db, status, bus, now, log }: { db: Db; status: StatusService; bus: InvalidationBus; now: () => number; log: (error: unknown) => void }) {
  /** This process's part in each job it is working on. */
  const running = new Map<string, Promise<void>>();
  /** Set when the process stops: no batch is claimed, nor job taken up, after it. */
  let stopping = false;

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

  /** Recomputes batches of the job's people until every batch is claimed (by this process or another). */
  async function shareOfRecompute(jobId: string): Promise<void> {
    const row = await findJob(db, jobId);
    if (!row || row.kind !== 'recompute' || row.status !== 'running') return;
    const { personIds } = JSON.parse((await findJobPayload(db, jobId)) ?? '{"personIds":[]}') as { personIds: string[] };
    const nextBatch = async () => (stopping ? undefined : claimNextBatch(db, jobId, BATCH, now()));
    const lane = async () => {
      for (let claim = await nextBatch(); claim; claim = await nextBatch()) {
        const batch = personIds.slice(claim.claimed - BATCH, Math.min(claim.claimed, claim.total));
        // The progress is committed with the statuses it counts.
        await status.recomputeBatch(db, batch, [addJobProgressQuery(db, jobId, batch.length, now())]);
        const progress = await findJob(db, jobId);
        if (progress && progress.done >= progress.total) await finishJob(db, jobId, 'done', now());
        await yieldToRequests();
      }
    };
    // Every lane ends before the job counts as no longer worked on here; then the first failure, if any, is reported.
    const failed = (await Promise.allSettled(Array.from({ length: LANES }, lane))).find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  function track(jobId: string, work: Promise<void>): void {
    const tracked = work.catch(async (error) => {
      log(error);
      await finishJob(db, jobId, 'failed', now()).catch(log);
    });
    running.set(jobId, tracked);
    void tracked.finally(() => running.delete(jobId));
  }

  // Every process takes its share of a recompute announced anywhere.
  bus.on('job', (jobIds) => {
    for (const jobId of jobIds ?? []) if (!stopping && !running.has(jobId)) track(jobId, shareOfRecompute(jobId));
  });

  return {
    /** Starts recomputing these people's statuses in the background, in every process; answers with the job at once. */
    async recompute(personIds: string[], createdBy: string | null, cause: string): Promise<JobView> {
      // In key order: a batch then updates neighbouring rows, a few pages of the status table instead of one page per person.
      const unique = [...new Set(personIds)].sort();
      const row: JobRow = { id: newId(now()), kind: 'recompute', status: 'running', total: unique.length, claimed: 0, progressed_at: null, done: 0, errors: '[]', created_by: createdBy, created_at: now(), finished_at: null };
      await inTransaction(db, (trx) => insertJob(trx, row, JSON.stringify({ personIds: unique, cause })));
      if (unique.length === 0) await finishJob(db, row.id, 'done', now());
      else bus.publish('job', [row.id]);
      return view(unique.length === 0 ? { ...row, status: 'done', finished_at: now() } : row);
    },

    /** Runs `work` as a job of `kind` (e.g. an import) that reports its own progress through `progress`. */
    async run(kind: string, total: number, createdBy: string | null, work: (progress: (done: number, total?: number) => Promise<void>, jobId: string) => Promise<{ errors?: JobView['errors'] }>): Promise<JobView> {
      const row: JobRow = { id: newId(now()), kind, status: 'running', total, claimed: 0, progressed_at: null, done: 0, errors: '[]', created_by: createdBy, created_at: now(), finished_at: null };
      await inTransaction(db, (trx) => insertJob(trx, row));
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

    /**
     * Resumes recomputations that stopped processes left unfinished: all of them at start, and later those
     * that made no progress for `stalledMs` (the processes working on them died). Which of the claimed
     * batches were finished is not known, so each starts again from its first person (recomputing is
     * idempotent).
     */
    async resumeUnfinished(stalledMs?: number): Promise<void> {
      for (const row of await listUnfinishedRecomputes(db, stalledMs === undefined ? Infinity : now() - stalledMs)) {
        await updateJob(db, row.id, { claimed: 0, done: 0, progressed_at: now() });
        bus.publish('job', [row.id]);
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

    /**
     * Lets this process's work end before its store closes: each recompute batch under way is committed and
     * no other is claimed (the job is left running, for another process, or for this one's next start, to
     * finish), and an import under way runs to its end, without waiting for the recompute it started. Cut
     * off instead, a batch's write failed as the store closed and could mark the whole job failed, which
     * nothing resumes.
     */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all(running.values());
    },

    /**
     * Resolves when the job has finished, in every process (tests, and callers that must wait), or when this
     * process stops: its share then ends, and what is left is finished elsewhere or at the next start.
     */
    async settled(id: string): Promise<void> {
      await running.get(id);
      while (!stopping && (await findJob(db, id))?.status === 'running') await pause(50);
    },
  };
}
