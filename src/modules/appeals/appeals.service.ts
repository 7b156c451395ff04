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
import type { StatusService } from '../status/status.service.ts';
import { countAppealsFiledOn, findAppeal, findFactOwner, insertAppeal, listAppealsOf, listOpenAppeals, resolveAppeal, withdrawFact, type AppealRow } from './appeals.repository.ts';

/** Facts a holder can dispute (how accepting an appeal withdraws each: `withdrawFact`). */
export const APPEALABLE = ['case', 'close_contact', 'popup', 'declaration', 'checkin'] as const;
export type AppealableFact = (typeof APPEALABLE)[number];

export type AppealsService = ReturnType<typeof createAppealsService>;

export function createAppealsService(deps: { guardians: GuardiansService; identity: IdentityService; status: StatusService; now: () => number; today: () => string; perDay: number }) {
  const { guardians, identity, status, now, today, perDay } = deps;

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
      const row = await findAppeal(db, appealId);
      if (!row || row.outcome !== null) throw new AppError('NOT_FOUND');
      if (input.accept) await withdrawFact(db, row.fact_type as AppealableFact, row.fact_id, now());
      await resolveAppeal(db, appealId, { outcome: input.accept ? 'accepted' : 'rejected', outcome_reason: input.reason.trim(), resolved_by: staff.accountId, resolved_at: now() });
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: input.accept ? 'appeal.accept' : 'appeal.reject', subjectPersonId: row.person_id, reason: input.reason.trim(), details: { appealId, factType: row.fact_type, factId: row.fact_id } });
      return status.recompute(db, row.person_id);
    },
  };
}
