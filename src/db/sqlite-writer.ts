/**
 * The embedded store's writer thread. better-sqlite3 is synchronous: a commit waits for its fsync
 * (synchronous = FULL), and, with several processes on one file, for the others' write lock. On the
 * event loop that stalled every request in the process; here it stalls only this thread. Each batch of
 * compiled statements (a group commit) is atomic; batches that arrive while a commit is under way are
 * committed together, each in a savepoint of its own, so one fsync serves them all and a failing batch fails
 * alone. The thread also checkpoints the write-ahead log ten times a second, between commits, so that no
 * commit ever has to. Small and often: a checkpoint every second held the commits behind it for long enough
 * to make durable check-ins' p99 39–50 ms in the bench, against 25–27 ms now. A thread of its own for the
 * checkpoints would not hold commits at all, but the log only starts over when a commit begins with all of
 * it copied, which that thread could never arrange while commits kept coming: the log grew by 90 MB a second.
 * Asked to (an empty batch), it fsyncs the log, making durable what the serving connection's transactions
 * committed without waiting for the disk (embedded-dialect.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';

const CHECKPOINT_INTERVAL_MS = 100;

// Plain JavaScript run with `eval`, so the thread needs no TypeScript loader.
const THREAD_SOURCE = `
  const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
  const fs = require('node:fs');
  const SQLite = require(workerData.driver);
  const openStore = () => {
    try {
      return new SQLite(workerData.file);
    } catch (error) {
      // SQLite's errors reach the parent thread as their code alone; a plain Error keeps the message.
      throw new Error(String((error && error.message) || error));
    }
  };
  const db = openStore();
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Not SQLite's own busy handler: it sleeps 1, 2, 5, 10 … 100 ms between tries, and another process's
  // writer holds the lock for well under a millisecond. This thread may block, so it waits a tenth of one.
  db.pragma('busy_timeout = 0');
  db.pragma('wal_autocheckpoint = 0');
  // Each batch runs in a savepoint, and a statement of many rows in a statement journal: both keep the pages
  // they change as they were, and past 64 KB SQLite spilled them to a temporary file, a write for every page
  // a batch changed (a quarter of this thread's time for check-ins). In memory they are a copy.
  db.pragma('temp_store = MEMORY');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const LOCK_WAIT_MS = 5000;
  const statements = new Map();
  const prepared = (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size > 200) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  const messageOf = (error) => String((error && error.message) || error);
  const runBatch = db.transaction((queries) => { for (const q of queries) prepared(q.sql).run(q.parameters); });
  // Inside the outer transaction each batch is a savepoint: a failing one is rolled back alone and reported.
  const runBatches = db.transaction((batches) => batches.map(({ queries }) => {
    try {
      runBatch(queries);
      return undefined;
    } catch (error) {
      // Some errors (SQLITE_FULL, an I/O error) roll back the whole transaction: nothing of it can be kept.
      if (!db.inTransaction) throw error;
      return messageOf(error);
    }
  }));
  const whenUnlocked = (run) => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        return run();
      } catch (error) {
        if (!String(error && error.code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
        Atomics.wait(pause, 0, 0, 0.1);
      }
    }
  };
  const answer = (batches, errors) => batches.forEach(({ id }, i) => parentPort.postMessage({ id, error: errors[i] }));
  // The log is one file for every connection: its fsync makes durable what they committed without one.
  let logFile;
  const syncLog = () => {
    logFile ??= fs.openSync(workerData.file + '-wal', 'r');
    fs.fsyncSync(logFile);
  };
  const commit = (batches) => {
    try {
      answer(batches, whenUnlocked(() => runBatches.immediate(batches)));
    } catch (error) {
      // The transaction as a whole failed. Alone, or after waiting the whole time for the lock, every batch fails
      // with it (trying again would wait as long once more); otherwise each is tried on its own, so only the ones at fault fail.
      if (batches.length === 1 || String(error && error.code).startsWith('SQLITE_BUSY')) return answer(batches, batches.map(() => messageOf(error)));
      answer(batches, batches.map(({ queries }) => {
        try {
          whenUnlocked(() => runBatch.immediate(queries));
          return undefined;
        } catch (error) {
          return messageOf(error);
        }
      }));
    }
  };
  parentPort.on('message', (first) => {
    const batches = [first];
    for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort)) batches.push(next.message);
    const writes = batches.filter(({ queries }) => queries.length > 0);
    if (writes.length > 0) commit(writes);
    // Requests to sync the log (no statements) get an fsync of their own: a commit that changed nothing (its
    // batches all failed) would not have synced anything.
    const syncs = batches.filter(({ queries }) => queries.length === 0);
    if (syncs.length === 0) return;
    try {
      syncLog();
      answer(syncs, []);
    } catch (error) {
      answer(syncs, syncs.map(() => messageOf(error)));
    }
  });
  setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.checkpointIntervalMs);
`;

/**
 * Commits batches of compiled statements, each atomically, resolving once on disk. An empty batch commits
 * nothing and resolves once the log is on disk: what other connections committed before it is then durable.
 */
export interface BatchWriter {
  write(queries: Pick<CompiledQuery, 'sql' | 'parameters'>[]): Promise<void>;
  close(): Promise<void>;
}

const reasonOf = (error: unknown): string => String((error as { message?: unknown } | null)?.message ?? error);

/** A thread that stops this soon after its start is not started again for as long: a store it cannot open would spin. */
const RESTART_PAUSE_MS = 1000;

export class SqliteWriter implements BatchWriter {
  #worker: Worker | null = null;
  /** Why the last thread stopped: what writes made while none runs fail with, at once. */
  #stopped = new Error('the store writer thread stopped');
  #restart: NodeJS.Timeout | undefined;
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #closing = false;

  constructor(private readonly file: string) {
    this.#start();
  }

  #start(): void {
    const startedAt = Date.now();
    let cause: unknown;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file: this.file, driver, checkpointIntervalMs: CHECKPOINT_INTERVAL_MS } });
    worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiting = this.#pending.get(id);
      this.#pending.delete(id);
      if (this.#pending.size === 0) worker.unref();
      if (error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(error));
    });
    worker.on('error', (error) => {
      cause = error;
    });
    worker.on('exit', () => {
      this.#worker = null;
      // Whatever it was writing is not known to be committed: those requests fail, saying why it stopped.
      this.#stopped = new Error(`the store writer thread stopped${cause === undefined ? '' : `: ${reasonOf(cause)}`}`);
      for (const waiting of this.#pending.values()) waiting.reject(this.#stopped);
      this.#pending.clear();
      if (this.#closing) return;
      if (Date.now() - startedAt >= RESTART_PAUSE_MS) return this.#start();
      this.#restart = setTimeout(() => this.#start(), RESTART_PAUSE_MS);
      this.#restart.unref();
    });
    // Only waiting writes keep the process alive; the checkpoint timer does not.
    worker.unref();
    this.#worker = worker;
  }

  /** Runs the statements in one transaction; resolves once it is committed (on disk). */
  write(queries: Pick<CompiledQuery, 'sql' | 'parameters'>[]): Promise<void> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    if (this.#pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, queries: queries.map((q) => ({ sql: q.sql, parameters: q.parameters })) });
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#restart);
    await this.#worker?.terminate();
  }
}
