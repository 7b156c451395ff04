/**
 * The hot reads as named prepared statements on PostgreSQL. An unnamed statement is parsed and planned
 * again on every execution: in PostgreSQL's log the session lookup took 0.38 ms of its time for that against
 * 0.04 ms to run, and with the cold reads of check-ins most of PostgreSQL's CPU went there. A named one is
 * parsed once per connection and its plan kept.
 *
 * Only statements marked by `preparedQuery` (the reads of the hot paths, by a single value each: a
 * statement for every length of a list would pile up on every connection) are named, and only outside a
 * transaction: a prepared `select *` fails with "cached plan must not change result type"
 * once a migration adds a column (a newer version starting beside this one, in a rolling upgrade). Outside
 * a transaction that failure changed nothing, so the statement is prepared again under a new name and run.
 */
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const names = new Map<string, string>();

/** Runs `sql` as a named prepared statement on PostgreSQL from now on. */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `hc_${names.size}`);
}

interface ConnectionState {
  inTransaction: boolean;
  /** Bumped when a prepared statement's result no longer fits: the next ones are prepared afresh. */
  generation: number;
}

const states = new WeakMap<pg.PoolClient, ConnectionState>();
const PLAN_CHANGED_RESULT = '0A000';

export function withNamedStatements(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let state = states.get(client);
      if (!state) states.set(client, (state = { inTransaction: false, generation: 0 }));
      const connection = state;
      const run = async <R>(sql: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
        const name = connection.inTransaction ? undefined : names.get(sql);
        // Kysely opens and ends transactions with these statements, on the connection it holds for them.
        if (sql === 'begin' || sql.startsWith('start transaction')) connection.inTransaction = true;
        else if (sql === 'commit' || sql === 'rollback') connection.inTransaction = false;
        if (!name) return (await client.query(sql, values as unknown[])) as unknown as PostgresQueryResult<R>;
        const named = () => client.query({ name: `${name}_${connection.generation}`, text: sql, values: values as unknown[] }) as unknown as Promise<PostgresQueryResult<R>>;
        try {
          return await named();
        } catch (error) {
          if ((error as { code?: string }).code !== PLAN_CHANGED_RESULT) throw error;
          connection.generation++;
          return await named();
        }
      };
      return { query: run, release: () => client.release() } as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
