/**
 * Transactions open at the edge (routes, jobs) with `inTransaction`. Work that must only happen once the
 * transaction has committed, such as telling other processes to drop a cached status, is registered with
 * `afterCommit`: announced earlier, another process could re-read the old row before the commit and
 * cache it again.
 */
import type { Transaction } from 'kysely';
import type { Db, Executor } from './database.ts';
import type { Database } from './schema.ts';
import { idsFrom } from '../shared/ids.ts';

/** Each open transaction's store and what waits for its commit. */
const opened = new WeakMap<Transaction<Database>, { db: Db; afterCommit: (() => void)[] }>();

export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const callbacks: (() => void)[] = [];
  const result = await db.transaction().execute((trx) => {
    opened.set(trx, { db, afterCommit: callbacks });
    return work(trx);
  });
  for (const callback of callbacks) callback();
  return result;
}

/** The store `executor` works on: itself, or the one its transaction was opened on (a transaction opened otherwise: itself). */
export function storeOf(executor: Executor): Executor {
  return executor.isTransaction ? (opened.get(executor as Transaction<Database>)?.db ?? executor) : executor;
}

/** Runs `callback` once `executor`'s writes are committed: now, outside a transaction. */
export function afterCommit(executor: Executor, callback: () => void): void {
  if (!executor.isTransaction) return callback();
  const callbacks = opened.get(executor as Transaction<Database>)?.afterCommit;
  // A transaction opened some other way would never run the callback; failing loudly keeps caches honest.
  if (!callbacks) throw new Error('afterCommit needs a transaction opened with inTransaction');
  callbacks.push(callback);
}

/** Rows a purge deletes per transaction. */
const PURGE_BATCH = 5000;

/**
 * Deletes in batches, each in a transaction of its own, until a batch deletes fewer than it was allowed: a
 * purge that never holds the store (or, on SQLite, its one write lock) for long. Returns how many it deleted.
 */
export async function deleteInBatches(db: Db, deleteSome: (trx: Transaction<Database>, limit: number) => Promise<number>): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = await inTransaction(db, (trx) => deleteSome(trx, PURGE_BATCH));
    deleted += count;
    if (count < PURGE_BATCH) return deleted;
  }
}

/** Tables whose ids are made from the time of what they record (`newId(at)`), so that the id orders them by it. */
type KeyedByTime = 'status_history' | 'lab_results' | 'popups';

/** Deletes, in batches, the rows of `table` recorded before `cutoff`: by the time-ordered key, so no index on time is needed. */
export function deleteRecordedBefore(db: Db, table: KeyedByTime, cutoff: number): Promise<number> {
  return deleteInBatches(db, async (trx, limit) => {
    const result = await trx
      .deleteFrom(table)
      .where('id', 'in', (eb) => eb.selectFrom(table).select('id').where('id', '<', idsFrom(cutoff)).orderBy('id').limit(limit))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
