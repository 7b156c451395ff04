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

const DECLARATION_COLUMNS = [
  'id',
  'person_id',
  'declared_by_account_id',
  'declared_at',
  'day',
  'day_seq',
  'contact_phone_sealed',
  'address_sealed',
  'region_code',
  'temperature_tenths',
  'symptoms',
  'visited_regions',
  'contact_with_case',
  'arrived_from_abroad',
  'marked_false_at',
] as const satisfies readonly (keyof DeclarationRow)[];

const insertDeclarationQuery = preparedRows<DeclarationRow>(DECLARATION_COLUMNS, (db, rows) =>
  db.insertInto('declarations').values(rows).onConflict((oc) => oc.columns(['person_id', 'day', 'day_seq']).doNothing()),
);

/** False when another declaration took the same (person, day, seq) slot first. */
export async function insertDeclaration(db: Executor, row: DeclarationRow): Promise<boolean> {
  const result = await db.executeQuery(insertDeclarationQuery(db, [row]));
  return Number(result.numAffectedRows ?? 0n) > 0;
}

export async function listDeclarationsSince(db: Executor, personId: string, since: number): Promise<DeclarationRow[]> {
  return db.selectFrom('declarations').selectAll().where('person_id', '=', personId).where('declared_at', '>=', since).orderBy('declared_at', 'desc').execute();
}
