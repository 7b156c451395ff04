import type { Executor } from '../../db/database.ts';

/** Every staff account (no person of its own), oldest first, with its organisation's name. */
export async function listStaffAccounts(db: Executor) {
  return db
    .selectFrom('accounts')
    .leftJoin('organisations', 'organisations.id', 'accounts.organisation_id')
    .select(['accounts.id', 'accounts.phone_sealed', 'accounts.display_name_sealed', 'accounts.roles', 'accounts.created_at', 'accounts.disabled_at', 'organisations.name as organisation_name'])
    .where('accounts.person_id', 'is', null)
    .orderBy('accounts.created_at')
    .execute();
}
