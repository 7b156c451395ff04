/**
 * Table types for Kysely. Times are epoch milliseconds (bigint columns) so that both dialects store and
 * compare them the same way; sealed (encrypted) values and JSON are text.
 */
export interface PersonsTable {
  id: string;
  id_type: string;
  /** Keyed hash of id_type + normalised number: the only way a person is found by document. */
  id_lookup: string;
  id_number_sealed: string;
  name_sealed: string;
  /** How the identity was checked, e.g. 'document-consistency'. */
  identity_assurance: string;
  created_at: number;
}

export interface AccountsTable {
  id: string;
  phone_lookup: string;
  phone_sealed: string;
  password_hash: string;
  /** JSON array of roles. */
  roles: string;
  /** The person this account is (a holder's own code); null for staff accounts. */
  person_id: string | null;
  /** Staff display name (sealed); holders use their person's name. */
  display_name_sealed: string | null;
  /** Verifiers belong to an organisation (a checkpoint operator). */
  organisation_id: string | null;
  created_at: number;
  /** When an administrator disabled this staff account (it cannot sign in), and who; null while in use. */
  disabled_at: number | null;
  disabled_by: string | null;
}

export interface SignInCodesTable {
  phone_lookup: string;
  /** Keyed hash of the phone's lookup and the code: the code itself is never stored. */
  code_digest: string;
  expires_at: number;
  attempts_left: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor_account_id: string | null;
  action: string;
  subject_person_id: string | null;
  reason: string | null;
  /** JSON object with action-specific details; never personal data in the clear. */
  details: string;
}

export interface DeclarationsTable {
  id: string;
  person_id: string;
  declared_by_account_id: string;
  declared_at: number;
  /** Calendar day in the platform's time zone, 'YYYY-MM-DD'. */
  day: string;
  day_seq: number;
  contact_phone_sealed: string;
  address_sealed: string;
  region_code: string;
  temperature_tenths: number;
  /** JSON array of symptom codes. */
  symptoms: string;
  /** JSON array of GB/T 2260 codes visited in the last 14 days. */
  visited_regions: string;
  contact_with_case: string;
  arrived_from_abroad: number;
  marked_false_at: number | null;
}

export interface CasesTable {
  id: string;
  person_id: string;
  kind: string;
  opened_at: number;
  closed_at: number | null;
}

export interface CloseContactsTable {
  id: string;
  person_id: string;
  last_contact_at: number;
  recorded_at: number;
}

export interface PopupsTable {
  id: string;
  person_id: string;
  type: string;
  reason: string;
  triggered_at: number;
  lifted_at: number | null;
}

export interface LabResultsTable {
  id: string;
  person_id: string;
  sampled_at: number;
  result: string;
  lab: string;
}

export interface RiskAreasTable {
  id: string;
  region_code: string;
  level: string;
  valid_from: number;
  valid_to: number | null;
}

export interface PersonStatusTable {
  person_id: string;
  status: string;
  /** JSON array of engine reasons. */
  reasons: string;
  rule_set_version: string;
  computed_at: number;
  reevaluate_at: number | null;
}

export interface StatusHistoryTable {
  id: string;
  person_id: string;
  at: number;
  status: string;
  reasons: string;
  rule_set_version: string;
}

export interface RuleSetsTable {
  version: string;
  definition: string;
  effective_from: number;
  published_at: number;
  published_by: string | null;
}

export interface SigningKeysTable {
  kid: string;
  public_jwk: string;
  private_key_sealed: string;
  created_at: number;
  retired_at: number | null;
}

export interface GuardianshipsTable {
  guardian_person_id: string;
  dependent_person_id: string;
  relationship: string;
  created_at: number;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface VerificationsTable {
  id: string;
  client_check_id: string | null;
  checked_at: number;
  recorded_at: number;
  verifier_account_id: string;
  organisation_id: string | null;
  issuer_id: string | null;
  subject: string | null;
  paper_code_id: string | null;
  mode: string;
  result: string;
  status: string | null;
}

export interface PaperCodesTable {
  id: string;
  person_id: string;
  issued_by_account_id: string;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by_account_id: string | null;
  revoke_reason: string | null;
}

export interface PartnersTable {
  issuer_id: string;
  name: string;
  jwks_url: string | null;
  keys: string;
  keys_fetched_at: number | null;
  status_url: string | null;
  outbound_credential_sealed: string | null;
  inbound_credential_lookup: string;
  rate_per_minute: number;
  created_at: number;
}

export interface VenuesTable {
  id: string;
  owner_account_id: string;
  name: string;
  category: string;
  address: string;
  region_code: string;
  contact_name_sealed: string;
  contact_phone_sealed: string;
  suspended_at: number | null;
  suspend_reason: string | null;
  screen_only: number;
  stats_requested_at: number | null;
  stats_granted_at: number | null;
  created_at: number;
}

export interface CheckinsTable {
  id: string;
  venue_id: string;
  person_id: string;
  checked_in_at: number;
  /** scan (holder scanned the venue code), manual (guard typed the ID), paper (guard scanned a paper code). */
  method: string;
  recorded_by_account_id: string;
  /** The holder's colour when checking in. */
  status: string;
}

/** A person's latest check-in in a region (the venue's), kept as check-ins are stored. */
export interface LatestStaysTable {
  person_id: string;
  region_code: string;
  checkin_id: string;
  checked_in_at: number;
}

export interface VenueDailyStatsTable {
  venue_id: string;
  day: string;
  visits: number;
  green: number;
  yellow: number;
  red: number;
  other: number;
}

export interface OverridesTable {
  id: string;
  person_id: string;
  /** green, yellow or red; or `rules`: the colour goes back to what the rules decide. */
  status: string;
  reason: string;
  requested_by: string;
  requested_at: number;
  approved_by: string | null;
  approved_at: number | null;
  expires_at: number | null;
  declined_by: string | null;
  declined_at: number | null;
  decline_reason: string | null;
  /** The holder's appeal that this request (a return to the rules) answers; decided with it. */
  appeal_id: string | null;
}

export interface AppealsTable {
  id: string;
  person_id: string;
  filed_by_account_id: string;
  fact_type: string;
  fact_id: string;
  message: string;
  filed_at: number;
  day: string;
  outcome: string | null;
  outcome_reason: string | null;
  resolved_by: string | null;
  resolved_at: number | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  status: string;
  total: number;
  /** People handed out so far to the processes recomputing them (a recompute); may pass `total`. */
  claimed: number;
  /** When a batch of a recompute was last claimed or finished. */
  progressed_at: number | null;
  done: number;
  errors: string;
  created_by: string | null;
  created_at: number;
  finished_at: number | null;
}

/** What a job works on (a recompute: its people), apart from the row that is updated as it goes. */
export interface JobPayloadsTable {
  job_id: string;
  payload: string;
}

export interface HourlyCountersTable {
  name: string;
  hour: number;
  count: number;
}

export interface DailyColourCountsTable {
  day: string;
  status: string;
  people: number;
}

/** A holder's code on another platform: who they are there (`subject`), to ask for their colour there. */
export interface LinkedCodesTable {
  id: string;
  person_id: string;
  issuer_id: string;
  subject: string;
  linked_at: number;
}

export interface Database {
  persons: PersonsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  sign_in_codes: SignInCodesTable;
  audit_log: AuditLogTable;
  declarations: DeclarationsTable;
  cases: CasesTable;
  close_contacts: CloseContactsTable;
  popups: PopupsTable;
  lab_results: LabResultsTable;
  risk_areas: RiskAreasTable;
  person_status: PersonStatusTable;
  status_history: StatusHistoryTable;
  rule_sets: RuleSetsTable;
  signing_keys: SigningKeysTable;
  guardianships: GuardianshipsTable;
  organisations: OrganisationsTable;
  verifications: VerificationsTable;
  paper_codes: PaperCodesTable;
  partners: PartnersTable;
  venues: VenuesTable;
  checkins: CheckinsTable;
  latest_stays: LatestStaysTable;
  venue_daily_stats: VenueDailyStatsTable;
  overrides: OverridesTable;
  appeals: AppealsTable;
  jobs: JobsTable;
  job_payloads: JobPayloadsTable;
  hourly_counters: HourlyCountersTable;
  daily_colour_counts: DailyColourCountsTable;
  linked_codes: LinkedCodesTable;
}
