/**
 * Contact tracing (时空伴随). A check-in is an instant; a visit is taken to last the configured window after
 * it, so two check-ins at the same venue overlap when they are strictly less than the window apart
 * (exactly the window apart, the visits only touch). The list is masked; pushing type A pop-ups to the
 * chosen people is one step, audited, and recomputes their statuses as a job.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { maskIdNumber, maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { findCase, insertPopup } from '../facts/facts.repository.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import type { StatusService } from '../status/status.service.ts';
import { caseVisits, checkinsNear } from './tracing.repository.ts';

export interface TracedContact {
  checkinId: string;
  personId: string;
  name: string;
  idNumber: string;
  venueName: string;
  checkedInAt: number;
  caseCheckedInAt: number;
  status: string;
}

export type TracingService = ReturnType<typeof createTracingService>;

export function createTracingService(deps: { identity: IdentityService; status: StatusService; jobs: JobsService; now: () => number; windowMs: number }) {
  const { identity, status, jobs, now, windowMs } = deps;

  return {
    async trace(db: Executor, actor: Actor | null, input: { caseId: string; from: number; to: number }) {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      if (input.to < input.from) throw invalid({ field: 'to', code: 'DATE_INVALID' });
      const found = await findCase(db, input.caseId);
      if (!found) throw new AppError('NOT_FOUND');
      const visits = await caseVisits(db, found.person_id, input.from, input.to);
      const contacts: TracedContact[] = [];
      const seen = new Set<string>();
      for (const visit of visits) {
        for (const near of await checkinsNear(db, visit.venue_id, visit.checked_in_at - windowMs, visit.checked_in_at + windowMs, found.person_id)) {
          if (seen.has(near.id)) continue;
          seen.add(near.id);
          const person = await identity.getPerson(db, near.person_id);
          contacts.push({
            checkinId: near.id,
            personId: near.person_id,
            name: maskName(person.name),
            idNumber: maskIdNumber(person.idNumber),
            venueName: visit.venue_name,
            checkedInAt: near.checked_in_at,
            caseCheckedInAt: visit.checked_in_at,
            status: (await status.current(db, near.person_id)).status,
          });
        }
      }
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'tracing.run', subjectPersonId: found.person_id, reason: null, details: { caseId: input.caseId, visits: visits.length, contacts: contacts.length } });
      const casePerson = await identity.getPerson(db, found.person_id);
      return {
        case: { id: input.caseId, kind: found.kind, name: maskName(casePerson.name) },
        visits: visits.map((v) => ({ checkinId: v.id, venueName: v.venue_name, checkedInAt: v.checked_in_at })),
        contacts: contacts.sort((a, b) => a.checkedInAt - b.checkedInAt),
        windowMinutes: windowMs / 60_000,
      };
    },

    /** Pushes a type A pop-up (时空伴随) to each chosen person and recomputes them. */
    async pushPopups(db: Executor, actor: Actor | null, input: { caseId: string; personIds: string[]; reason: string }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      if (input.reason.trim().length < 2) throw invalid({ field: 'reason', code: 'REQUIRED' });
      const people = [...new Set(input.personIds)];
      for (const personId of people) {
        await identity.getPerson(db, personId);
        await insertPopup(db, { personId, type: 'A', reason: input.reason.trim(), triggeredAt: now() });
        await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'popup.push', subjectPersonId: personId, reason: input.reason.trim(), details: { caseId: input.caseId } });
      }
      return { pushed: people.length, people };
    },

    startRecompute: (personIds: string[], createdBy: string) => jobs.recompute(personIds, createdBy, 'tracing'),
  };
}
