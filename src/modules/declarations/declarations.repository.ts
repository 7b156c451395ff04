import type { Executor } from '../../db/database.ts';
import { preparedQuery, preparedRows } from '../../db/prepared-query.ts';
import type { DeclarationsTable } from '../../db/schema.ts';

export type DeclarationRow = DeclarationsTable;

const declarationsOnDay = preparedQuery((db: Executor, personId: string, day: string) =>
  db.selectFrom('declarations').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).where('day', '=', day),
);

export async function countDeclarationsOnDay(db: Executor, personId: string, day: string): Promise<number> {
  return Number((await declarationsOnDay(db, personId, day))[0]!.n);
}

const DECLARATION_COLUMNS = {
  id: true,
  person_id: true,
  declared_by_account_id: true,
  declared_at: true,
  day: true,
  day_seq: true,
  contact_phone_sealed: true,
  address_sealed: true,
  region_code: true,
  temperature_tenths: true,
  symptoms: true,
  visited_regions: true,
  contact_with_case: true,
  arrived_from_abroad: true,
  marked_false_at: true,
} as const satisfies Record<keyof DeclarationRow, true>;

const insertDeclarationQuery = preparedRows<DeclarationRow>(DECLARATION_COLUMNS, (db, rows) =>
  db.insertInto('declarations').values(rows).onConflict((oc) => oc.columns(['person_id', 'day', 'day_seq']).doNothing()),
);

/** False when another declaration took the same (person, day, seq) slot first. */
export async function insertDeclaration(db: Executor, row: DeclarationRow): Promise<boolean> {
  const result = await db.executeQuery(insertDeclarationQuery(db, [row]));
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Deletes up to `limit` of the declarations made before `cutoff`, oldest first; returns how many it deleted. */
export async function deleteDeclarationsBefore(db: Executor, cutoff: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('declarations')
    .where('id', 'in', (eb) => eb.selectFrom('declarations').select('id').where('declared_at', '<', cutoff).orderBy('declared_at').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listDeclarationsSince(db: Executor, personId: string, since: number): Promise<DeclarationRow[]> {
  return db.selectFrom('declarations').selectAll().where('person_id', '=', personId).where('declared_at', '>=', since).orderBy('declared_at', 'desc').execute();
}
