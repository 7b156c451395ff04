/**
 * Manual colour changes (人工赋码) with four eyes: an operator requests one with a reason; it has no effect
 * until a different authority user with the approver role approves it. The holder sees it and its reason
 * among their reasons; every step is audited. There is no other way to force a colour. A request that should not
 * take effect is declined (by an approver) or withdrawn (by who asked); a change in force is ended the same way
 * it was made, by an approved request for `rules`, which gives the colour back to the rules.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { OverrideColour } from '../rules/rules.engine.ts';
import type { StatusService } from '../status/status.service.ts';
import { resolveAppeal } from '../appeals/appeals.repository.ts';
import { decideOverride, findOverride, insertOverride, listPendingOverrides, type OverrideRow } from './overrides.repository.ts';

export type OverridesService = ReturnType<typeof createOverridesService>;

export function createOverridesService(deps: { accounts: AccountsService; identity: IdentityService; status: StatusService; now: () => number }) {
  const { accounts, identity, status, now } = deps;
  /** The holder's appeal is decided as the request that answered it was: the holder reads why. */
  const decideAppeal = async (db: Executor, row: OverrideRow, by: string, outcome: 'accepted' | 'rejected', why: string) => {
    await resolveAppeal(db, row.appeal_id!, { outcome, outcome_reason: why, resolved_by: by, resolved_at: now() });
    await insertAuditEntry(db, { at: now(), actorAccountId: by, action: outcome === 'accepted' ? 'appeal.accept' : 'appeal.reject', subjectPersonId: row.person_id, reason: why, details: { appealId: row.appeal_id, factType: 'override', overrideId: row.id } });
  };
  const findPending = async (db: Executor, overrideId: string) => {
    const row = await findOverride(db, overrideId);
    if (!row || row.approved_at !== null || row.declined_at !== null) throw new AppError('NOT_FOUND');
    return row;
  };
  return {
    /** `appealId`: the holder's appeal against the change in force that this return to the rules answers. */
    async request(db: Executor, actor: Actor | null, input: { personId: string; status: OverrideColour; reason: string; expiresAt: number | null; appealId?: string }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      if (input.reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      if (input.expiresAt !== null && input.expiresAt <= now()) throw invalid({ field: 'expiresAt', code: 'DATE_INVALID' });
      await identity.getPerson(db, input.personId);
      if (input.status === 'rules' && !(await status.current(db, input.personId)).reasons.some((r) => r.code === 'MANUAL_OVERRIDE')) {
        throw invalid({ field: 'status', code: 'NO_OVERRIDE_IN_FORCE' });
      }
      const id = newId(now());
      // Giving the colour back to the rules lasts: were it to expire, the change it ended would decide again.
      const expiresAt = input.status === 'rules' ? null : input.expiresAt;
      await insertOverride(db, { id, person_id: input.personId, status: input.status, reason: input.reason.trim(), requested_by: staff.accountId, requested_at: now(), approved_by: null, approved_at: null, expires_at: expiresAt, declined_by: null, declined_at: null, decline_reason: null, appeal_id: input.appealId ?? null });
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'override.request', subjectPersonId: input.personId, reason: input.reason.trim(), details: { overrideId: id, status: input.status, ...(input.appealId && { appealId: input.appealId }) } });
      return { id };
    },

    async approve(db: Executor, actor: Actor | null, overrideId: string) {
      const approver = requireRole(actor, ['authority_approver']);
      const row = await findPending(db, overrideId);
      if (row.requested_by === approver.accountId) throw new AppError('SECOND_APPROVER_REQUIRED');
      if (!(await decideOverride(db, overrideId, { approved_by: approver.accountId, approved_at: now() }))) throw new AppError('NOT_FOUND');
      await insertAuditEntry(db, { at: now(), actorAccountId: approver.accountId, action: 'override.approve', subjectPersonId: row.person_id, reason: row.reason, details: { overrideId, status: row.status } });
      if (row.appeal_id) await decideAppeal(db, row, approver.accountId, 'accepted', row.reason);
      return status.recompute(db, row.person_id);
    },

    /** An approver declines a request, or the user who made it withdraws it; either way with a reason, and it never takes effect. */
    async decline(db: Executor, actor: Actor | null, overrideId: string, reason: string) {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      const row = await findPending(db, overrideId);
      const withdrawn = row.requested_by === staff.accountId;
      if (!withdrawn && !staff.roles.includes('authority_approver')) throw new AppError('NOT_FOUND');
      if (reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      if (!(await decideOverride(db, overrideId, { declined_by: staff.accountId, declined_at: now(), decline_reason: reason.trim() }))) throw new AppError('NOT_FOUND');
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: withdrawn ? 'override.withdraw' : 'override.decline', subjectPersonId: row.person_id, reason: reason.trim(), details: { overrideId, status: row.status } });
      // Declined, the appeal it answered is rejected for that reason; withdrawn, the appeal waits for the authority again.
      if (row.appeal_id && !withdrawn) await decideAppeal(db, row, staff.accountId, 'rejected', reason.trim());
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
          status: r.status as OverrideColour,
          reason: r.reason,
          requestedBy: r.requested_by,
          requesterName: await accounts.staffName(db, r.requested_by),
          requestedAt: r.requested_at,
          expiresAt: r.expires_at,
          appealId: r.appeal_id,
        })),
      );
    },
  };
}
