import type { Executor } from '../../db/database.ts';
import type { PaperCodesTable } from '../../db/schema.ts';

export type PaperCodeRow = PaperCodesTable;

export async function insertPaperCode(db: Executor, row: PaperCodeRow): Promise<void> {
  await db.insertInto('paper_codes').values(row).execute();
}

export async function findPaperCode(db: Executor, id: string): Promise<PaperCodeRow | undefined> {
  return db.selectFrom('paper_codes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokePaperCode(db: Executor, id: string, by: string, reason: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('paper_codes')
    .set({ revoked_at: at, revoked_by_account_id: by, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
