/** Checkpoint organisations and their verifier accounts, created by the authority. */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { findOrganisation, insertOrganisation, listOrganisations } from './organisations.repository.ts';

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;

export function createOrganisationsService({ accounts, now }: { accounts: AccountsService; now: () => number }) {
  return {
    async create(db: Executor, actor: Actor | null, name: string) {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      const trimmed = name.trim();
      if (!trimmed) throw invalid({ field: 'name', code: 'REQUIRED' });
      const row = { id: newId(now()), name: trimmed, created_at: now() };
      await insertOrganisation(db, row);
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'organisation.create', subjectPersonId: null, reason: null, details: { organisationId: row.id } });
      return { id: row.id, name: row.name, createdAt: row.created_at, verifiers: 0 };
    },

    async list(db: Executor, actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      return (await listOrganisations(db)).map((o) => ({ id: o.id, name: o.name, createdAt: o.created_at, verifiers: o.verifiers }));
    },

    async addVerifier(db: Executor, actor: Actor | null, organisationId: string, input: { name: string; phone: string; password: string }) {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      if (!(await findOrganisation(db, organisationId))) throw new AppError('NOT_FOUND');
      const verifier = await accounts.createStaffAccount(db, { ...input, roles: ['verifier'], organisationId });
      await insertAuditEntry(db, {
        at: now(),
        actorAccountId: staff.accountId,
        action: 'verifier.create',
        subjectPersonId: null,
        reason: null,
        details: { organisationId, accountId: verifier.accountId },
      });
      return { accountId: verifier.accountId, organisationId };
    },
  };
}
