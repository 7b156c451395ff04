/**
 * Staff accounts (authority users and verifiers) as an administrator manages them: listed, and disabled when
 * someone leaves the job, so that their access ends at once (or enabled again). Residents' accounts are not
 * staff: their code is their pass, and no one here can take it away.
 */
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { requireRole, type Actor, type Role } from '../../shared/access.ts';
import { maskPhone } from '../../shared/masking.ts';
import { findAccountById } from '../accounts/accounts.repository.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { listStaffAccounts } from './staff.repository.ts';

export type StaffService = ReturnType<typeof createStaffService>;

export function createStaffService({ accounts, cipher, now }: { accounts: AccountsService; cipher: PersonalDataCipher; now: () => number }) {
  /** The staff account an administrator may change: another's, not a resident's. */
  async function changeable(db: Executor, actor: Actor | null, accountId: string, reason: string) {
    const admin = requireRole(actor, ['authority_admin']);
    const account = await findAccountById(db, accountId);
    if (!account || account.person_id !== null) throw new AppError('NOT_FOUND');
    if (account.id === admin.accountId) throw new AppError('CANNOT_DISABLE_SELF');
    if (reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
    return { admin, account };
  }

  return {
    async list(db: Executor, actor: Actor | null) {
      requireRole(actor, ['authority_admin']);
      return (await listStaffAccounts(db)).map((row) => ({
        accountId: row.id,
        name: row.display_name_sealed ? cipher.decrypt(row.display_name_sealed) : '',
        phone: maskPhone(cipher.decrypt(row.phone_sealed)),
        roles: JSON.parse(row.roles) as Role[],
        organisation: row.organisation_name,
        createdAt: row.created_at,
        disabledAt: row.disabled_at,
      }));
    },

    async disable(db: Executor, actor: Actor | null, accountId: string, reason: string) {
      const { admin, account } = await changeable(db, actor, accountId, reason);
      if (account.disabled_at !== null) return;
      await accounts.setDisabled(db, account.id, { accountId: admin.accountId, at: now() });
      await insertAuditEntry(db, { at: now(), actorAccountId: admin.accountId, action: 'staff.disable', subjectPersonId: null, reason: reason.trim(), details: { accountId } });
    },

    async enable(db: Executor, actor: Actor | null, accountId: string, reason: string) {
      const { admin, account } = await changeable(db, actor, accountId, reason);
      if (account.disabled_at === null) return;
      await accounts.setDisabled(db, account.id, null);
      await insertAuditEntry(db, { at: now(), actorAccountId: admin.accountId, action: 'staff.enable', subjectPersonId: null, reason: reason.trim(), details: { accountId } });
    },
  };
}
