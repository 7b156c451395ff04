import type { Executor } from '../../db/database.ts';
import type { AppealsTable } from '../../db/schema.ts';
import type { AppealableFact } from './appeals.service.ts';

export type AppealRow = AppealsTable;

/** The table that holds each fact a holder can dispute. */
const TABLES = { case: 'cases', close_contact: 'close_contacts', popup: 'popups', declaration: 'declarations', checkin: 'checkins', override: 'overrides' } as const;

/** Whose fact it is, if it exists. */
export async function findFactOwner(db: Executor, fact: AppealableFact, id: string): Promise<string | undefined> {
  return (await db.selectFrom(TABLES[fact]).select('person_id').where('id', '=', id).executeTakeFirst())?.person_id;
}

/**
 * Withdraws a fact an appeal was accepted against: a pop-up is lifted, a declaration no longer marked false, the
 * rest deleted. Not a manual change: that ends only by another approved one (`appeals.service.ts`).
 */
export async function withdrawFact(db: Executor, fact: Exclude<AppealableFact, 'override'>, id: string, at: number): Promise<void> {
  switch (fact) {
    case 'popup':
      await db.updateTable('popups').set({ lifted_at: at }).where('id', '=', id).execute();
      return;
    case 'declaration':
      await db.updateTable('declarations').set({ marked_false_at: null }).where('id', '=', id).execute();
      return;
    case 'case':
    case 'close_contact':
    case 'checkin':
      await db.deleteFrom(TABLES[fact]).where('id', '=', id).execute();
      return;
  }
}

export async function countAppealsFiledOn(db: Executor, personId: string, day: string): Promise<number> {
  const { n } = await db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).where('day', '=', day).executeTakeFirstOrThrow();
  return Number(n);
}

export async function insertAppeal(db: Executor, row: AppealRow): Promise<void> {
  await db.insertInto('appeals').values(row).execute();
}

export async function listAppealsOf(db: Executor, personId: string): Promise<AppealRow[]> {
  return db.selectFrom('appeals').selectAll().where('person_id', '=', personId).orderBy('filed_at', 'desc').execute();
}

/** Appeals waiting for the authority: undecided, and not answered by a request that waits for its approver. */
export function openAppeals(db: Executor) {
  return db
    .selectFrom('appeals')
    .where('outcome', 'is', null)
    .where(({ exists, not, selectFrom }) =>
      not(exists(selectFrom('overrides').select('overrides.id').whereRef('overrides.appeal_id', '=', 'appeals.id').where('overrides.declined_at', 'is', null))),
    );
}

export async function listOpenAppeals(db: Executor, limit: number): Promise<AppealRow[]> {
  return openAppeals(db).selectAll().orderBy('filed_at').limit(limit).execute();
}

/** An appeal still for the authority to decide (`openAppeals`). */
export async function findOpenAppeal(db: Executor, id: string): Promise<AppealRow | undefined> {
  return openAppeals(db).selectAll().where('id', '=', id).executeTakeFirst();
}

export async function resolveAppeal(db: Executor, id: string, resolution: Pick<AppealRow, 'outcome' | 'outcome_reason' | 'resolved_by' | 'resolved_at'>): Promise<void> {
  await db.updateTable('appeals').set(resolution).where('id', '=', id).execute();
}
