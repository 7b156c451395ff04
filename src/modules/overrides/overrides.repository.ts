import type { Executor } from '../../db/database.ts';
import type { OverridesTable } from '../../db/schema.ts';

export type OverrideRow = OverridesTable;

export async function insertOverride(db: Executor, row: OverrideRow): Promise<void> {
  await db.insertInto('overrides').values(row).execute();
}

export async function findOverride(db: Executor, id: string): Promise<OverrideRow | undefined> {
  return db.selectFrom('overrides').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function approveOverride(db: Executor, id: string, approvedBy: string, at: number): Promise<void> {
  await db.updateTable('overrides').set({ approved_by: approvedBy, approved_at: at }).where('id', '=', id).execute();
}

export async function listPendingOverrides(db: Executor): Promise<OverrideRow[]> {
  return db.selectFrom('overrides').selectAll().where('approved_at', 'is', null).orderBy('requested_at').execute();
}
