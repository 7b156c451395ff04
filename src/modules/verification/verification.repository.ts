import type { Executor } from '../../db/database.ts';
import type { VerificationsTable } from '../../db/schema.ts';

export type VerificationRow = VerificationsTable;

/** False when a check with the same client id was stored before (an upload retried). */
export async function insertVerification(db: Executor, row: VerificationRow): Promise<boolean> {
  const result = await db
    .insertInto('verifications')
    .values(row)
    .onConflict((oc) => oc.column('client_check_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Online checks, many at once (group commit); ids are fresh, so nothing conflicts. */
export async function insertVerifications(db: Executor, rows: VerificationRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('verifications').values(rows).execute();
}
