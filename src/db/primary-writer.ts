/**
 * With `--workers N` on the embedded store, one writer serves every process: the primary's writer thread.
 * SQLite lets one connection write at a time. When each worker had a writer thread of its own, they took
 * turns for the lock (polling while they waited) and each paid its own fsync; the lock, not the cores, set
 * the pace. Workers now send their batches to the primary over the cluster channel, and its thread commits
 * what every worker sent in the meantime with one fsync. A batch is acknowledged only after that commit.
 */
import cluster from 'node:cluster';
import type { CompiledQuery } from 'kysely';
import { isMessageOfType } from '../shared/process-messages.ts';
import { SqliteWriter, type BatchWriter } from './sqlite-writer.ts';

const WRITE = 'healthcode:write';
const WRITTEN = 'healthcode:written';

interface WriteMessage {
  type: typeof WRITE;
  id: number;
  queries: Pick<CompiledQuery, 'sql' | 'parameters'>[];
}

interface WrittenMessage {
  type: typeof WRITTEN;
  id: number;
  error?: string;
}

/** In the cluster primary: commits the workers' batches through one writer thread. */
export function writeForWorkers(file: string): SqliteWriter {
  const writer = new SqliteWriter(file);
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessageOfType<WriteMessage>(message, WRITE)) return;
    void writer.write(message.queries).then(
      () => worker.isConnected() && worker.send({ type: WRITTEN, id: message.id } satisfies WrittenMessage),
      (error: Error) => worker.isConnected() && worker.send({ type: WRITTEN, id: message.id, error: error.message } satisfies WrittenMessage),
    );
  });
  return writer;
}

/** In a cluster worker: writes batches through the primary's writer. */
export class PrimaryWriter implements BatchWriter {
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextId = 0;

  readonly #onMessage = (message: unknown) => {
    if (!isMessageOfType<WrittenMessage>(message, WRITTEN)) return;
    const waiting = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    if (message.error === undefined) waiting?.resolve();
    else waiting?.reject(new Error(message.error));
  };

  // Without the primary nothing sent is known to be committed: those writes fail (and this worker is ending).
  readonly #onDisconnect = () => this.#failPending(new Error('the primary process is gone'));

  constructor() {
    process.on('message', this.#onMessage);
    process.once('disconnect', this.#onDisconnect);
  }

  write(queries: Pick<CompiledQuery, 'sql' | 'parameters'>[]): Promise<void> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const message: WriteMessage = { type: WRITE, id, queries: queries.map((q) => ({ sql: q.sql, parameters: q.parameters })) };
      process.send!(message, undefined, undefined, (error) => {
        if (!error) return;
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  async close(): Promise<void> {
    process.off('message', this.#onMessage);
    process.off('disconnect', this.#onDisconnect);
    this.#failPending(new Error('the store is closed'));
  }

  #failPending(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}
