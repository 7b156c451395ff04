/**
 * A query built and compiled once per store, then run with new values. Kysely builds and compiles every
 * query anew, which costs three times what the primary-key read itself does (about 30 µs against 8 µs
 * measured on a session lookup); the hot paths' reads (session, person, status, venue) are the same
 * statement every time, and on a cold cache every request pays for several of them.
 *
 * `build` is called once per store with a stand-in value for each parameter; each must reach the compiled
 * query as one bound parameter (which Kysely does for every value), and that is checked on first use.
 * Inside a transaction the query is built as usual.
 */
import { CompiledQuery, type Compilable } from 'kysely';
import type { Db, Executor } from './database.ts';

interface Template {
  sql: string;
  parameters: readonly unknown[];
  /** Where in `parameters` each of the caller's values goes. */
  slots: number[];
}

export function preparedQuery<P extends unknown[], O>(build: (db: Executor, ...params: P) => Compilable<O>): (db: Executor, ...params: P) => Promise<O[]> {
  const templates = new WeakMap<Db, Template>();
  const templateFor = (db: Db): Template => {
    let template = templates.get(db);
    if (!template) {
      const standIns = Array.from({ length: build.length - 1 }, (_, i) => `\u0000prepared-parameter-${i}\u0000`);
      const compiled = build(db, ...(standIns as P)).compile();
      const slots = standIns.map((standIn) => compiled.parameters.indexOf(standIn));
      if (slots.some((slot, i) => slot === -1 || compiled.parameters.lastIndexOf(standIns[i]) !== slot)) {
        throw new Error(`preparedQuery: each parameter must be bound exactly once in: ${compiled.sql}`);
      }
      template = { sql: compiled.sql, parameters: compiled.parameters, slots };
      templates.set(db, template);
    }
    return template;
  };
  return async (db, ...params) => {
    if (db.isTransaction) return (await db.executeQuery(build(db, ...params))).rows;
    const { sql, parameters, slots } = templateFor(db as Db);
    const values = parameters.slice();
    slots.forEach((slot, i) => (values[slot] = params[i]));
    return (await db.executeQuery(CompiledQuery.raw(sql, values) as CompiledQuery<O>)).rows;
  };
}

/** Row counts whose statements are kept per store: group commits come in a narrow range of sizes. */
const ROW_COUNTS_KEPT = 64;

/**
 * A statement over many rows (a group commit's insert), compiled once per store and number of rows, then
 * given each batch's values. Kysely built every batch's statement anew, row by row: 6–8 % of the event loop
 * under check-ins in a CPU profile. `build` is called with stand-in rows; each of their `columns` must reach
 * the compiled statement as one bound parameter, which is checked on first use.
 */
export function preparedRows<R>(columns: readonly (keyof R & string)[], build: (db: Executor, rows: R[]) => Compilable): (db: Executor, rows: R[]) => CompiledQuery {
  const templates = new WeakMap<Executor, Map<number, Template>>();
  return (db, rows) => {
    let byCount = templates.get(db);
    if (!byCount) templates.set(db, (byCount = new Map()));
    let template = byCount.get(rows.length);
    if (!template) {
      const standIns = rows.map((_, row) => columns.map((column) => `\u0000prepared-row-${row}-${column}\u0000`));
      const compiled = build(db, standIns.map((values) => Object.fromEntries(columns.map((column, i) => [column, values[i]])) as R)).compile();
      const slots = standIns.flat().map((standIn) => compiled.parameters.indexOf(standIn));
      if (slots.some((slot) => slot === -1 || compiled.parameters.indexOf(compiled.parameters[slot], slot + 1) !== -1)) {
        throw new Error(`preparedRows: each column must be bound exactly once in: ${compiled.sql}`);
      }
      if (byCount.size >= ROW_COUNTS_KEPT) byCount.clear();
      template = { sql: compiled.sql, parameters: compiled.parameters, slots };
      byCount.set(rows.length, template);
    }
    const values = template.parameters.slice();
    let slot = 0;
    for (const row of rows) for (const column of columns) values[template.slots[slot++]!] = row[column];
    return CompiledQuery.raw(template.sql, values);
  };
}

