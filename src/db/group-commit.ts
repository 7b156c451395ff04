/**
 * Group commit: rows written by concurrent requests are inserted together in one transaction, and each
 * request's promise resolves only after that transaction has committed. Durability is unchanged (nothing
 * is acknowledged before it is on disk) while a burst costs one commit instead of one per request.
 *
 * The batch runs in its own transaction, so a caller must not hold one open: on SQLite (one connection)
 * that would wait on itself forever. Call it with the database, not a transaction.
 */
import type { Db, Executor } from './database.ts';
import { inTransaction } from './transactions.ts';

export class GroupCommit<Row> {
  #pending: { rows: Row[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly write: (trx: Executor, rows: Row[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once `rows` are committed. */
  add(rows: Row[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ rows, resolve, reject });
      if (this.#pending.length >= this.maxBatch) void this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        // Let the requests already in this turn of the event loop join the batch.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      await inTransaction(this.db, (trx) => this.write(trx, batch.flatMap((b) => b.rows)));
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
}
