import type { Executor } from '../../db/database.ts';
import { preparedRows } from '../../db/prepared-query.ts';
import type { VerificationsTable } from '../../db/schema.ts';

export type VerificationRow = VerificationsTable;

/** Checks made offline, in one statement; returns how many were new (a check whose client id was stored before, by an upload retried, is not). */
export async function insertOfflineVerifications(db: Executor, rows: VerificationRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const stored = await db
    .insertInto('verifications')
    .values(rows)
    .onConflict((oc) => oc.column('client_check_id').doNothing())
    .returning('id')
    .execute();
  return stored.length;
}

const VERIFICATION_COLUMNS = {
  id: true,
  client_check_id: true,
  checked_at: true,
  recorded_at: true,
  verifier_account_id: true,
  organisation_id: true,
  issuer_id: true,
  subject: true,
  paper_code_id: true,
  mode: true,
  result: true,
  status: true,
} as const satisfies Record<keyof VerificationRow, true>;

/** Deletes up to `limit` of the checks made before `cutoff`, oldest first; returns how many it deleted. */
export async function deleteVerificationsBefore(db: Executor, cutoff: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('verifications')
    .where('id', 'in', (eb) => eb.selectFrom('verifications').select('id').where('checked_at', '<', cutoff).orderBy('checked_at').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Online checks, many at once (for group commit); ids are fresh, so nothing conflicts. */
export const insertVerificationsQuery = preparedRows<VerificationRow>(VERIFICATION_COLUMNS, (db, rows) => db.insertInto('verifications').values(rows));
