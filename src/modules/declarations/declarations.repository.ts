import type { Executor } from '../../db/database.ts';
import type { DeclarationsTable } from '../../db/schema.ts';

export type DeclarationRow = DeclarationsTable;

export async function countDeclarationsOnDay(db: Executor, personId: string, day: string): Promise<number> {
  const row = await db
    .selectFrom('declarations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('person_id', '=', personId)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** False when another declaration took the same (person, day, seq) slot first. */
export async function insertDeclaration(db: Executor, row: DeclarationRow): Promise<boolean> {
  const result = await db
    .insertInto('declarations')
    .values(row)
    .onConflict((oc) => oc.columns(['person_id', 'day', 'day_seq']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function listDeclarationsSince(db: Executor, personId: string, since: number): Promise<DeclarationRow[]> {
  return db.selectFrom('declarations').selectAll().where('person_id', '=', personId).where('declared_at', '>=', since).orderBy('declared_at', 'desc').execute();
}
