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

/** Who changes an account: an administrator signed in to the console, or the operator at the shell (by system user name). */
export type StaffChanger = { actor: Actor | null } | { operator: string };

export function createStaffService({ accounts, cipher, now }: { accounts: AccountsService; cipher: PersonalDataCipher; now: () => number }) {
  /** The staff account that may be changed (another's, not a resident's), and how the audit log names who did it. */
  async function changeable(db: Executor, by: StaffChanger, accountId: string, reason: string) {
    const adminId = 'actor' in by ? requireRole(by.actor, ['authority_admin']).accountId : null;
    const account = await findAccountById(db, accountId);
    if (!account || account.person_id !== null) throw new AppError('NOT_FOUND');
    if (account.id === adminId) throw new AppError('CANNOT_DISABLE_SELF');
    if (reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
    const audit = (action: 'staff.disable' | 'staff.enable') =>
      insertAuditEntry(db, { at: now(), actorAccountId: adminId, action, subjectPersonId: null, reason: reason.trim(), details: { accountId, ...('operator' in by && { operator: by.operator }) } });
    return { adminId, account, audit };
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

    async disable(db: Executor, by: StaffChanger, accountId: string, reason: string) {
      const { adminId, account, audit } = await changeable(db, by, accountId, reason);
      if (account.disabled_at !== null) return;
      await accounts.setDisabled(db, account.id, { accountId: adminId, at: now() });
      await audit('staff.disable');
    },

    async enable(db: Executor, by: StaffChanger, accountId: string, reason: string) {
      const { account, audit } = await changeable(db, by, accountId, reason);
      if (account.disabled_at === null) return;
      await accounts.setDisabled(db, account.id, null);
      await audit('staff.enable');
    },
  };
}
