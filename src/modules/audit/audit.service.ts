/** The audit log viewer: who did what to whom, when and why; filterable; subjects masked. */
import type { Executor } from '../../db/database.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { maskName } from '../../shared/masking.ts';
import type { IdType } from '../identity/id-document.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { insertAuditEntry, listAuditEntries, type AuditAction, type AuditFilter } from './audit.repository.ts';

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService({ accounts, identity, now }: { accounts: AccountsService; identity: IdentityService; now: () => number }) {
  return {
    /**
     * What an operator did from the shell (`healthcode admin create`, `keys rotate`, `backup`): no account did it, so the
     * entry names the system user who ran the command, and the console shows that name as who.
     */
    async recordOperatorAction(db: Executor, operator: string, action: AuditAction, details: Record<string, unknown>) {
      await insertAuditEntry(db, { at: now(), actorAccountId: null, action, subjectPersonId: null, reason: null, details: { ...details, operator } });
    },


    async list(db: Executor, actor: Actor | null, filter: Omit<AuditFilter, 'subjectPersonId'> & { subjectIdType?: IdType; subjectIdNumber?: string }) {
      requireRole(actor, AUTHORITY_ROLES);
      let subjectPersonId: string | undefined;
      if (filter.subjectIdType && filter.subjectIdNumber) {
        subjectPersonId = (await identity.findByTypedDocument(db, filter.subjectIdType, filter.subjectIdNumber, 'subjectIdNumber'))?.id ?? 'nobody';
      }
      const entries = await listAuditEntries(db, { ...filter, subjectPersonId });
      const names = new Map<string, string>();
      const staffName = async (accountId: string | null) => {
        if (!accountId) return null;
        if (!names.has(accountId)) names.set(accountId, await accounts.staffName(db, accountId));
        return names.get(accountId)!;
      };
      return Promise.all(
        entries.map(async (e) => ({
          id: e.id,
          at: e.at,
          actorAccountId: e.actorAccountId,
          actorName: e.actorAccountId ? await staffName(e.actorAccountId) : typeof e.details.operator === 'string' ? `${e.details.operator} (CLI)` : null,
          action: e.action,
          subjectPersonId: e.subjectPersonId,
          subjectName: e.subjectPersonId ? maskName((await identity.getPerson(db, e.subjectPersonId).catch(() => ({ name: '?' }))).name) : null,
          reason: e.reason,
          details: e.details,
        })),
      );
    },
  };
}
