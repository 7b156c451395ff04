/** A holder's links to their codes on other platforms. */
import type { Executor } from '../../db/database.ts';
import type { LinkedCodesTable } from '../../db/schema.ts';

export type LinkedCodeRow = LinkedCodesTable;

export async function listLinkedCodes(db: Executor, personId: string): Promise<LinkedCodeRow[]> {
  return db.selectFrom('linked_codes').selectAll().where('person_id', '=', personId).orderBy('linked_at').execute();
}

/** Links a person's code from one issuer; a code linked again from the same issuer replaces the earlier link. */
export async function storeLinkedCode(db: Executor, row: LinkedCodeRow): Promise<void> {
  await db
    .insertInto('linked_codes')
    .values(row)
    .onConflict((conflict) => conflict.columns(['person_id', 'issuer_id']).doUpdateSet({ id: row.id, subject: row.subject, linked_at: row.linked_at }))
    .execute();
}

/** Whether a link of this person's was there to delete. */
export async function deleteLinkedCode(db: Executor, personId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('linked_codes').where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
