/**
 * Venues (场所码): a holder applies for one venue code (one per person) and becomes its manager; the poster
 * carries a static code, an optional screen a rotating one. The authority suspends and reinstates venues
 * and grants statistics; venues see aggregates only, never who visited.
 */
import QRCode from 'qrcode';
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, invalid, type FieldError } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, requireSignedIn, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { dateTimeFormat } from '../../shared/calendar.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import { insertAuditEntry, type AuditAction } from '../audit/audit.repository.ts';
import { normalizeName, normalizePhone } from '../identity/id-document.ts';
import { findRegion } from '../regions/regions.data.ts';
import { regionPrefix } from '../rules/rules.engine.ts';
import type { VenueTokens } from './venue-token.ts';
import type { InvalidationBus } from '../../cache/invalidation-bus.ts';
import type { CacheMaker } from '../../cache/read-through-cache.ts';
import { afterCommit } from '../../db/transactions.ts';
import { findVenueById, findVenueByOwner, hourlyVisits, insertVenue, listVenues, updateVenue, type VenueFilter, type VenueRow } from './venues.repository.ts';

export const VENUE_CATEGORIES = [
  'government',
  'factory',
  'mall',
  'restaurant',
  'bank',
  'hospital',
  'scenic_spot',
  'hotel',
  'transport',
  'community',
  'village',
  'school',
  'other',
] as const;
export type VenueCategory = (typeof VENUE_CATEGORIES)[number];

export interface VenueInput {
  name: string;
  category: VenueCategory;
  address: string;
  regionCode: string;
  contactName: string;
  contactPhone: string;
}

export interface Venue {
  id: string;
  name: string;
  category: VenueCategory;
  address: string;
  regionCode: string;
  contactName: string;
  contactPhone: string;
  suspended: boolean;
  suspendReason: string | null;
  screenOnly: boolean;
  statsRequestedAt: number | null;
  statsGrantedAt: number | null;
  createdAt: number;
}

/** What anyone holding the venue's code may know of it: no contact details, so nothing to decrypt. */
export type PublicVenue = Pick<Venue, 'id' | 'name' | 'category' | 'address' | 'regionCode'>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type VenuesService = ReturnType<typeof createVenuesService>;

export function createVenuesService(deps: {
  cipher: PersonalDataCipher;
  accounts: AccountsService;
  tokens: VenueTokens;
  bus: InvalidationBus;
  caches: CacheMaker;
  now: () => number;
  publicUrl: string;
  timeZone: string;
}) {
  const { cipher, accounts, tokens, bus, now, publicUrl, timeZone } = deps;
  // Every check-in names its venue; venues change rarely (suspension, screen-only), and then say so.
  const venuesByCode = deps.caches.readThrough<{ venue: PublicVenue; suspended: boolean; screenOnly: boolean }>('venues');
  bus.on('venue', (venueIds) => venuesByCode.drop(venueIds));

  async function changeVenue(db: Executor, venueId: string, changes: Partial<VenueRow>): Promise<void> {
    await updateVenue(db, venueId, changes);
    afterCommit(db, () => bus.publish('venue', [venueId]));
  }

  const open = (row: VenueRow): Venue => ({
    id: row.id,
    name: row.name,
    category: row.category as VenueCategory,
    address: row.address,
    regionCode: row.region_code,
    contactName: cipher.decrypt(row.contact_name_sealed),
    contactPhone: cipher.decrypt(row.contact_phone_sealed),
    suspended: row.suspended_at !== null,
    suspendReason: row.suspend_reason,
    screenOnly: row.screen_only === 1,
    statsRequestedAt: row.stats_requested_at,
    statsGrantedAt: row.stats_granted_at,
    createdAt: row.created_at,
  });

  async function ownVenue(db: Executor, actor: Actor | null): Promise<VenueRow> {
    const manager = requireRole(actor, ['venue_manager']);
    const row = await findVenueByOwner(db, manager.accountId);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  const qr = (url: string) => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

  async function authorityChange(db: Executor, actor: Actor | null, venueId: string, action: AuditAction, reason: string | null, changes: Partial<VenueRow>) {
    const staff = requireRole(actor, AUTHORITY_ROLES);
    if (reason !== null && reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
    if (!(await findVenueById(db, venueId))) throw new AppError('NOT_FOUND');
    await changeVenue(db, venueId, changes);
    await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action, subjectPersonId: null, reason: reason?.trim() ?? null, details: { venueId } });
  }

  return {
    async apply(db: Executor, actor: Actor | null, input: VenueInput): Promise<Venue> {
      const applicant = requireSignedIn(actor);
      const existing = await findVenueByOwner(db, applicant.accountId);
      if (existing) throw new AppError('VENUE_EXISTS', { params: { name: existing.name } });
      const fields: FieldError[] = [];
      const name = input.name.trim();
      if ([...name].length < 2 || [...name].length > 60) fields.push({ field: 'name', code: name ? 'VENUE_NAME_INVALID' : 'REQUIRED' });
      if (!input.address.trim()) fields.push({ field: 'address', code: 'REQUIRED' });
      if (findRegion(input.regionCode)?.level !== 'county') fields.push({ field: 'regionCode', code: input.regionCode ? 'REGION_UNKNOWN' : 'REQUIRED' });
      const contactName = normalizeName(input.contactName);
      if (!contactName) fields.push({ field: 'contactName', code: input.contactName.trim() ? 'NAME_INVALID' : 'REQUIRED' });
      const contactPhone = normalizePhone(input.contactPhone);
      if (!contactPhone) fields.push({ field: 'contactPhone', code: input.contactPhone.trim() ? 'PHONE_INVALID' : 'REQUIRED' });
      if (fields.length > 0 || !contactName || !contactPhone) throw invalid(...fields);
      const row: VenueRow = {
        id: newId(now()),
        owner_account_id: applicant.accountId,
        name,
        category: input.category,
        address: input.address.trim(),
        region_code: input.regionCode,
        contact_name_sealed: cipher.encrypt(contactName),
        contact_phone_sealed: cipher.encrypt(contactPhone),
        suspended_at: null,
        suspend_reason: null,
        screen_only: 0,
        stats_requested_at: null,
        stats_granted_at: null,
        created_at: now(),
      };
      await insertVenue(db, row);
      await accounts.grantRole(db, applicant.accountId, 'venue_manager');
      return open(row);
    },

    async mine(db: Executor, actor: Actor | null): Promise<Venue> {
      return open(await ownVenue(db, actor));
    },

    async posterCode(db: Executor, actor: Actor | null) {
      const venue = await ownVenue(db, actor);
      const url = `${publicUrl}/c/${tokens.poster(venue.id)}`;
      return { venue: open(venue), url, qrSvg: await qr(url) };
    },

    async screenCode(db: Executor, actor: Actor | null) {
      const venue = await ownVenue(db, actor);
      const { token, validUntil } = tokens.screen(venue.id, now());
      const url = `${publicUrl}/c/${token}`;
      return { venue: open(venue), url, qrSvg: await qr(url), validUntil, serverTime: now() };
    },

    async setScreenOnly(db: Executor, actor: Actor | null, screenOnly: boolean): Promise<Venue> {
      const venue = await ownVenue(db, actor);
      await changeVenue(db, venue.id, { screen_only: screenOnly ? 1 : 0 });
      return open({ ...venue, screen_only: screenOnly ? 1 : 0 });
    },

    /** The venue a scanned code names, if the code may be used now. Public: the check-in page shows the venue before sign-in. */
    async resolveCode(db: Executor, token: string): Promise<PublicVenue> {
      const check = tokens.check(token, now());
      if (!check.ok) throw new AppError(check.problem === 'STALE' ? 'VENUE_CODE_STALE' : 'VENUE_CODE_INVALID');
      const at = now();
      const found = await venuesByCode.get(check.venueId, at, async () => {
        const row = await findVenueById(db, check.venueId);
        if (!row) return undefined;
        const venue = { id: row.id, name: row.name, category: row.category as VenueCategory, address: row.address, regionCode: row.region_code };
        return { value: { venue, suspended: row.suspended_at !== null, screenOnly: row.screen_only === 1 }, expiresAt: Infinity };
      });
      if (!found) throw new AppError('VENUE_CODE_INVALID');
      if (found.suspended) throw new AppError('VENUE_SUSPENDED');
      if (found.screenOnly && check.kind === 'static') throw new AppError('VENUE_SCREEN_ONLY');
      return found.venue;
    },

    async requestStats(db: Executor, actor: Actor | null): Promise<Venue> {
      const venue = await ownVenue(db, actor);
      const at = venue.stats_requested_at ?? now();
      await changeVenue(db, venue.id, { stats_requested_at: at });
      return open({ ...venue, stats_requested_at: at });
    },

    /** Visits per hour (last 24 h), per day and colour (last 14 days). Only once the authority has granted it. */
    async stats(db: Executor, actor: Actor | null) {
      const venue = await ownVenue(db, actor);
      if (venue.stats_granted_at === null) throw new AppError('STATS_NOT_GRANTED');
      const at = now();
      const rows = await hourlyVisits(db, venue.id, at - 14 * DAY);
      const dayFormat = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      const hourFormat = dateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
      const days = new Map<string, { day: string; visits: number; green: number; yellow: number; red: number; other: number }>();
      for (let d = 13; d >= 0; d--) {
        const day = dayFormat.format(at - d * DAY);
        days.set(day, { day, visits: 0, green: 0, yellow: 0, red: 0, other: 0 });
      }
      const hours = Array.from({ length: 24 }, (_, i) => ({ hourStart: (Math.floor(at / HOUR) - 23 + i) * HOUR, label: '', visits: 0 }));
      for (const h of hours) h.label = hourFormat.format(h.hourStart);
      for (const row of rows) {
        const bucket = days.get(dayFormat.format(row.hour * HOUR));
        if (bucket) {
          bucket.visits += row.visits;
          const colour = row.status === 'green' || row.status === 'yellow' || row.status === 'red' ? row.status : 'other';
          bucket[colour] += row.visits;
        }
        const hour = hours.find((h) => h.hourStart === row.hour * HOUR);
        if (hour) hour.visits += row.visits;
      }
      const daily = [...days.values()];
      const total = (list: typeof daily) => list.reduce((sum, d) => sum + d.visits, 0);
      return {
        hourly: hours.map(({ label, visits, hourStart }) => ({ hourStart, label, visits })),
        daily,
        colourMix: daily.reduce((mix, d) => ({ green: mix.green + d.green, yellow: mix.yellow + d.yellow, red: mix.red + d.red, other: mix.other + d.other }), { green: 0, yellow: 0, red: 0, other: 0 }),
        trend: { last7Days: total(daily.slice(7)), previous7Days: total(daily.slice(0, 7)) },
      };
    },

    /** A page of venues, newest first; a region at any level (130000, 130600, 130602) covers the venues under it. */
    async list(db: Executor, actor: Actor | null, filter: Omit<VenueFilter, 'regionPrefix'> & { regionCode?: string }) {
      requireRole(actor, AUTHORITY_ROLES);
      const { regionCode, ...rest } = filter;
      if (regionCode !== undefined && !findRegion(regionCode)) throw invalid({ field: 'regionCode', code: 'REGION_UNKNOWN' });
      const venues = await listVenues(db, { ...rest, nameContains: filter.nameContains?.trim(), ...(regionCode !== undefined && { regionPrefix: regionPrefix(regionCode) }) });
      return venues.map(open);
    },

    suspend: (db: Executor, actor: Actor | null, venueId: string, reason: string) =>
      authorityChange(db, actor, venueId, 'venue.suspend', reason, { suspended_at: now(), suspend_reason: reason.trim() }),
    reinstate: (db: Executor, actor: Actor | null, venueId: string, reason: string) =>
      authorityChange(db, actor, venueId, 'venue.reinstate', reason, { suspended_at: null, suspend_reason: null }),
    grantStats: (db: Executor, actor: Actor | null, venueId: string) => authorityChange(db, actor, venueId, 'venue.stats_grant', null, { stats_granted_at: now() }),
  };
}
