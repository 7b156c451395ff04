import { sql, type CompiledQuery } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { preparedRows } from '../../db/prepared-query.ts';
import type { CheckinsTable, LatestStaysTable } from '../../db/schema.ts';

export type CheckinRow = CheckinsTable;
/**
 * A check-in to store, with its venue's region: the person's latest stay there is kept with it. When a
 * risk area covers the place (`status_due`), the person's stored status is marked due in the same commit,
 * so that it is recomputed at the next read even if the recompute after the commit never happens.
 */
export type NewCheckin = CheckinRow & { region_code: string; status_due?: boolean };

const CHECKIN_COLUMNS = { id: true, venue_id: true, person_id: true, checked_in_at: true, method: true, recorded_by_account_id: true, status: true } as const satisfies Record<keyof CheckinRow, true>;
const insertCheckinRows = preparedRows<CheckinRow>(CHECKIN_COLUMNS, (db, rows) => db.insertInto('checkins').values(rows));

const STAY_COLUMNS = { person_id: true, region_code: true, checkin_id: true, checked_in_at: true } as const satisfies Record<keyof LatestStaysTable, true>;
const moveLatestStays = preparedRows<LatestStaysTable>(STAY_COLUMNS, (db, rows) =>
  db
    .insertInto('latest_stays')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['person_id', 'region_code'])
        .doUpdateSet((eb) => ({ checkin_id: eb.ref('excluded.checkin_id'), checked_in_at: eb.ref('excluded.checked_in_at') }))
        // Group commits of several processes may land out of order: a stay only ever moves forward.
        .where((eb) =>
          eb.or([
            eb('excluded.checked_in_at', '>', eb.ref('latest_stays.checked_in_at')),
            eb.and([eb('excluded.checked_in_at', '=', eb.ref('latest_stays.checked_in_at')), eb('excluded.checkin_id', '>', eb.ref('latest_stays.checkin_id'))]),
          ]),
        ),
    ),
);

/** The statements that store check-ins (many at once, for group commit) and move each person's latest stay per region on. */
export function storeCheckinsQueries(db: Executor, checkins: NewCheckin[]): CompiledQuery[] {
  const due = checkins.filter((c) => c.status_due);
  const latest = new Map<string, LatestStaysTable>();
  for (const { person_id, region_code, id, checked_in_at } of checkins) {
    const key = `${person_id}|${region_code}`;
    const kept = latest.get(key);
    // One row per key: PostgreSQL refuses a statement that updates the same row twice.
    if (!kept || checked_in_at > kept.checked_in_at || (checked_in_at === kept.checked_in_at && id > kept.checkin_id)) latest.set(key, { person_id, region_code, checkin_id: id, checked_in_at });
  }
  const dueAt = Math.min(...due.map((c) => c.checked_in_at));
  return [
    insertCheckinRows(db, checkins),
    // In one order for every batch: on PostgreSQL each upsert locks its row, and two batches taking the same
    // people's rows in opposite orders (two processes, each in the order its requests came) would deadlock.
    moveLatestStays(db, [...latest.keys()].sort().map((key) => latest.get(key)!)),
    ...(due.length === 0
      ? []
      : [
          db
            .updateTable('person_status')
            .set({ reevaluate_at: dueAt })
            .where('person_id', 'in', [...new Set(due.map((c) => c.person_id))])
            .where((eb) => eb.or([eb('reevaluate_at', 'is', null), eb('reevaluate_at', '>', dueAt)]))
            .compile(),
        ]),
  ];
}

export async function insertCheckins(db: Executor, checkins: NewCheckin[]): Promise<void> {
  if (checkins.length > 0) for (const query of storeCheckinsQueries(db, checkins)) await db.executeQuery(query);
}

/** A person's check-ins since `since`, newest first, with the venue's name and place (the holder's 到访记录). */
export async function listVisitsOf(db: Executor, personId: string, since: number, limit: number) {
  return db
    .selectFrom('checkins')
    .innerJoin('venues', 'venues.id', 'checkins.venue_id')
    .select(['checkins.id', 'checkins.checked_in_at', 'checkins.method', 'venues.name as venue_name', 'venues.region_code'])
    .where('checkins.person_id', '=', personId)
    .where('checkins.checked_in_at', '>=', since)
    .orderBy('checkins.checked_in_at', 'desc')
    .limit(limit)
    .execute();
}

/** Stays the purge looks at in one statement. */
const STAYS_PER_PURGE = 5000;

/**
 * Deletes the latest stays older than `cutoff` (their check-ins are purged), walking the key a slice at a
 * time: no index on time, which every check-in would have to move (migration 20261203T1300).
 */
export async function deleteLatestStaysBefore(db: Executor, cutoff: number): Promise<void> {
  for (let after = ''; ; ) {
    const last = await db.selectFrom('latest_stays').select('person_id').where('person_id', '>', after).orderBy('person_id').limit(1).offset(STAYS_PER_PURGE - 1).executeTakeFirst();
    await db
      .deleteFrom('latest_stays')
      .where('person_id', '>', after)
      .$if(last !== undefined, (query) => query.where('person_id', '<=', last!.person_id))
      .where('checked_in_at', '<', cutoff)
      .execute();
    if (!last) return;
    after = last.person_id;
  }
}

/** The oldest check-in before `cutoff`, to walk the purge forward one batch at a time. */
export async function oldestCheckinBefore(db: Executor, cutoff: number): Promise<number | undefined> {
  const row = await db.selectFrom('checkins').select('checked_in_at').where('checked_in_at', '<', cutoff).orderBy('checked_in_at').limit(1).executeTakeFirst();
  return row?.checked_in_at;
}

/** Check-ins per venue and colour in [from, to): what the purge adds to the daily totals. */
export async function countCheckinsBetween(db: Executor, from: number, to: number): Promise<{ venue_id: string; status: string; visits: number }[]> {
  const rows = await db
    .selectFrom('checkins')
    .select(['venue_id', 'status', (eb) => eb.fn.countAll<number | string>().as('visits')])
    .where('checked_in_at', '>=', from)
    .where('checked_in_at', '<', to)
    .groupBy(['venue_id', 'status'])
    .execute();
  return rows.map((r) => ({ ...r, visits: Number(r.visits) }));
}

export async function deleteCheckinsBetween(db: Executor, from: number, to: number): Promise<number> {
  const result = await db.deleteFrom('checkins').where('checked_in_at', '>=', from).where('checked_in_at', '<', to).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Day partitions of check-ins, on PostgreSQL only (migration 20261122T1000). A partition is named after
// the local day it holds, checkins_d20261122, and covers that day's instants, local midnight to midnight.

/** Serialises partition work between processes and machines for the rest of the transaction. */
export async function lockCheckinPartitions(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('healthcode:checkin-partitions'))`.execute(db);
}

export async function checkinPartitionExists(db: Executor, name: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`select 1 as found from pg_inherits i join pg_class c on c.oid = i.inhrelid where c.relname = ${name} and c.relkind = 'r'`.execute(db);
  return rows.length > 0;
}

/** The day partitions with the end of the range each holds. */
export async function listCheckinPartitions(db: Executor): Promise<{ name: string; to: number }[]> {
  const { rows } = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'checkins' and c.relkind = 'r'`.execute(db);
  // e.g. FOR VALUES FROM ('1795104000000') TO ('1795190400000'); the default partition has no range.
  return rows.flatMap(({ name, bound }) => {
    const to = /TO \('?(-?\d+)'?\)/.exec(bound)?.[1];
    return to === undefined ? [] : [{ name, to: Number(to) }];
  });
}

/** Creates the partition for [from, to), moving any rows of that range out of the default partition first. */
export async function createCheckinPartition(db: Executor, name: string, from: number, to: number): Promise<void> {
  await sql`create table ${sql.table(name)} (like checkins including defaults)`.execute(db);
  await sql`with moved as (delete from checkins_default where checked_in_at >= ${from} and checked_in_at < ${to} returning *) insert into ${sql.table(name)} select * from moved`.execute(db);
  await sql`alter table checkins attach partition ${sql.table(name)} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(db);
}

export async function dropCheckinPartition(db: Executor, name: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
  await sql`drop table ${sql.table(name)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function addToDailyStats(db: Executor, row: { venue_id: string; day: string; visits: number; green: number; yellow: number; red: number; other: number }): Promise<void> {
  await db
    .insertInto('venue_daily_stats')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['venue_id', 'day']).doUpdateSet((eb) => ({
        visits: eb('venue_daily_stats.visits', '+', row.visits),
        green: eb('venue_daily_stats.green', '+', row.green),
        yellow: eb('venue_daily_stats.yellow', '+', row.yellow),
        red: eb('venue_daily_stats.red', '+', row.red),
        other: eb('venue_daily_stats.other', '+', row.other),
      })),
    )
    .execute();
}
