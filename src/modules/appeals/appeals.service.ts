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

/** Facts a holder can dispute, with the table that holds each and how accepting withdraws it. */
export const APPEALABLE = ['case', 'close_contact', 'popup', 'declaration', 'checkin'] as const;
export type AppealableFact = (typeof APPEALABLE)[number];

const TABLES = { case: 'cases', close_contact: 'close_contacts', popup: 'popups', declaration: 'declarations', checkin: 'checkins' } as const;

async function withdraw(db: Executor, fact: AppealableFact, id: string, at: number): Promise<void> {
  switch (fact) {
    case 'popup':
      await db.updateTable('popups').set({ lifted_at: at }).where('id', '=', id).execute();
      return;
    case 'declaration':
      await db.updateTable('declarations').set({ marked_false_at: null }).where('id', '=', id).execute();
      return;
    case 'case':
      await db.deleteFrom('cases').where('id', '=', id).execute();
      return;
    case 'close_contact':
      await db.deleteFrom('close_contacts').where('id', '=', id).execute();
      return;
    case 'checkin':
      await db.deleteFrom('checkins').where('id', '=', id).execute();
      return;
  }
}

export type AppealsService = ReturnType<typeof createAppealsService>;

export function createAppealsService(deps: { guardians: GuardiansService; identity: IdentityService; status: StatusService; now: () => number; today: () => string; perDay: number }) {
  const { guardians, identity, status, now, today, perDay } = deps;

  const present = (r: { id: string; person_id: string; fact_type: string; fact_id: string; message: string; filed_at: number; outcome: string | null; outcome_reason: string | null; resolved_at: number | null }) => ({
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
      const fact = await db.selectFrom(TABLES[input.factType]).select('person_id').where('id', '=', input.factId).executeTakeFirst();
      if (!fact || fact.person_id !== personId) throw new AppError('NOT_FOUND');
      const filedToday = await db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', personId).where('day', '=', today()).executeTakeFirstOrThrow();
      if (Number(filedToday.n) >= perDay) throw new AppError('APPEAL_LIMIT', { params: { limit: perDay } });
      const row = { id: newId(now()), person_id: personId, filed_by_account_id: holder.accountId, fact_type: input.factType, fact_id: input.factId, message: input.message.trim(), filed_at: now(), day: today(), outcome: null, outcome_reason: null, resolved_by: null, resolved_at: null };
      await db.insertInto('appeals').values(row).execute();
      return present(row);
    },

    async mine(db: Executor, actor: Actor | null, personId: string) {
      await guardians.requireActingFor(db, actor, personId);
      return (await db.selectFrom('appeals').selectAll().where('person_id', '=', personId).orderBy('filed_at', 'desc').execute()).map(present);
    },

    async open(db: Executor, actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      const rows = await db.selectFrom('appeals').selectAll().where('outcome', 'is', null).orderBy('filed_at').limit(200).execute();
      return Promise.all(rows.map(async (r) => ({ ...present(r), name: maskName((await identity.getPerson(db, r.person_id)).name) })));
    },

    async resolve(db: Executor, actor: Actor | null, appealId: string, input: { accept: boolean; reason: string }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin', 'authority_approver']);
      if (input.reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      const row = await db.selectFrom('appeals').selectAll().where('id', '=', appealId).executeTakeFirst();
      if (!row || row.outcome !== null) throw new AppError('NOT_FOUND');
      if (input.accept) await withdraw(db, row.fact_type as AppealableFact, row.fact_id, now());
      await db
        .updateTable('appeals')
        .set({ outcome: input.accept ? 'accepted' : 'rejected', outcome_reason: input.reason.trim(), resolved_by: staff.accountId, resolved_at: now() })
        .where('id', '=', appealId)
        .execute();
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: input.accept ? 'appeal.accept' : 'appeal.reject', subjectPersonId: row.person_id, reason: input.reason.trim(), details: { appealId, factType: row.fact_type, factId: row.fact_id } });
      return status.recompute(db, row.person_id);
    },
  };
}
