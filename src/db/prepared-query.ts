/**
 * A query built and compiled once per store, then run with new values. Kysely builds and compiles every
 * query anew, which costs three times what the primary-key read itself does (about 30 µs against 8 µs
 * measured on a session lookup); the hot paths' reads (session, person, status, venue) are the same
 * statement every time, and on a cold cache every request pays for several of them. A declaration ran a
 * dozen such statements in its transaction, and building them was a fifth of its time on the event loop.
 *
 * `build` is called with a stand-in value for each parameter; each must reach the compiled query as one
 * bound parameter (which Kysely does for every value), and that is checked on first use. An array parameter
 * is a list (`in`): one bound value per element, so the query is compiled once per length of its lists.
 * A transaction opened with `inTransaction` uses its store's compiled queries. On PostgreSQL these statements
 * are also prepared there, by name (`named-statements.ts`).
 */
import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './database.ts';
import { nameStatement } from './named-statements.ts';
import { storeOf } from './transactions.ts';

interface Template {
  sql: string;
  parameters: readonly unknown[];
  /** Where in `parameters` each of the caller's values goes, lists spread. */
  slots: number[];
}

/** Shapes (lengths of lists, numbers of rows) whose statements are kept per store and query. */
const SHAPES_KEPT = 64;

/** The templates of one query, per store and shape, each compiled by `compile` on first use. */
function templateCache<A>(compile: (store: Executor, args: A) => Template): (db: Executor, shape: string, args: A) => Template {
  const templates = new WeakMap<Executor, Map<string, Template>>();
  return (db, shape, args) => {
    const store = storeOf(db);
    let byShape = templates.get(store);
    if (!byShape) templates.set(store, (byShape = new Map()));
    let template = byShape.get(shape);
    if (!template) {
      template = compile(store, args);
      if (byShape.size >= SHAPES_KEPT) byShape.clear();
      byShape.set(shape, template);
    }
    return template;
  };
}

/** The template of `compiled`, whose parameters hold each of `standIns` once. */
function templateOf(compiled: CompiledQuery, standIns: string[], what: string): Template {
  const slots = standIns.map((standIn) => compiled.parameters.indexOf(standIn));
  if (slots.some((slot) => slot === -1 || compiled.parameters.indexOf(compiled.parameters[slot], slot + 1) !== -1)) {
    throw new Error(`${what} must be bound exactly once in: ${compiled.sql}`);
  }
  return { sql: compiled.sql, parameters: compiled.parameters, slots };
}

export function preparedQuery<P extends unknown[], O>(build: (db: Executor, ...params: P) => Compilable<O>): (db: Executor, ...params: P) => Promise<O[]> {
  const templateFor = templateCache((store, params: P) => {
    const standIns = params.map((param, i) => (Array.isArray(param) ? param.map((_, j) => `\u0000prepared-${i}-${j}\u0000`) : `\u0000prepared-${i}\u0000`));
    const template = templateOf(build(store, ...(standIns as P)).compile(), standIns.flat(), 'preparedQuery: each parameter');
    // Not those with lists: a statement per length of its lists would be kept on every connection.
    if (!params.some(Array.isArray)) nameStatement(template.sql);
    return template;
  });
  return async (db, ...params) => {
    // Which parameters are lists is fixed by the query; their lengths are its shape.
    let shape = '';
    for (const param of params) if (Array.isArray(param)) shape += `${param.length},`;
    const { sql, parameters, slots } = templateFor(db, shape, params);
    const values = parameters.slice();
    let slot = 0;
    for (const param of params) {
      if (Array.isArray(param)) for (const value of param) values[slots[slot++]!] = value;
      else values[slots[slot++]!] = param;
    }
    return (await db.executeQuery(CompiledQuery.raw(sql, values) as CompiledQuery<O>)).rows;
  };
}

/**
 * A statement over many rows (a group commit's insert), compiled once per store and number of rows, then
 * given each batch's values. Kysely built every batch's statement anew, row by row: 6–8 % of the event loop
 * under check-ins in a CPU profile. `columnSet` names every column of a row (a type error otherwise: one left out
 * would silently not be stored). `build` is called with stand-in rows; each of their columns must reach the
 * compiled statement as one bound parameter, which is checked on first use. `build` may compile a raw `sql`
 * statement itself (`sql`…`.compile(db)`).
 */
export function preparedRows<R>(columnSet: Record<keyof R & string, true>, build: (db: Executor, rows: R[]) => Compilable | CompiledQuery): (db: Executor, rows: R[]) => CompiledQuery {
  const columns = Object.keys(columnSet) as (keyof R & string)[];
  const templateFor = templateCache((store, count: number) => {
    const standIns = Array.from({ length: count }, (_, row) => columns.map((column) => `\u0000prepared-row-${row}-${column}\u0000`));
    const rows = standIns.map((values) => Object.fromEntries(columns.map((column, i) => [column, values[i]])) as R);
    const built = build(store, rows);
    return templateOf('compile' in built ? built.compile() : built, standIns.flat(), 'preparedRows: each column');
  });
  return (db, rows) => {
    const { sql, parameters, slots } = templateFor(db, String(rows.length), rows.length);
    const values = parameters.slice();
    let slot = 0;
    for (const row of rows) for (const column of columns) values[slots[slot++]!] = row[column];
    return CompiledQuery.raw(sql, values);
  };
}
