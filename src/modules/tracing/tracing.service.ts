/**
 * Contact tracing (时空伴随). A check-in is an instant; a visit is taken to last the configured window after
 * it, so two check-ins at the same venue overlap when they are strictly less than the window apart
 * (exactly the window apart, the visits only touch). A venue found to be exposed (重点涉疫场所) is traced
 * by itself: everyone who checked in there in a period. The lists are masked; pushing type A pop-ups to the
 * chosen people is one step, audited, and recomputes their statuses as a job.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { maskIdNumber, maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { findCase, insertPopup } from '../facts/facts.repository.ts';
import { findVenueById } from '../venues/venues.repository.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import type { StatusService } from '../status/status.service.ts';
import { caseVisits, venueCheckins } from './tracing.repository.ts';

/** Someone who checked in where they may have been exposed: masked, with their colour now. */
export interface Visitor {
  checkinId: string;
  personId: string;
  name: string;
  idNumber: string;
  venueName: string;
  checkedInAt: number;
  status: string;
}

export interface TracedContact extends Visitor {
  caseCheckedInAt: number;
}

const DAY = 86_400_000;
/** The longest period a venue is traced over: a week of a busy mall's check-ins is tens of thousands of people. */
export const VENUE_TRACING_MAX_DAYS = 7;

export type TracingService = ReturnType<typeof createTracingService>;

export function createTracingService(deps: { identity: IdentityService; status: StatusService; jobs: JobsService; now: () => number; windowMs: number }) {
  const { identity, status, jobs, now, windowMs } = deps;

  async function visitorOf(db: Executor, checkin: { id: string; person_id: string; checked_in_at: number }, venueName: string): Promise<Visitor> {
    const person = await identity.getPerson(db, checkin.person_id);
    return {
      checkinId: checkin.id,
      personId: checkin.person_id,
      name: maskName(person.name),
      idNumber: maskIdNumber(person.idNumber),
      venueName,
      checkedInAt: checkin.checked_in_at,
      status: (await status.current(db, checkin.person_id)).status,
    };
  }

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
        // Strictly less than the window apart: times are whole milliseconds, so the range stops a millisecond short.
        for (const near of await venueCheckins(db, visit.venue_id, visit.checked_in_at - windowMs + 1, visit.checked_in_at + windowMs - 1)) {
          if (near.person_id === found.person_id || seen.has(near.id)) continue;
          seen.add(near.id);
          contacts.push({ ...(await visitorOf(db, near, visit.venue_name)), caseCheckedInAt: visit.checked_in_at });
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

    /** Everyone who checked in at a venue found to be exposed (重点涉疫场所) within a period of at most a week. */
    async traceVenue(db: Executor, actor: Actor | null, input: { venueId: string; from: number; to: number }) {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      if (input.to < input.from) throw invalid({ field: 'to', code: 'DATE_INVALID' });
      if (input.to - input.from > VENUE_TRACING_MAX_DAYS * DAY) throw invalid({ field: 'to', code: 'PERIOD_TOO_LONG', params: { days: VENUE_TRACING_MAX_DAYS } });
      const venue = await findVenueById(db, input.venueId);
      if (!venue) throw new AppError('NOT_FOUND');
      const visitors: Visitor[] = [];
      for (const checkin of await venueCheckins(db, venue.id, input.from, input.to)) visitors.push(await visitorOf(db, checkin, venue.name));
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'tracing.venue', subjectPersonId: null, reason: null, details: { venueId: venue.id, from: input.from, to: input.to, visitors: visitors.length } });
      return { venue: { id: venue.id, name: venue.name }, visitors };
    },

    /** Pushes a type A pop-up to each chosen person, traced from a case (时空伴随) or an exposed venue, and recomputes them. */
    async pushPopups(db: Executor, actor: Actor | null, input: { caseId?: string; venueId?: string; personIds: string[]; reason: string }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      if ((input.caseId === undefined) === (input.venueId === undefined)) throw invalid({ field: 'caseId', code: 'REQUIRED' });
      if (input.reason.trim().length < 2) throw invalid({ field: 'reason', code: 'REQUIRED' });
      const tracedFrom = input.caseId !== undefined ? { caseId: input.caseId } : { venueId: input.venueId };
      const people = [...new Set(input.personIds)];
      for (const personId of people) {
        await identity.getPerson(db, personId);
        await insertPopup(db, { personId, type: 'A', reason: input.reason.trim(), triggeredAt: now() });
        await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'popup.push', subjectPersonId: personId, reason: input.reason.trim(), details: tracedFrom });
      }
      return { pushed: people.length, people };
    },

    startRecompute: (personIds: string[], createdBy: string) => jobs.recompute(personIds, createdBy, 'tracing'),
  };
}
