/**
 * Builds every long-lived dependency once (store, keys, services) and hands them to the HTTP app,
 * the CLI and the tests alike. Nothing here reads the environment; it gets a validated Config.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { createInvalidationBus, type InvalidationBus } from './cache/invalidation-bus.ts';
import { cacheMaker } from './cache/read-through-cache.ts';
import type { Config } from './config.ts';
import { calendarDay } from './shared/calendar.ts';
import { readOrCreateKeyFile } from './crypto/key-files.ts';
import { PersonalDataCipher } from './crypto/personal-data-cipher.ts';
import { openDatabase, type Db, type DialectName } from './db/database.ts';
import { GroupCommit } from './db/group-commit.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { storeCheckinsQueries, type NewCheckin } from './modules/checkins/checkins.repository.ts';
import { insertVerificationsQuery, type VerificationRow } from './modules/verification/verification.repository.ts';
import { createAccountsService, type AccountsService } from './modules/accounts/accounts.service.ts';
import { createCodesService, type CodesService } from './modules/codes/codes.service.ts';
import { createSigningKeys, type SigningKeys } from './modules/codes/signing-keys.ts';
import { createDeclarationsService, type DeclarationsService } from './modules/declarations/declarations.service.ts';
import { createGuardiansService, type GuardiansService } from './modules/guardians/guardians.service.ts';
import { createRulesService, type RulesService } from './modules/rules/rules.service.ts';
import { createStatusService, type StatusService } from './modules/status/status.service.ts';
import { createOrganisationsService, type OrganisationsService } from './modules/organisations/organisations.service.ts';
import { createStaffService, type StaffService } from './modules/staff/staff.service.ts';
import { createPaperCodesService, type PaperCodesService } from './modules/paper-codes/paper-codes.service.ts';
import { createPartnersService, type PartnersService } from './modules/partners/partners.service.ts';
import { createVerificationService, type VerificationService } from './modules/verification/verification.service.ts';
import { createCheckinsService, type CheckinsService } from './modules/checkins/checkins.service.ts';
import { createVenueTokens } from './modules/venues/venue-token.ts';
import { createAppealsService, type AppealsService } from './modules/appeals/appeals.service.ts';
import { createAuditService, type AuditService } from './modules/audit/audit.service.ts';
import { createLinkedCodesService, type LinkedCodesService } from './modules/linked-codes/linked-codes.service.ts';
import { createStatusHistoryService, type StatusHistoryService } from './modules/status-history/status-history.service.ts';
import { createCounters, type Counters } from './modules/dashboard/counters.ts';
import { createDashboardService, type DashboardService } from './modules/dashboard/dashboard.service.ts';
import { createFactsService, type FactsService } from './modules/facts/facts.service.ts';
import { createJobsService, type JobsService } from './modules/jobs/jobs.service.ts';
import { createOverridesService, type OverridesService } from './modules/overrides/overrides.service.ts';
import { logSmsSender, type SmsSender } from './modules/accounts/sms.ts';
import { createRuleSetsService, type RuleSetsService } from './modules/rules/rule-sets.service.ts';
import { createTracingService, type TracingService } from './modules/tracing/tracing.service.ts';
import { createVenuesService, type VenuesService } from './modules/venues/venues.service.ts';
import { documentConsistencyVerifier, type IdentityVerifier } from './modules/identity/identity-verifier.ts';
import { createIdentityService, type IdentityService } from './modules/identity/identity.service.ts';

export interface Deps {
  config: Config;
  db: Db;
  dialect: DialectName;
  /** Shared cache and rate-limit store when REDIS_URL is set; otherwise everything stays in-process. */
  redis: Redis | null;
  /** Tells every process (workers, machines) that cached data changed. */
  bus: InvalidationBus;
  /** This process's Prometheus metrics. */
  metrics: Metrics;
  now: () => number;
  /** 'YYYY-MM-DD' of `now()` in the platform's time zone. */
  today: () => string;
  cipher: PersonalDataCipher;
  identity: IdentityService;
  accounts: AccountsService;
  guardians: GuardiansService;
  rules: RulesService;
  status: StatusService;
  declarations: DeclarationsService;
  signingKeys: SigningKeys;
  codes: CodesService;
  organisations: OrganisationsService;
  staff: StaffService;
  partners: PartnersService;
  paperCodes: PaperCodesService;
  verification: VerificationService;
  venues: VenuesService;
  checkins: CheckinsService;
  jobs: JobsService;
  facts: FactsService;
  tracing: TracingService;
  ruleSets: RuleSetsService;
  overrides: OverridesService;
  appeals: AppealsService;
  counters: Counters;
  dashboard: DashboardService;
  audit: AuditService;
  linkedCodes: LinkedCodesService;
  statusHistory: StatusHistoryService;
  /** Lets this process's jobs end (`jobs.stop`), then flushes the counters and closes the store. */
  close(): Promise<void>;
}

export interface DepsOverrides {
  /** Where background failures are reported (the app's logger once it exists). */
  log?: (error: unknown) => void;
  now?: () => number;
  identityVerifier?: IdentityVerifier;
  /** The SMS gateway for one-time sign-in codes; by default they are written to the server's log. */
  smsSender?: SmsSender;
  /** SQLite file instead of `<data dir>/healthcode.sqlite` (tests use ':memory:'). */
  sqliteFile?: string;
}

/** The embedded store's file, under the data directory. */
export const embeddedStoreFile = (config: Config) => path.join(config.dataPath, 'healthcode.sqlite');

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const now = overrides.now ?? Date.now;
  const today = () => calendarDay(now(), config.timeZone);
  const { db, dialect, writeBatch, commitGroup } = openDatabase({
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    sqliteFile: overrides.sqliteFile ?? embeddedStoreFile(config),
  });
  await migrateToLatest(db);
  const log = overrides.log ?? ((error: unknown) => console.error(error));
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  // Once when Redis becomes unreachable, not at every attempt to reconnect (ioredis prints each unhandled one).
  let redisDown = false;
  redis?.on('error', (error) => {
    if (!redisDown) log(error);
    redisDown = true;
  });
  redis?.on('ready', () => (redisDown = false));
  const bus = createInvalidationBus({ redis, log });
  const cacheEntries = config.cacheEntries;
  const metrics = createMetrics();
  const caches = cacheMaker(cacheEntries, metrics.watchCache);
  const cipher = new PersonalDataCipher(config.masterKey ?? readOrCreateKeyFile(config.dataPath, 'master.key'));
  const identity = createIdentityService({ cipher, verifier: overrides.identityVerifier ?? documentConsistencyVerifier, now, today, caches });
  const sms = overrides.smsSender ?? logSmsSender((line) => process.stdout.write(`${line}\n`));
  const accounts = createAccountsService({ cipher, identity, now, sessionTtlSeconds: config.sessionTtlSeconds, bus, caches, sms, log });
  const guardians = createGuardiansService({ identity, now, maxDependents: config.maxDependents, maxGuardians: config.maxGuardians });
  const rules = await createRulesService(db, now);
  bus.on('rules', () => void rules.reload().catch(log));
  const status = createStatusService({ rules, bus, caches, now, timeZone: config.timeZone, writeBatch, lockRows: dialect === 'postgres', historyRetentionDays: config.statusHistoryRetentionDays });
  const declarations = createDeclarationsService({ cipher, guardians, status, now, today, perDay: config.declarationsPerDay, retentionDays: config.declarationRetentionDays });
  const signingKeys = await createSigningKeys(db, { cipher, now, codeTtlSeconds: config.codeTtlSeconds });
  bus.on('signing_key', () => void signingKeys.reload().catch(log));
  const codes = createCodesService({
    keys: signingKeys,
    guardians,
    identity,
    status,
    now,
    issuerId: config.issuerId,
    publicUrl: config.publicUrl,
    codeTtlSeconds: config.codeTtlSeconds,
    cacheEntries,
  });
  const organisations = createOrganisationsService({ accounts, now });
  const staff = createStaffService({ accounts, cipher, now });
  const partners = await createPartnersService(db, { cipher, bus, now });
  bus.on('partner', () => void partners.reload().catch(log));
  const paperCodes = createPaperCodesService({ codes, guardians, identity, status, now, validDays: config.paperCodeDays });
  const verification = createVerificationService({
    commit: new GroupCommit(commitGroup, (rows: VerificationRow[]) => [insertVerificationsQuery(db, rows)], metrics.groupCommitObserver('verifications')),
    codes,
    partners,
    paperCodes,
    identity,
    status,
    now,
    issuerId: config.issuerId,
    issuerName: config.issuerName,
    retentionDays: config.verificationRetentionDays,
  });
  const venues = createVenuesService({
    cipher,
    accounts,
    bus,
    caches,
    tokens: createVenueTokens(cipher, config.venueCodeRotationSeconds * 1000),
    now,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
  });
  const checkins = createCheckinsService({
    commit: new GroupCommit(commitGroup, (rows: NewCheckin[]) => storeCheckinsQueries(db, rows), metrics.groupCommitObserver('checkins')),
    venues,
    guardians,
    identity,
    status,
    verification,
    now,
    timeZone: config.timeZone,
    retentionDays: config.checkinRetentionDays,
    partitioned: dialect === 'postgres',
    log,
  });
  const jobs = createJobsService({ db, status, bus, now, log });
  const facts = createFactsService({
    db,
    identity,
    status,
    jobs,
    rules,
    now,
    today,
    timeZone: config.timeZone,
    retentionDays: { labResults: config.labResultRetentionDays, popups: config.popupRetentionDays },
  });
  const tracing = createTracingService({ identity, status, jobs, now, windowMs: config.tracingWindowMinutes * 60_000 });
  const ruleSets = createRuleSetsService({ db, rules, jobs, identity, bus, now, timeZone: config.timeZone });
  const overridesService = createOverridesService({ accounts, identity, status, now });
  const appeals = createAppealsService({ guardians, identity, overrides: overridesService, status, now, today, perDay: config.appealsPerDay });
  const counters = createCounters(db, now);
  const dashboard = createDashboardService({ db, counters, now, timeZone: config.timeZone });
  const audit = createAuditService({ accounts, identity, now });
  const statusHistory = createStatusHistoryService({ guardians, identity, status });
  const linkedCodes = createLinkedCodesService({ guardians, identity, partners, now, issuerId: config.issuerId });
  return {
    config,
    db,
    dialect,
    redis,
    bus,
    metrics,
    now,
    today,
    cipher,
    identity,
    accounts,
    guardians,
    rules,
    status,
    declarations,
    signingKeys,
    codes,
    organisations,
    staff,
    partners,
    paperCodes,
    verification,
    venues,
    checkins,
    jobs,
    facts,
    tracing,
    ruleSets,
    overrides: overridesService,
    appeals,
    counters,
    dashboard,
    audit,
    linkedCodes,
    statusHistory,
    async close() {
      await jobs.stop();
      await counters.flush().catch(log);
      bus.close();
      redis?.disconnect();
      await db.destroy();
    },
  };
}
