/**
 * Transactions open at the edge (routes, jobs) with `inTransaction`. Work that must only happen once the
 * transaction has committed, such as telling other processes to drop a cached status, is registered with
 * `afterCommit`: announced earlier, another process could re-read the old row before the commit and
 * cache it again.
 */
import type { Transaction } from 'kysely';
import type { Db, Executor } from './database.ts';
import type { Database } from './schema.ts';

const pendingAfterCommit = new WeakMap<Transaction<Database>, (() => void)[]>();

export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const callbacks: (() => void)[] = [];
  const result = await db.transaction().execute((trx) => {
    pendingAfterCommit.set(trx, callbacks);
    return work(trx);
  });
  for (const callback of callbacks) callback();
  return result;
}

/** Runs `callback` once `executor`'s writes are committed: now, outside a transaction. */
export function afterCommit(executor: Executor, callback: () => void): void {
  if (!executor.isTransaction) return callback();
  const callbacks = pendingAfterCommit.get(executor as Transaction<Database>);
  // A transaction opened some other way would never run the callback; failing loudly keeps caches honest.
  if (!callbacks) throw new Error('afterCommit needs a transaction opened with inTransaction');
  callbacks.push(callback);
}
