import type { Executor } from '../../db/database.ts';

export async function insertGuardianship(db: Executor, row: { guardianPersonId: string; dependentPersonId: string; relationship: string; at: number }): Promise<void> {
  await db
    .insertInto('guardianships')
    .values({ guardian_person_id: row.guardianPersonId, dependent_person_id: row.dependentPersonId, relationship: row.relationship, created_at: row.at })
    .execute();
}

export async function isGuardianOf(db: Executor, guardianPersonId: string, dependentPersonId: string): Promise<boolean> {
  const row = await db
    .selectFrom('guardianships')
    .select('created_at')
    .where('guardian_person_id', '=', guardianPersonId)
    .where('dependent_person_id', '=', dependentPersonId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countDependents(db: Executor, guardianPersonId: string): Promise<number> {
  const row = await db
    .selectFrom('guardianships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('guardian_person_id', '=', guardianPersonId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countGuardians(db: Executor, dependentPersonId: string): Promise<number> {
  const row = await db
    .selectFrom('guardianships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('dependent_person_id', '=', dependentPersonId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listDependents(db: Executor, guardianPersonId: string): Promise<{ personId: string; relationship: string }[]> {
  const rows = await db
    .selectFrom('guardianships')
    .select(['dependent_person_id', 'relationship'])
    .where('guardian_person_id', '=', guardianPersonId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ personId: r.dependent_person_id, relationship: r.relationship }));
}

export async function deleteGuardianship(db: Executor, guardianPersonId: string, dependentPersonId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('guardianships')
    .where('guardian_person_id', '=', guardianPersonId)
    .where('dependent_person_id', '=', dependentPersonId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** When a person takes their code over, nobody holds it for them any more. */
export async function deleteGuardianshipsOf(db: Executor, dependentPersonId: string): Promise<void> {
  await db.deleteFrom('guardianships').where('dependent_person_id', '=', dependentPersonId).execute();
}
