import type { Executor } from '../../db/database.ts';
import type { OrganisationsTable } from '../../db/schema.ts';

export type OrganisationRow = OrganisationsTable;

export async function insertOrganisation(db: Executor, row: OrganisationRow): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
}

export async function findOrganisation(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(db: Executor): Promise<(OrganisationRow & { verifiers: number })[]> {
  const rows = await db
    .selectFrom('organisations')
    .leftJoin('accounts', 'accounts.organisation_id', 'organisations.id')
    .select(['organisations.id', 'organisations.name', 'organisations.created_at', (eb) => eb.fn.count('accounts.id').as('verifiers')])
    .groupBy(['organisations.id', 'organisations.name', 'organisations.created_at'])
    .orderBy('organisations.created_at')
    .execute();
  return rows.map((r) => ({ ...r, verifiers: Number(r.verifiers) }));
}
