import type { Executor } from '../../db/database.ts';
import type { SigningKeysTable } from '../../db/schema.ts';

export type SigningKeyRow = SigningKeysTable;

export async function listSigningKeys(db: Executor): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
}

export async function insertSigningKey(db: Executor, row: SigningKeyRow): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute();
}

export async function retireSigningKeys(db: Executor, exceptKid: string, at: number): Promise<void> {
  await db.updateTable('signing_keys').set({ retired_at: at }).where('kid', '!=', exceptKid).where('retired_at', 'is', null).execute();
}
