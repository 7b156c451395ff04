import type { Executor } from '../../db/database.ts';
import { preparedQuery } from '../../db/prepared-query.ts';
import type { PersonsTable } from '../../db/schema.ts';

export type PersonRow = PersonsTable;

export async function insertPerson(db: Executor, row: PersonRow): Promise<void> {
  await db.insertInto('persons').values(row).execute();
}

const personById = preparedQuery((db: Executor, id: string) => db.selectFrom('persons').selectAll().where('id', '=', id));

export async function findPersonById(db: Executor, id: string): Promise<PersonRow | undefined> {
  return (await personById(db, id))[0];
}

export async function findPersonByLookup(db: Executor, idLookup: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('id_lookup', '=', idLookup).executeTakeFirst();
}

/** Every person's id: a new rule set recomputes everyone. */
export async function listPersonIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('persons').select('id').execute()).map((row) => row.id);
}
