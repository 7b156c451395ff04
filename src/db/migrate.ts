/** Runs the timestamped migrations in `migrations/` in order; called on every start. */
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as identityAndAccounts from './migrations/20261122T0540_identity_and_accounts.ts';
import * as declarationsFactsCodes from './migrations/20261122T0600_declarations_facts_codes.ts';
import * as verificationPartnersPaperCodes from './migrations/20261122T0700_verification_partners_paper_codes.ts';
import * as venuesCheckins from './migrations/20261122T0800_venues_checkins.ts';
import * as authorityConsole from './migrations/20261122T0900_authority_console.ts';
import * as checkinDayPartitions from './migrations/20261122T1000_checkin_day_partitions.ts';
import * as checkinCoveringIndexes from './migrations/20261122T1010_checkin_covering_indexes.ts';
import * as latestStays from './migrations/20261201T1400_latest_stays.ts';
import * as jobClaims from './migrations/20261201T1410_job_claims.ts';
import * as declarationsByRegion from './migrations/20261201T2000_declarations_by_region.ts';
import * as latestTestInStatus from './migrations/20261202T0100_latest_test_in_status.ts';
import * as signInCodes from './migrations/20261202T0200_sign_in_codes.ts';
import * as verificationsWithoutOrganisationIndex from './migrations/20261202T0900_verifications_without_organisation_index.ts';
import * as declarationsByTime from './migrations/20261202T0910_declarations_by_time.ts';
import * as finishedJobPayloads from './migrations/20261202T0920_finished_job_payloads.ts';
import * as linkedCodes from './migrations/20261203T0300_linked_codes.ts';
import * as overrideDeclines from './migrations/20261203T0900_override_declines.ts';
import * as staffAccountsDisabled from './migrations/20261203T1000_staff_accounts_disabled.ts';
import * as overrideAppeals from './migrations/20261203T1100_override_appeals.ts';
import * as latestStaysByPlace from './migrations/20261203T1300_latest_stays_by_place.ts';

/** Every migration, keyed by its timestamped name; new ones are appended here. */
const migrations: Record<string, Migration> = {
  '20261122T0540_identity_and_accounts': identityAndAccounts,
  '20261122T0600_declarations_facts_codes': declarationsFactsCodes,
  '20261122T0700_verification_partners_paper_codes': verificationPartnersPaperCodes,
  '20261122T0800_venues_checkins': venuesCheckins,
  '20261122T0900_authority_console': authorityConsole,
  '20261122T1000_checkin_day_partitions': checkinDayPartitions,
  '20261122T1010_checkin_covering_indexes': checkinCoveringIndexes,
  '20261201T1400_latest_stays': latestStays,
  '20261201T1410_job_claims': jobClaims,
  '20261201T2000_declarations_by_region': declarationsByRegion,
  '20261202T0100_latest_test_in_status': latestTestInStatus,
  '20261202T0200_sign_in_codes': signInCodes,
  '20261202T0900_verifications_without_organisation_index': verificationsWithoutOrganisationIndex,
  '20261202T0910_declarations_by_time': declarationsByTime,
  '20261202T0920_finished_job_payloads': finishedJobPayloads,
  '20261203T0300_linked_codes': linkedCodes,
  '20261203T0900_override_declines': overrideDeclines,
  '20261203T1000_staff_accounts_disabled': staffAccountsDisabled,
  '20261203T1100_override_appeals': overrideAppeals,
  '20261203T1300_latest_stays_by_place': latestStaysByPlace,
};

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((error as Error | undefined)?.message ?? error)}`);
  }
}
