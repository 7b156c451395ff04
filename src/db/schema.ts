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
  created_at: number;
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

export interface Database {
  persons: PersonsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
