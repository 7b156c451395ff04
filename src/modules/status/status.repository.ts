import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import { asOneStatement, type Executor } from '../../db/database.ts';
import { nameStatement } from '../../db/named-statements.ts';
import { preparedQuery, preparedRows } from '../../db/prepared-query.ts';
import type { PersonStatusTable, StatusHistoryTable } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';
import { regionPrefix, type ContactAnswer, type Facts, type OverrideColour, type RiskLevel, type Symptom } from '../rules/rules.engine.ts';

export type StoredStatusRow = PersonStatusTable;

/** Risk areas in force at `at` or later. */
export const riskAreasNotEndedAt = preparedQuery((db: Executor, at: number) =>
  db
    .selectFrom('risk_areas')
    .select(['id', 'region_code', 'level', 'valid_from', 'valid_to'])
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])),
);
/** The columns the engine reads of each kind of fact, whichever way they are read (below). */
const FACT_COLUMNS = {
  declarations: ['person_id', 'id', 'declared_at', 'temperature_tenths', 'symptoms', 'region_code', 'visited_regions', 'contact_with_case', 'arrived_from_abroad', 'marked_false_at'],
  cases: ['person_id', 'id', 'kind', 'opened_at', 'closed_at'],
  close_contacts: ['person_id', 'id', 'last_contact_at'],
  popups: ['person_id', 'id', 'type', 'reason', 'triggered_at', 'lifted_at'],
  lab_results: ['person_id', 'id', 'sampled_at', 'result'],
  latest_stays: ['person_id', 'checkin_id', 'checked_in_at', 'region_code'],
  overrides: ['person_id', 'id', 'status', 'reason', 'approved_at', 'expires_at'],
} as const;

const declarationsOf = preparedQuery((db: Executor, personIds: string[], since: number) =>
  db.selectFrom('declarations').select(FACT_COLUMNS.declarations).where('person_id', 'in', personIds).where('declared_at', '>=', since),
);
const casesOf = preparedQuery((db: Executor, personIds: string[]) => db.selectFrom('cases').select(FACT_COLUMNS.cases).where('person_id', 'in', personIds));
const closeContactsOf = preparedQuery((db: Executor, personIds: string[]) => db.selectFrom('close_contacts').select(FACT_COLUMNS.close_contacts).where('person_id', 'in', personIds));
const popupsOf = preparedQuery((db: Executor, personIds: string[]) => db.selectFrom('popups').select(FACT_COLUMNS.popups).where('person_id', 'in', personIds));
const labResultsOf = preparedQuery((db: Executor, personIds: string[]) => db.selectFrom('lab_results').select(FACT_COLUMNS.lab_results).where('person_id', 'in', personIds));
/** Stays since `since` in places matching any of `regionPatterns` (LIKE patterns). */
const staysOf = preparedQuery((db: Executor, personIds: string[], since: number, regionPatterns: string[]) =>
  db
    .selectFrom('latest_stays')
    .select(FACT_COLUMNS.latest_stays)
    .where('person_id', 'in', personIds)
    .where('checked_in_at', '>=', since)
    .where((eb) => eb.or(regionPatterns.map((pattern) => eb('region_code', 'like', pattern)))),
);
const storedStatuses = preparedQuery((db: Executor, personIds: string[]) => db.selectFrom('person_status').selectAll().where('person_id', 'in', personIds));
const overridesOf = preparedQuery((db: Executor, personIds: string[]) =>
  db.selectFrom('overrides').select(FACT_COLUMNS.overrides).where('person_id', 'in', personIds).where('approved_at', 'is not', null),
);

interface FactRows {
  declarations: Awaited<ReturnType<typeof declarationsOf>>;
  cases: Awaited<ReturnType<typeof casesOf>>;
  close_contacts: Awaited<ReturnType<typeof closeContactsOf>>;
  popups: Awaited<ReturnType<typeof popupsOf>>;
  lab_results: Awaited<ReturnType<typeof labResultsOf>>;
  latest_stays: Awaited<ReturnType<typeof staysOf>>;
  overrides: Awaited<ReturnType<typeof overridesOf>>;
  risk_areas: Awaited<ReturnType<typeof riskAreasNotEndedAt>>;
  person_status: StoredStatusRow[];
}

const STATUS_COLUMNS = { person_id: true, status: true, reasons: true, rule_set_version: true, computed_at: true, reevaluate_at: true } as const satisfies Record<keyof StoredStatusRow, true>;

/**
 * PostgreSQL: the reads in one statement, each kind of fact (and the risk areas, and the people's stored
 * statuses) as a JSON array, with the people as one array parameter ($1), the time since which declarations
 * and stays count ($2) and the time at which risk areas must still be in force ($3, as `riskAreasNotEndedAt`).
 * One round trip instead of nine (seven kinds of fact, the areas, the statuses), which a transaction (a
 * declaration's) made one after another, each a wake-up of a PostgreSQL process. Which stays lie in a risk
 * area is decided after the read (`inRiskPlaces`), since the areas come with it.
 */
const FACTS_IN_ONE_STATEMENT = (() => {
  const columns: Record<keyof FactRows, readonly string[]> = { ...FACT_COLUMNS, risk_areas: ['id', 'region_code', 'level', 'valid_from', 'valid_to'], person_status: Object.keys(STATUS_COLUMNS) };
  const where: Record<keyof FactRows, string> = {
    declarations: 'person_id = any($1) and declared_at >= $2',
    cases: 'person_id = any($1)',
    close_contacts: 'person_id = any($1)',
    popups: 'person_id = any($1)',
    lab_results: 'person_id = any($1)',
    latest_stays: 'person_id = any($1) and checked_in_at >= $2',
    overrides: 'person_id = any($1) and approved_at is not null',
    risk_areas: 'valid_to is null or valid_to > $3',
    person_status: 'person_id = any($1)',
  };
  const lists = Object.entries(where).map(
    ([table, condition]) => `(select coalesce(json_agg(item), '[]') from (select ${columns[table as keyof FactRows].join(', ')} from ${table} where ${condition}) as item) as ${table}`,
  );
  return `select ${lists.join(',\n  ')}`;
})();
nameStatement(FACTS_IN_ONE_STATEMENT);

/** What the places of the risk areas start with: a stay counts where its place starts with one of them. */
const riskPlacePrefixes = (areas: FactRows['risk_areas']): string[] => [...new Set(areas.map((area) => regionPrefix(area.region_code)))];
const inRiskPlaces = (regionCode: string, prefixes: string[]): boolean => prefixes.some((prefix) => regionCode.startsWith(prefix));

async function factRows(db: Executor, personIds: string[], since: number, riskAreasSince: number, withStatuses: boolean): Promise<FactRows> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await db.executeQuery(CompiledQuery.raw(FACTS_IN_ONE_STATEMENT, [personIds, since, riskAreasSince]) as CompiledQuery<FactRows>);
    const read = rows[0]!;
    const prefixes = riskPlacePrefixes(read.risk_areas);
    return { ...read, latest_stays: read.latest_stays.filter((stay) => inRiskPlaces(stay.region_code, prefixes)) };
  }
  const risk_areas = await riskAreasNotEndedAt(db, riskAreasSince);
  // Check-ins matter to the engine only where they were in a risk area: the others are not read at all.
  const riskPatterns = riskPlacePrefixes(risk_areas).map((prefix) => `${prefix}%`);
  const [declarations, cases, close_contacts, popups, lab_results, latest_stays, overrides, person_status] = await Promise.all([
    declarationsOf(db, personIds, since),
    casesOf(db, personIds),
    closeContactsOf(db, personIds),
    popupsOf(db, personIds),
    labResultsOf(db, personIds),
    riskPatterns.length === 0 ? [] : staysOf(db, personIds, since, riskPatterns),
    overridesOf(db, personIds),
    withStatuses ? storedStatuses(db, personIds) : [],
  ]);
  return { declarations, cases, close_contacts, popups, lab_results, latest_stays, overrides, risk_areas, person_status };
}

/**
 * Everything the engine needs about each of `personIds` at `at`, and (`withStatuses`) their stored statuses,
 * in nine queries however many (one on PostgreSQL, which reads the statuses either way); declarations and
 * check-ins from `declarationsSince` on.
 */
async function readFacts(db: Executor, personIds: string[], declarationsSince: number, riskAreasSince: number, at: number, withStatuses: boolean): Promise<{ facts: Map<string, Facts>; stored: Map<string, StoredStatusRow> }> {
  const rows = await factRows(db, personIds, declarationsSince, riskAreasSince, withStatuses);
  const { declarations, cases, close_contacts: closeContacts, popups, lab_results: labResults, latest_stays: visits, overrides, risk_areas: riskAreas } = rows;
  const areas = riskAreas.map((r) => ({ id: r.id, regionCode: r.region_code, level: r.level as RiskLevel, validFrom: r.valid_from, validTo: r.valid_to }));
  const facts = new Map<string, Facts>(personIds.map((id) => [id, { declarations: [], cases: [], closeContacts: [], popups: [], labResults: [], riskAreas: areas, visits: [], overrides: [] }]));
  const of = (personId: string) => facts.get(personId)!;
  for (const d of declarations) {
    of(d.person_id).declarations.push({
      id: d.id,
      at: d.declared_at,
      temperatureCelsius: d.temperature_tenths / 10,
      symptoms: JSON.parse(d.symptoms) as Symptom[],
      regionCode: d.region_code,
      visitedRegions: JSON.parse(d.visited_regions) as string[],
      contactWithCase: d.contact_with_case as ContactAnswer,
      arrivedFromAbroad: d.arrived_from_abroad === 1,
      markedFalseAt: d.marked_false_at,
    });
  }
  for (const c of cases) of(c.person_id).cases.push({ id: c.id, kind: c.kind as 'confirmed' | 'suspected', openedAt: c.opened_at, closedAt: c.closed_at });
  for (const c of closeContacts) of(c.person_id).closeContacts.push({ id: c.id, lastContactAt: c.last_contact_at });
  for (const p of popups) of(p.person_id).popups.push({ id: p.id, type: p.type as 'A' | 'B', reason: p.reason, triggeredAt: p.triggered_at, liftedAt: p.lifted_at });
  for (const l of labResults) of(l.person_id).labResults.push({ id: l.id, sampledAt: l.sampled_at, result: l.result as 'negative' | 'positive' });
  // A stay already stored happened by now, even if the clock of the machine that recorded it runs ahead.
  for (const v of visits) of(v.person_id).visits.push({ id: v.checkin_id, at: Math.min(v.checked_in_at, at), regionCode: v.region_code });
  for (const o of overrides) of(o.person_id).overrides.push({ id: o.id, status: o.status as OverrideColour, reason: o.reason, approvedAt: o.approved_at!, expiresAt: o.expires_at });
  return { facts, stored: new Map(rows.person_status.map((row) => [row.person_id, row])) };
}

/** Everything the engine needs about each of `personIds` at `at`; declarations and check-ins from `declarationsSince` on. */
export async function loadFactsFor(db: Executor, personIds: string[], declarationsSince: number, riskAreasSince: number, at: number): Promise<Map<string, Facts>> {
  return (await readFacts(db, personIds, declarationsSince, riskAreasSince, at, false)).facts;
}

/** As `loadFactsFor`, with the people's stored statuses (by person; someone with none is not in it) read together. */
export async function loadFactsAndStatuses(db: Executor, personIds: string[], declarationsSince: number, riskAreasSince: number, at: number): Promise<{ facts: Map<string, Facts>; stored: Map<string, StoredStatusRow> }> {
  return readFacts(db, personIds, declarationsSince, riskAreasSince, at, true);
}

const storedStatus = preparedQuery((db: Executor, personId: string) => db.selectFrom('person_status').selectAll().where('person_id', '=', personId));

export async function findStoredStatus(db: Executor, personId: string): Promise<StoredStatusRow | undefined> {
  return (await storedStatus(db, personId))[0];
}

const saveStatusesQuery = preparedRows<StoredStatusRow>(STATUS_COLUMNS, (db, rows) =>
  db
    .insertInto('person_status')
    .values(rows)
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        reasons: eb.ref('excluded.reasons'),
        rule_set_version: eb.ref('excluded.rule_set_version'),
        computed_at: eb.ref('excluded.computed_at'),
        reevaluate_at: eb.ref('excluded.reevaluate_at'),
      })),
    ),
);

/** A person's status history, latest first, a page at a time (ids are made from the time of the change). */
export async function listStatusHistory(db: Executor, personId: string, page: { before?: string; limit: number }): Promise<StatusHistoryTable[]> {
  let query = db.selectFrom('status_history').selectAll().where('person_id', '=', personId).orderBy('id', 'desc').limit(page.limit);
  if (page.before) query = query.where('id', '<', page.before);
  return query.execute();
}

/** Deletes up to `limit` past statuses decided before `cutoff`, by their time-ordered key. */
export interface StatusHistoryEntry {
  personId: string;
  at: number;
  status: string;
  reasons: string;
  ruleSetVersion: string;
}

const HISTORY_COLUMNS = { id: true, person_id: true, at: true, status: true, reasons: true, rule_set_version: true } as const satisfies Record<keyof StatusHistoryTable, true>;
const appendHistoryQuery = preparedRows<StatusHistoryTable>(HISTORY_COLUMNS, (db, rows) => db.insertInto('status_history').values(rows));

/**
 * Stores many statuses, and a history row for each of `changes`: on PostgreSQL in one statement (neither part
 * reads what the other writes), a round trip fewer in a declaration's transaction.
 */
export async function storeStatuses(db: Executor, rows: StoredStatusRow[], changes: StatusHistoryEntry[]): Promise<void> {
  const history = changes.map((e) => ({ id: newId(e.at), person_id: e.personId, at: e.at, status: e.status, reasons: e.reasons, rule_set_version: e.ruleSetVersion }));
  const queries = [...(history.length > 0 ? [appendHistoryQuery(db, history)] : []), ...(rows.length > 0 ? [saveStatusesQuery(db, rows)] : [])];
  if (queries.length === 0) return;
  if (db.getExecutor().adapter instanceof PostgresAdapter) await db.executeQuery(asOneStatement(queries));
  else for (const query of queries) await db.executeQuery(query);
}

/** A history entry stored only if the person's stored status was computed at `read_at`. */
type HistoryUnlessChanged = StatusHistoryTable & { read_at: number };
/** A status stored only if the one stored was computed at `read_at`. */
type StatusUnlessChanged = StoredStatusRow & { read_at: number };

const bigint = (value: unknown) => sql`cast(${value} as bigint)`;
// Compiled once per number of rows (a recompute's batches all hold 500): built by Kysely each time, their
// thousands of values were an eighth of the event loop's time in a bulk recompute.
const historyUnlessChangedQuery = preparedRows<HistoryUnlessChanged>(
  { id: true, person_id: true, at: true, status: true, reasons: true, rule_set_version: true, read_at: true },
  // VALUES columns are column1, column2 … in both SQLite and PostgreSQL. CROSS JOIN makes SQLite walk the
  // values and look each person up, instead of scanning every status for the values (a million rows).
  (db, rows) => {
    const values = sql.join(rows.map((e) => sql`(${e.id}, ${e.person_id}, ${bigint(e.at)}, ${e.status}, ${e.reasons}, ${e.rule_set_version}, ${bigint(e.read_at)})`));
    return sql`insert into status_history (id, person_id, at, status, reasons, rule_set_version)
      select v.column1, v.column2, v.column3, v.column4, v.column5, v.column6 from (values ${values}) as v
      cross join person_status where person_status.person_id = v.column2 and person_status.computed_at = v.column7`.compile(db);
  },
);
const statusesUnlessChangedQuery = preparedRows<StatusUnlessChanged>(
  { person_id: true, read_at: true, status: true, reasons: true, rule_set_version: true, computed_at: true, reevaluate_at: true },
  // `+v.column2` is not a column to SQLite's planner, so it does not index the values by it (they nearly all
  // share one) and instead walks them, looking each person up by key.
  (db, rows) => {
    const values = sql.join(rows.map((r) => sql`(${r.person_id}, ${bigint(r.read_at)}, ${r.status}, ${r.reasons}, ${r.rule_set_version}, ${bigint(r.computed_at)}, ${bigint(r.reevaluate_at)})`));
    return sql`update person_status set status = v.column3, reasons = v.column4, rule_set_version = v.column5, computed_at = v.column6, reevaluate_at = v.column7
      from (values ${values}) as v
      where person_status.person_id = v.column1 and person_status.computed_at = +v.column2`.compile(db);
  },
);

/**
 * The statements that store recomputed statuses (and their history entries) only where the stored row is
 * still the one read: its `computed_at` is the one in `readAt`. People absent from `readAt` are left out.
 * With `lock`, the rows are locked first (PostgreSQL), so that the history and the status agree.
 */
export function storeUnlessChangedQueries(db: Executor, rows: StoredStatusRow[], changes: StatusHistoryEntry[], readAt: Map<string, number>, options: { lock: boolean }): CompiledQuery[] {
  const stored = rows.filter((row) => readAt.has(row.person_id));
  if (stored.length === 0) return [];
  const queries: CompiledQuery[] = [];
  if (options.lock) queries.push(db.selectFrom('person_status').select('person_id').where('person_id', 'in', stored.map((row) => row.person_id)).forUpdate().compile());
  const logged = changes.filter((change) => readAt.has(change.personId));
  if (logged.length > 0) {
    const entries = logged.map((e) => ({ id: newId(e.at), person_id: e.personId, at: e.at, status: e.status, reasons: e.reasons, rule_set_version: e.ruleSetVersion, read_at: readAt.get(e.personId)! }));
    queries.push(historyUnlessChangedQuery(db, entries));
  }
  queries.push(statusesUnlessChangedQuery(db, stored.map((row) => ({ ...row, read_at: readAt.get(row.person_id)! }))));
  return queries;
}
