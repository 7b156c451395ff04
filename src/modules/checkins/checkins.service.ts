/**
 * Check-ins (SPEC §6): a holder scans a venue code and is checked in at once, with chosen dependents;
 * a venue's guard registers visitors without phones by ID number or paper code. Check-ins are
 * append-only and acknowledged only once committed; red and yellow holders are checked in too (tracing
 * needs it) and their pass says they may not enter. Past the retention period they are deleted, their
 * daily per-venue totals kept.
 */
import type { Db, Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { calendarDay } from '../../shared/calendar.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import { validateIdDocument, type IdType } from '../identity/id-document.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { HolderStatus } from '../rules/rules.engine.ts';
import type { StatusService } from '../status/status.service.ts';
import type { VerificationService } from '../verification/verification.service.ts';
import type { Venue, VenuesService } from '../venues/venues.service.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import { addToDailyStats, checkinsBetween, deleteCheckinsBetween, oldestCheckinBefore, type CheckinRow } from './checkins.repository.ts';
import { inTransaction } from '../../db/transactions.ts';

const DAY = 86_400_000;

export interface PassEntry {
  checkinId: string;
  personId: string;
  name: string;
  status: HolderStatus;
  /** Only green may enter; everyone is recorded. */
  mayEnter: boolean;
}

export interface Pass {
  venue: Venue;
  checkedInAt: number;
  entries: PassEntry[];
}

export type CheckinsService = ReturnType<typeof createCheckinsService>;

export function createCheckinsService(deps: {
  /** Check-ins of concurrent requests are committed together; each request waits for its commit. */
  commit: GroupCommit<CheckinRow>;
  venues: VenuesService;
  guardians: GuardiansService;
  identity: IdentityService;
  status: StatusService;
  verification: VerificationService;
  now: () => number;
  timeZone: string;
  retentionDays: number;
}) {
  const { commit, venues, guardians, identity, status, verification, now, timeZone, retentionDays } = deps;

  async function record(db: Executor, venue: Venue, personIds: string[], method: 'scan' | 'manual' | 'paper', recordedBy: string): Promise<Pass> {
    const at = now();
    const entries: PassEntry[] = [];
    const rows: CheckinRow[] = [];
    for (const personId of personIds) {
      const [person, current] = await Promise.all([identity.getMaskedPerson(db, personId), status.current(db, personId)]);
      const id = newId(at);
      entries.push({ checkinId: id, personId, name: person.name, status: current.status, mayEnter: current.status === 'green' });
      rows.push({ id, venue_id: venue.id, person_id: personId, checked_in_at: at, method, recorded_by_account_id: recordedBy, status: current.status });
    }
    await commit.add(rows);
    return { venue, checkedInAt: at, entries };
  }

  async function ownActiveVenue(db: Executor, actor: Actor | null): Promise<{ guard: Actor; venue: Venue }> {
    const guard = requireRole(actor, ['venue_manager']);
    const venue = await venues.mine(db, guard);
    if (venue.suspended) throw new AppError('VENUE_SUSPENDED');
    return { guard, venue };
  }

  return {
    /** The holder (and the dependents they chose) at the venue a scanned code names. */
    async checkIn(db: Executor, actor: Actor | null, venueToken: string, personIds: string[]): Promise<Pass> {
      const holder = requireRole(actor, ['holder']);
      const unique = [...new Set(personIds)];
      if (unique.length === 0) throw invalid({ field: 'personIds', code: 'REQUIRED' });
      for (const personId of unique) await guardians.requireActingFor(db, holder, personId);
      const venue = await venues.resolveCode(db, venueToken);
      return record(db, venue, unique, 'scan', holder.accountId);
    },

    /** A guard registers a visitor without a phone: by document number, or by scanning their paper code. */
    async registerVisitor(db: Executor, actor: Actor | null, input: { idType?: IdType; idNumber?: string; paperCode?: string }): Promise<Pass> {
      const { guard, venue } = await ownActiveVenue(db, actor);
      if (input.paperCode) {
        const outcome = await verification.evaluate(db, input.paperCode.trim().replace(/^.*\/v\//, ''), now(), false);
        if (outcome.result !== 'valid' || !outcome.subject || outcome.issuer === null || !(await identity.getPerson(db, outcome.subject).catch(() => undefined))) {
          throw invalid({ field: 'paperCode', code: 'INVALID_FORMAT' });
        }
        return record(db, venue, [outcome.subject], outcome.kind === 'paper' ? 'paper' : 'manual', guard.accountId);
      }
      if (!input.idType || !input.idNumber) throw invalid({ field: 'idNumber', code: 'REQUIRED' });
      const document = validateIdDocument(input.idType, input.idNumber, calendarDay(now(), timeZone));
      if (!document.ok) throw invalid({ field: 'idNumber', code: document.code });
      const person = await identity.findByDocument(db, input.idType, document.idNumber);
      if (!person) throw new AppError('VISITOR_NOT_FOUND');
      return record(db, venue, [person.id], 'manual', guard.accountId);
    },

    /**
     * Deletes check-ins older than the retention period, exactly those, after adding them to the daily
     * per-venue totals. Works through one day of check-ins per transaction so memory stays bounded.
     */
    async purge(db: Db): Promise<{ deleted: number; cutoff: number }> {
      const cutoff = now() - retentionDays * DAY;
      let deleted = 0;
      for (let from = await oldestCheckinBefore(db, cutoff); from !== undefined; from = await oldestCheckinBefore(db, cutoff)) {
        const to = Math.min(from + DAY, cutoff);
        deleted += await inTransaction(db, async (trx) => {
          const totals = new Map<string, { venue_id: string; day: string; visits: number; green: number; yellow: number; red: number; other: number }>();
          for (const row of await checkinsBetween(trx, from, to)) {
            const day = calendarDay(row.checked_in_at, timeZone);
            const key = `${row.venue_id}|${day}`;
            const total = totals.get(key) ?? { venue_id: row.venue_id, day, visits: 0, green: 0, yellow: 0, red: 0, other: 0 };
            total.visits++;
            const colour = row.status === 'green' || row.status === 'yellow' || row.status === 'red' ? row.status : 'other';
            total[colour]++;
            totals.set(key, total);
          }
          for (const total of totals.values()) await addToDailyStats(trx, total);
          return deleteCheckinsBetween(trx, from, to);
        });
      }
      return { deleted, cutoff };
    },
  };
}
