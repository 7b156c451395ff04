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
import { calendarDay, startOfCalendarDay, startOfNextCalendarDay } from '../../shared/calendar.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import type { IdType } from '../identity/id-document.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { HolderStatus } from '../rules/rules.engine.ts';
import type { StatusService } from '../status/status.service.ts';
import type { VerificationService } from '../verification/verification.service.ts';
import type { PublicVenue, Venue, VenuesService } from '../venues/venues.service.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import {
  addToDailyStats,
  checkinPartitionExists,
  countCheckinsBetween,
  createCheckinPartition,
  deleteCheckinsBetween,
  deleteLatestStaysBefore,
  dropCheckinPartition,
  listCheckinPartitions,
  listVisitsOf,
  lockCheckinPartitions,
  oldestCheckinBefore,
  type NewCheckin,
} from './checkins.repository.ts';
import { inTransaction } from '../../db/transactions.ts';

const DAY = 86_400_000;
/** How far back a holder sees their own check-ins: the 14 days every health code looks back. */
const VISIT_DAYS = 14;

export interface PassEntry {
  checkinId: string;
  personId: string;
  name: string;
  status: HolderStatus;
  /** Only green may enter; everyone is recorded. */
  mayEnter: boolean;
}

export interface Pass {
  venue: PublicVenue;
  checkedInAt: number;
  entries: PassEntry[];
}

export type CheckinsService = ReturnType<typeof createCheckinsService>;

export function createCheckinsService(deps: {
  /** Check-ins of concurrent requests are committed together; each request waits for its commit. */
  commit: GroupCommit<NewCheckin>;
  venues: VenuesService;
  guardians: GuardiansService;
  identity: IdentityService;
  status: StatusService;
  verification: VerificationService;
  now: () => number;
  timeZone: string;
  retentionDays: number;
  /** Check-ins are stored in day partitions (PostgreSQL). */
  partitioned: boolean;
  log: (error: unknown) => void;
}) {
  const { commit, venues, guardians, identity, status, verification, now, timeZone, retentionDays, partitioned, log } = deps;
  const partitionName = (dayStart: number) => `checkins_d${calendarDay(dayStart, timeZone).replaceAll('-', '')}`;

  async function record(db: Executor, venue: PublicVenue, personIds: string[], method: 'scan' | 'manual' | 'paper', recordedBy: string): Promise<Pass> {
    const at = now();
    const stayCounts = await status.stayCounts(db, venue.regionCode);
    const entries: PassEntry[] = [];
    const rows: NewCheckin[] = [];
    for (const personId of personIds) {
      const [person, current] = await Promise.all([identity.getMaskedPerson(db, personId), status.current(db, personId)]);
      const id = newId(at);
      entries.push({ checkinId: id, personId, name: person.name, status: current.status, mayEnter: current.status === 'green' });
      rows.push({ id, venue_id: venue.id, person_id: personId, checked_in_at: at, method, recorded_by_account_id: recordedBy, status: current.status, region_code: venue.regionCode, status_due: stayCounts });
    }
    await commit.add(rows);
    // The check-ins are acknowledged from here on: failing the request now would have a retry store them twice.
    // Asked again: an area declared while they were being committed may have missed them.
    try {
      if (stayCounts || (await status.stayCounts(db, venue.regionCode))) await status.afterStay(db, personIds);
    } catch (error) {
      log(error);
    }
    return { venue, checkedInAt: at, entries };
  }

  async function ownActiveVenue(db: Executor, actor: Actor | null): Promise<{ guard: Actor; venue: Venue }> {
    const guard = requireRole(actor, ['venue_manager']);
    const venue = await venues.mine(db, guard);
    if (venue.suspended) throw new AppError('VENUE_SUSPENDED');
    return { guard, venue };
  }

  return {
    /**
     * 14天内个人到访地: where a person checked in over the last 14 days, newest first, each place with the
     * level of any risk area in force there now. For the person and their guardians only.
     */
    async visits(db: Executor, actor: Actor | null, personId: string) {
      await guardians.requireActingFor(db, actor, personId);
      const rows = await listVisitsOf(db, personId, now() - VISIT_DAYS * DAY, 500);
      return Promise.all(
        rows.map(async (row) => ({
          checkinId: row.id,
          checkedInAt: row.checked_in_at,
          method: row.method as 'scan' | 'manual' | 'paper',
          venueName: row.venue_name,
          regionCode: row.region_code,
          riskLevel: await status.riskLevelNow(db, row.region_code),
        })),
      );
    },

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
        const outcome = await verification.evaluate(db, input.paperCode, now(), false);
        if (outcome.result !== 'valid' || !outcome.subject || outcome.issuer === null || !(await identity.getPerson(db, outcome.subject).catch(() => undefined))) {
          throw invalid({ field: 'paperCode', code: 'INVALID_FORMAT' });
        }
        return record(db, venue, [outcome.subject], outcome.kind === 'paper' ? 'paper' : 'manual', guard.accountId);
      }
      if (!input.idType || !input.idNumber) throw invalid({ field: 'idNumber', code: 'REQUIRED' });
      const person = await identity.findByTypedDocument(db, input.idType, input.idNumber);
      if (!person) throw new AppError('VISITOR_NOT_FOUND');
      return record(db, venue, [person.id], 'manual', guard.accountId);
    },

    /**
     * On PostgreSQL, the day partitions for the `days` local days from `from` on (today and the next two by
     * default), so that new check-ins land in a partition the purge can drop. Run at start and hourly.
     */
    async preparePartitions(db: Db, from = now(), days = 3): Promise<number> {
      if (!partitioned) return 0;
      let created = 0;
      for (let i = 0, dayStart = startOfCalendarDay(from, timeZone); i < days; i++, dayStart = startOfNextCalendarDay(dayStart, timeZone)) {
        const dayEnd = startOfNextCalendarDay(dayStart, timeZone);
        created += await inTransaction(db, async (trx) => {
          await lockCheckinPartitions(trx);
          if (await checkinPartitionExists(trx, partitionName(dayStart))) return 0;
          await createCheckinPartition(trx, partitionName(dayStart), dayStart, dayEnd);
          return 1;
        });
      }
      return created;
    },

    /**
     * Deletes check-ins older than the retention period, exactly those, after adding them to the daily
     * per-venue totals: one local day per transaction. A day wholly past the retention that has its own
     * partition (PostgreSQL) is dropped at once; otherwise its rows are deleted.
     */
    async purge(db: Db): Promise<{ deleted: number; cutoff: number }> {
      const cutoff = now() - retentionDays * DAY;
      let deleted = 0;
      for (let oldest = await oldestCheckinBefore(db, cutoff); oldest !== undefined; oldest = await oldestCheckinBefore(db, cutoff)) {
        const dayStart = startOfCalendarDay(oldest, timeZone);
        const dayEnd = startOfNextCalendarDay(oldest, timeZone);
        const to = Math.min(dayEnd, cutoff);
        const day = calendarDay(dayStart, timeZone);
        deleted += await inTransaction(db, async (trx) => {
          // Another process purging at the same time would count the same day twice.
          if (partitioned) await lockCheckinPartitions(trx);
          const totals = new Map<string, { venue_id: string; day: string; visits: number; green: number; yellow: number; red: number; other: number }>();
          for (const { venue_id, status, visits } of await countCheckinsBetween(trx, dayStart, to)) {
            const total = totals.get(venue_id) ?? { venue_id, day, visits: 0, green: 0, yellow: 0, red: 0, other: 0 };
            total.visits += visits;
            total[status === 'green' || status === 'yellow' || status === 'red' ? status : 'other'] += visits;
            totals.set(venue_id, total);
          }
          for (const total of totals.values()) await addToDailyStats(trx, total);
          if (partitioned && to === dayEnd && (await checkinPartitionExists(trx, partitionName(dayStart)))) return dropCheckinPartition(trx, partitionName(dayStart));
          return deleteCheckinsBetween(trx, dayStart, to);
        });
      }
      await deleteLatestStaysBefore(db, cutoff);
      // Days past the retention that had no check-ins left still have (empty) partitions.
      if (partitioned) {
        deleted += await inTransaction(db, async (trx) => {
          await lockCheckinPartitions(trx);
          let dropped = 0;
          for (const partition of await listCheckinPartitions(trx)) if (partition.to <= cutoff) dropped += await dropCheckinPartition(trx, partition.name);
          return dropped;
        });
      }
      return { deleted, cutoff };
    },
  };
}
