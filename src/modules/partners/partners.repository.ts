import type { Executor } from '../../db/database.ts';
import type { PartnersTable } from '../../db/schema.ts';

export type PartnerRow = PartnersTable;

export async function insertPartner(db: Executor, row: PartnerRow): Promise<void> {
  await db.insertInto('partners').values(row).execute();
}

export async function listPartners(db: Executor): Promise<PartnerRow[]> {
  return db.selectFrom('partners').selectAll().orderBy('created_at').execute();
}

export async function updatePartnerKeys(db: Executor, issuerId: string, keys: string, fetchedAt: number): Promise<void> {
  await db.updateTable('partners').set({ keys, keys_fetched_at: fetchedAt }).where('issuer_id', '=', issuerId).execute();
}

/** The partner presenting an inbound credential, by the credential's keyed digest. */
export async function findPartnerIdByInboundLookup(db: Executor, lookup: string): Promise<string | undefined> {
  return (await db.selectFrom('partners').select('issuer_id').where('inbound_credential_lookup', '=', lookup).executeTakeFirst())?.issuer_id;
}
