/**
 * Group commit: rows written by concurrent requests are inserted together in one transaction, and each
 * request's promise resolves only after that transaction has committed. Durability is unchanged (nothing
 * is acknowledged before it is on disk) while a burst costs one commit instead of one per request.
 *
 * The batch is written by the store's `commitGroup` (on the embedded store, its writer thread; on PostgreSQL,
 * one statement), atomically and on its own: callers must not hold a transaction open, since on SQLite it
 * would wait on itself. The statements of a batch must not read what another of them writes.
 */
import type { CompiledQuery } from 'kysely';
import type { GroupCommitObserver } from '../metrics/metrics.ts';

/** Rows per statement, well inside SQLite's limit on bound parameters. */
const ROWS_PER_STATEMENT = 1000;

export class GroupCommit<Row> {
  #pending: { rows: Row[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;
  /** One batch is written at a time; rows arriving meanwhile wait for it and go together in the next. */
  #writing = false;

  constructor(
    private readonly writeBatch: (queries: CompiledQuery[]) => Promise<void>,
    /** The statements that store some rows, compiled by the repository. */
    private readonly store: (rows: Row[]) => CompiledQuery[],
    /** Told of each batch: the metrics' `groupCommitObserver`. */
    private readonly observer?: GroupCommitObserver,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once `rows` are committed. */
  add(rows: Row[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ rows, resolve, reject });
      if (this.#writing) return;
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
    if (this.#writing) return;
    const batch = this.#pending;
    this.#pending = [];
    const rows = batch.flatMap((b) => b.rows);
    if (rows.length === 0) return batch.forEach((b) => b.resolve());
    this.#writing = true;
    const startedAt = performance.now();
    try {
      const queries: CompiledQuery[] = [];
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) queries.push(...this.store(rows.slice(i, i + ROWS_PER_STATEMENT)));
      await this.writeBatch(queries);
      this.observer?.committed(rows.length, performance.now() - startedAt);
      for (const b of batch) b.resolve();
    } catch (error) {
      this.observer?.failed();
      for (const b of batch) b.reject(error);
    } finally {
      this.#writing = false;
      if (this.#pending.length > 0) void this.#flush();
    }
  }
}
