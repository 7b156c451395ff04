import type { Executor } from '../../db/database.ts';
import type { OverridesTable } from '../../db/schema.ts';

export type OverrideRow = OverridesTable;

export async function insertOverride(db: Executor, row: OverrideRow): Promise<void> {
  await db.insertInto('overrides').values(row).execute();
}

export async function findOverride(db: Executor, id: string): Promise<OverrideRow | undefined> {
  return db.selectFrom('overrides').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Approves or declines a request still pending; false if another user decided it first. */
export async function decideOverride(db: Executor, id: string, decision: { approved_by: string; approved_at: number } | { declined_by: string; declined_at: number; decline_reason: string }): Promise<boolean> {
  const result = await db.updateTable('overrides').set(decision).where('id', '=', id).where('approved_at', 'is', null).where('declined_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Requests waiting for a second pair of eyes: neither approved nor declined. */
export function pendingOverrides(db: Executor) {
  return db.selectFrom('overrides').where('approved_at', 'is', null).where('declined_at', 'is', null);
}

export async function listPendingOverrides(db: Executor): Promise<OverrideRow[]> {
  return pendingOverrides(db).selectAll().orderBy('requested_at').execute();
}
