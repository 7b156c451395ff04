/**
 * Opens the store: embedded SQLite (a file under the data directory) by default, PostgreSQL when
 * DATABASE_URL is set. Services never see which; they get a Kysely instance and use only SQL that
 * both dialects run.
 */
import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { EmbeddedDialect, withStatementCache } from './embedded-dialect.ts';
import { withNamedStatements } from './named-statements.ts';
import { PrimaryWriter } from './primary-writer.ts';
import { SqliteWriter } from './sqlite-writer.ts';

export type Db = Kysely<Database>;
/** What repositories accept: the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';

// int8 columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface StoreOptions {
  databaseUrl?: string;
  /** PostgreSQL connections in the pool (10 unless given). */
  poolSize?: number;
  /** SQLite file; ':memory:' for a private in-memory database. */
  sqliteFile?: string;
}

export interface Store {
  db: Db;
  dialect: DialectName;
  /**
   * Runs compiled statements in one transaction, resolving once committed: a bulk recompute's batches use it.
   * On an embedded file it runs in the writer thread, off the event loop; otherwise as an ordinary transaction.
   */
  writeBatch: (queries: CompiledQuery[]) => Promise<void>;
  /**
   * The same for statements none of which reads what another writes (a group commit's inserts and the
   * like). On PostgreSQL they go as one statement: atomic without BEGIN and COMMIT, one round trip to the
   * server instead of one per statement and two more, each waiting its turn on a busy event loop.
   */
  commitGroup: (queries: CompiledQuery[]) => Promise<void>;
}

/**
 * Statements as one PostgreSQL statement, each a data-modifying WITH query, their `$n` placeholders
 * renumbered. They all see the database as it was when the statement began, so none may read another's writes.
 */
export function asOneStatement(queries: CompiledQuery[]): CompiledQuery {
  if (queries.length === 1) return queries[0]!;
  const parameters: unknown[] = [];
  const parts = queries.map((query, i) => {
    const offset = parameters.length;
    parameters.push(...query.parameters);
    return `q${i} as (${query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return CompiledQuery.raw(`with ${parts.join(', ')} select 1`, parameters);
}

export function openDatabase(options: StoreOptions): Store {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection closed by the server (restart, failover) is dropped by the pool and replaced on the
    // next query; without a listener it would be an uncaught error that stops the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
    return {
      db,
      dialect: 'postgres',
      writeBatch: (queries) => writeInTransaction(db, queries),
      commitGroup: async (queries) => void (await db.executeQuery(asOneStatement(queries))),
    };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, even if the machine loses power. A transaction
  // commits without the fsync and waits for the writer thread's instead, off the event loop (embedded-dialect.ts).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Never wait for another connection's lock here: SQLite would sleep on the event loop. The dialect waits
  // instead, asynchronously (see embedded-dialect.ts).
  sqlite.pragma('busy_timeout = 0');
  // A private in-memory database cannot be opened by a second connection, so it has no writer thread. A
  // cluster worker writes through the primary's (see primary-writer.ts).
  const writer = file === ':memory:' ? null : cluster.isWorker ? new PrimaryWriter() : new SqliteWriter(file);
  // The writer thread checkpoints; a commit here must not (it blocked the event loop for up to a quarter of a second).
  if (writer) sqlite.pragma('wal_autocheckpoint = 0');
  const syncLog = writer ? () => writer.write([]) : undefined;
  const db = new Kysely<Database>({ dialect: new EmbeddedDialect({ database: withStatementCache(sqlite, () => void writer?.close()) }, syncLog) });
  const writeBatch = writer ? (queries: CompiledQuery[]) => writer.write(queries) : (queries: CompiledQuery[]) => writeInTransaction(db, queries);
  return { db, dialect: 'sqlite', writeBatch, commitGroup: writeBatch };
}

async function writeInTransaction(db: Db, queries: CompiledQuery[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const query of queries) await trx.executeQuery(query);
  });
}
