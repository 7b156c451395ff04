/**
 * Manual colour changes (人工赋码) with four eyes: an operator requests one with a reason; it has no effect
 * until a different authority user with the approver role approves it. The holder sees it and its reason
 * among their reasons; both steps are audited. There is no other way to force a colour.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { StatusService } from '../status/status.service.ts';
import { approveOverride, findOverride, insertOverride, listPendingOverrides } from './overrides.repository.ts';

export type OverridesService = ReturnType<typeof createOverridesService>;

export function createOverridesService(deps: { identity: IdentityService; status: StatusService; now: () => number }) {
  const { identity, status, now } = deps;
  return {
    async request(db: Executor, actor: Actor | null, input: { personId: string; status: 'green' | 'yellow' | 'red'; reason: string; expiresAt: number | null }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      if (input.reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      if (input.expiresAt !== null && input.expiresAt <= now()) throw invalid({ field: 'expiresAt', code: 'DATE_INVALID' });
      await identity.getPerson(db, input.personId);
      const id = newId(now());
      await insertOverride(db, { id, person_id: input.personId, status: input.status, reason: input.reason.trim(), requested_by: staff.accountId, requested_at: now(), approved_by: null, approved_at: null, expires_at: input.expiresAt });
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'override.request', subjectPersonId: input.personId, reason: input.reason.trim(), details: { overrideId: id, status: input.status } });
      return { id };
    },

    async approve(db: Executor, actor: Actor | null, overrideId: string) {
      const approver = requireRole(actor, ['authority_approver']);
      const row = await findOverride(db, overrideId);
      if (!row || row.approved_at !== null) throw new AppError('NOT_FOUND');
      if (row.requested_by === approver.accountId) throw new AppError('SECOND_APPROVER_REQUIRED');
      await approveOverride(db, overrideId, approver.accountId, now());
      await insertAuditEntry(db, { at: now(), actorAccountId: approver.accountId, action: 'override.approve', subjectPersonId: row.person_id, reason: row.reason, details: { overrideId, status: row.status } });
      return status.recompute(db, row.person_id);
    },

    async pending(db: Executor, actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      const rows = await listPendingOverrides(db);
      return Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          personId: r.person_id,
          name: maskName((await identity.getPerson(db, r.person_id)).name),
          // What approving changes: the approver sees the colour now beside the one asked for.
          currentStatus: (await status.current(db, r.person_id)).status,
          status: r.status,
          reason: r.reason,
          requestedBy: r.requested_by,
          requestedAt: r.requested_at,
          expiresAt: r.expires_at,
        })),
      );
    },
  };
}
