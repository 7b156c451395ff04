/**
 * Kysely's SQLite dialect, adjusted for a server: statements are prepared once, write transactions take
 * the write lock when they begin, and waiting for another connection's lock (the writer thread, another
 * worker) happens asynchronously, so the event loop keeps serving while it waits.
 */
import type SQLite from 'better-sqlite3';
import { LruCache } from '../cache/lru-cache.ts';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type QueryResult, type SqliteDialectConfig } from 'kysely';

/** How long a statement waits for the write lock in all, before it fails. */
const LOCK_WAIT_MS = 5000;

const isBusy = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_BUSY');

/** The longest pause between two tries for the write lock. */
const MAX_PAUSE_MS = 2;

/**
 * Runs `attempt` again while SQLite answers SQLITE_BUSY, after 1 ms, then every 2 ms. Safe: a statement refused
 * with SQLITE_BUSY did nothing, and inside a transaction begun IMMEDIATE no statement is refused. Short
 * pauses, because the lock is held for milliseconds (the writer thread's commits, up to about 20 ms for a
 * recompute's batch): pausing 1, 2, 4 … 32 ms made a bulk recompute's claims wait 16 ms a batch on average,
 * and a try costs microseconds.
 */
async function retryWhileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 1; ; delay = MAX_PAUSE_MS) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

class WaitingConnection implements DatabaseConnection {
  /** Set by the driver from BEGIN to COMMIT or ROLLBACK. */
  inTransaction = false;

  constructor(
    private readonly inner: DatabaseConnection,
    /** Given for a file with a writer thread: whether a statement writes, and how its commit is made durable. */
    private readonly durably?: { writes: (sql: string) => boolean; commitOnDisk: () => void },
  ) {}

  /**
   * A statement that writes outside a transaction commits by itself: with synchronous = FULL it waited for its
   * fsync on the event loop (a bulk recompute's claim of each batch, 2.5 ms). It commits without one instead,
   * and is answered once the writer thread has synced the log, as a transaction is (see `releaseConnection`).
   */
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction || !this.durably?.writes(query.sql)) return retryWhileBusy(() => this.inner.executeQuery<R>(query));
    await setSynchronous(this.inner, 'normal');
    try {
      const result = await retryWhileBusy(() => this.inner.executeQuery<R>(query));
      this.durably.commitOnDisk();
      return result;
    } finally {
      await setSynchronous(this.inner, 'full');
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

const setSynchronous = (connection: DatabaseConnection, level: 'normal' | 'full') => connection.executeQuery(CompiledQuery.raw(`pragma synchronous = ${level}`));

class WaitingDriver extends SqliteDriver {
  /** The fsync that makes the last commit durable, awaited once the connection is released. */
  #commitOnDisk: Promise<void> | undefined;
  /** SQLite has one connection; it is wrapped once. */
  #connection: WaitingConnection | undefined;

  constructor(
    private readonly config: EmbeddedDialectConfig,
    private readonly syncLog: (() => Promise<void>) | undefined,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<WaitingConnection> {
    const inner = await super.acquireConnection();
    const { syncLog } = this;
    this.#connection ??= new WaitingConnection(
      inner,
      syncLog && {
        // A select never writes: the hot reads are not looked up in the statement cache a second time to learn it.
        writes: (sql) => !sql.startsWith('select') && !this.config.database.prepare(sql).readonly,
        commitOnDisk: () => void (this.#commitOnDisk = syncLog()),
      },
    );
    return this.#connection;
  }

  /**
   * IMMEDIATE: a transaction that read first and wrote later would fail if another connection wrote in between.
   * With a writer thread, the commit does not wait for the disk on the event loop (synchronous = NORMAL, for
   * this transaction only: SQLite allows the change only outside one); see `releaseConnection`.
   */
  override async beginTransaction(connection: WaitingConnection): Promise<void> {
    connection.inTransaction = true;
    if (this.syncLog) await setSynchronous(connection, 'normal');
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      if (this.syncLog) await setSynchronous(connection, 'full');
      connection.inTransaction = false;
      throw error;
    }
  }

  override async commitTransaction(connection: WaitingConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    connection.inTransaction = false;
    if (!this.syncLog) return;
    this.#commitOnDisk = this.syncLog();
    await setSynchronous(connection, 'full');
  }

  override async rollbackTransaction(connection: WaitingConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      connection.inTransaction = false;
      if (this.syncLog) await setSynchronous(connection, 'full');
    }
  }

  /**
   * A transaction's commit waited for its fsync on the event loop: about half of a declaration's time there.
   * Now the writer thread syncs the log (one file for every connection) while the connection serves others,
   * and the transaction is answered only after that: nothing acknowledged is lost.
   */
  override async releaseConnection(): Promise<void> {
    const commitOnDisk = this.#commitOnDisk;
    this.#commitOnDisk = undefined;
    await super.releaseConnection();
    await commitOnDisk;
  }
}

/** The dialect's database: statements are prepared by better-sqlite3 (which tells whether one writes). */
export type EmbeddedDialectConfig = Omit<SqliteDialectConfig, 'database'> & { database: StatementCache };
interface StatementCache {
  close(): void;
  prepare(sql: string): SQLite.Statement;
}

export class EmbeddedDialect extends SqliteDialect {
  constructor(
    private readonly config: EmbeddedDialectConfig,
    /** Makes everything committed so far durable (the writer thread's fsync of the log); none for a private in-memory store. */
    private readonly syncLog?: () => Promise<void>,
  ) {
    super(config);
  }

  override createDriver(): SqliteDriver {
    return new WaitingDriver(this.config, this.syncLog);
  }
}

/**
 * Kysely prepares a statement for every query; better-sqlite3 statements can be reused, and preparing
 * was a twentieth of a request's CPU. The most recently used statements are kept, by their SQL.
 */
export function withStatementCache(sqlite: SQLite.Database, onClose: () => void, capacity = 1000): StatementCache {
  const statements = new LruCache<string, SQLite.Statement>(capacity);
  return {
    close: () => {
      onClose();
      sqlite.close();
    },
    prepare(sql) {
      let statement = statements.get(sql, 0);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement, Infinity);
      }
      return statement;
    },
  };
}
