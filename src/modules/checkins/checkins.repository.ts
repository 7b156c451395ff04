import type { Executor } from '../../db/database.ts';
import type { CheckinsTable } from '../../db/schema.ts';

export type CheckinRow = CheckinsTable;

/** Check-ins, many at once (for group commit). */
export function insertCheckinsQuery(db: Executor, rows: CheckinRow[]) {
  return db.insertInto('checkins').values(rows);
}

export async function insertCheckins(db: Executor, rows: CheckinRow[]): Promise<void> {
  if (rows.length > 0) await insertCheckinsQuery(db, rows).execute();
}

/** The oldest check-in before `cutoff`, to walk the purge forward one batch at a time. */
export async function oldestCheckinBefore(db: Executor, cutoff: number): Promise<number | undefined> {
  const row = await db.selectFrom('checkins').select('checked_in_at').where('checked_in_at', '<', cutoff).orderBy('checked_in_at').limit(1).executeTakeFirst();
  return row?.checked_in_at;
}

export async function checkinsBetween(db: Executor, from: number, to: number): Promise<Pick<CheckinRow, 'venue_id' | 'checked_in_at' | 'status'>[]> {
  return db.selectFrom('checkins').select(['venue_id', 'checked_in_at', 'status']).where('checked_in_at', '>=', from).where('checked_in_at', '<', to).execute();
}

export async function deleteCheckinsBetween(db: Executor, from: number, to: number): Promise<number> {
  const result = await db.deleteFrom('checkins').where('checked_in_at', '>=', from).where('checked_in_at', '<', to).executeTakeFirst();
  return Number(result.numDeletedRows);
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
