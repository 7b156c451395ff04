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

/** Online checks, many at once (for group commit); ids are fresh, so nothing conflicts. */
export function insertVerificationsQuery(db: Executor, rows: VerificationRow[]) {
  return db.insertInto('verifications').values(rows);
}
