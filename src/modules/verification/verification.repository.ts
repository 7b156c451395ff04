import type { Executor } from '../../db/database.ts';
import { preparedRows } from '../../db/prepared-query.ts';
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

const VERIFICATION_COLUMNS = [
  'id',
  'client_check_id',
  'checked_at',
  'recorded_at',
  'verifier_account_id',
  'organisation_id',
  'issuer_id',
  'subject',
  'paper_code_id',
  'mode',
  'result',
  'status',
] as const satisfies readonly (keyof VerificationRow)[];

/** Online checks, many at once (for group commit); ids are fresh, so nothing conflicts. */
export const insertVerificationsQuery = preparedRows<VerificationRow>(VERIFICATION_COLUMNS, (db, rows) => db.insertInto('verifications').values(rows));
