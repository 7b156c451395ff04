/**
 * Appeals (纠错): a holder disputes a fact behind one of their reasons; the authority accepts (the fact is
 * withdrawn and the status recomputed) or rejects with a reason; the holder sees the outcome.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { OverridesService } from '../overrides/overrides.service.ts';
import type { StatusService } from '../status/status.service.ts';
import { countAppealsFiledOn, findOpenAppeal, findFactOwner, insertAppeal, listAppealsOf, listOpenAppeals, resolveAppeal, withdrawFact, type AppealRow } from './appeals.repository.ts';

/** Facts a holder can dispute (how accepting an appeal withdraws each: `withdrawFact`; a manual change: below). */
export const APPEALABLE = ['case', 'close_contact', 'popup', 'declaration', 'checkin', 'override'] as const;
export type AppealableFact = (typeof APPEALABLE)[number];

export type AppealsService = ReturnType<typeof createAppealsService>;

export function createAppealsService(deps: { guardians: GuardiansService; identity: IdentityService; overrides: OverridesService; status: StatusService; now: () => number; today: () => string; perDay: number }) {
  const { guardians, identity, overrides, status, now, today, perDay } = deps;

  const present = (r: AppealRow) => ({
    id: r.id,
    personId: r.person_id,
    factType: r.fact_type,
    factId: r.fact_id,
    message: r.message,
    filedAt: r.filed_at,
    outcome: r.outcome as 'accepted' | 'rejected' | null,
    outcomeReason: r.outcome_reason,
    resolvedAt: r.resolved_at,
  });

  return {
    async file(db: Executor, actor: Actor | null, personId: string, input: { factType: AppealableFact; factId: string; message: string }) {
      const holder = await guardians.requireActingFor(db, actor, personId);
      if (input.message.trim().length < 4) throw invalid({ field: 'message', code: 'REASON_REQUIRED' });
      if ((await findFactOwner(db, input.factType, input.factId)) !== personId) throw new AppError('NOT_FOUND');
      if ((await countAppealsFiledOn(db, personId, today())) >= perDay) throw new AppError('APPEAL_LIMIT', { params: { limit: perDay } });
      const row: AppealRow = { id: newId(now()), person_id: personId, filed_by_account_id: holder.accountId, fact_type: input.factType, fact_id: input.factId, message: input.message.trim(), filed_at: now(), day: today(), outcome: null, outcome_reason: null, resolved_by: null, resolved_at: null };
      await insertAppeal(db, row);
      return present(row);
    },

    async mine(db: Executor, actor: Actor | null, personId: string) {
      await guardians.requireActingFor(db, actor, personId);
      return (await listAppealsOf(db, personId)).map(present);
    },

    async open(db: Executor, actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      const rows = await listOpenAppeals(db, 200);
      // With the reason the disputed fact gives now, so the decision is made knowing what it is; null once it gives none.
      return Promise.all(
        rows.map(async (r) => ({
          ...present(r),
          name: maskName((await identity.getPerson(db, r.person_id)).name),
          reason: (await status.current(db, r.person_id)).reasons.find((reason) => reason.factId === r.fact_id) ?? null,
        })),
      );
    },

    async resolve(db: Executor, actor: Actor | null, appealId: string, input: { accept: boolean; reason: string }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin', 'authority_approver']);
      if (input.reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      const row = await findOpenAppeal(db, appealId);
      if (!row) throw new AppError('NOT_FOUND');
      const fact = row.fact_type as AppealableFact;
      if (input.accept && fact !== 'override') await withdrawFact(db, fact, row.fact_id, now());
      if (input.accept && fact === 'override') {
        // A manual change ends only as it began, with four eyes: accepting asks for a return to the rules, and the
        // appeal is decided when that is approved or declined. One no longer in force has nothing left to end.
        const current = await status.current(db, row.person_id);
        if (current.reasons.some((r) => r.code === 'MANUAL_OVERRIDE' && r.factId === row.fact_id)) {
          await overrides.request(db, actor, { personId: row.person_id, status: 'rules', reason: input.reason, expiresAt: null, appealId });
          return current;
        }
      }
      await resolveAppeal(db, appealId, { outcome: input.accept ? 'accepted' : 'rejected', outcome_reason: input.reason.trim(), resolved_by: staff.accountId, resolved_at: now() });
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: input.accept ? 'appeal.accept' : 'appeal.reject', subjectPersonId: row.person_id, reason: input.reason.trim(), details: { appealId, factType: row.fact_type, factId: row.fact_id } });
      return status.recompute(db, row.person_id);
    },
  };
}
