import type { Kysely } from 'kysely';

/** Verifier organisations, recorded checks, paper codes and partner platforms (互通互认). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('accounts').addColumn('organisation_id', 'text', (c) => c.references('organisations.id')).execute();

  await db.schema
    .createTable('verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Set by the scanning device for offline checks, so an upload retried after a lost answer is stored once. */
    .addColumn('client_check_id', 'text', (c) => c.unique())
    .addColumn('checked_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('verifier_account_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('issuer_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('paper_code_id', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .execute();
  await db.schema.createIndex('verifications_checked_at').on('verifications').column('checked_at').execute();
  await db.schema.createIndex('verifications_organisation').on('verifications').columns(['organisation_id', 'checked_at']).execute();

  await db.schema
    .createTable('paper_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('issued_by_account_id', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by_account_id', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('paper_codes_person').on('paper_codes').column('person_id').execute();

  await db.schema
    .createTable('partners')
    .addColumn('issuer_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('jwks_url', 'text')
    /** The partner's public keys (JWKS JSON): configured, or fetched from jwks_url. */
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('keys_fetched_at', 'bigint')
    .addColumn('status_url', 'text')
    /** What this platform presents to the partner's inter-platform API (sealed). */
    .addColumn('outbound_credential_sealed', 'text')
    /** Keyed hash of the credential the partner presents to this platform's inter-platform API. */
    .addColumn('inbound_credential_lookup', 'text', (c) => c.notNull().unique())
    .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['partners', 'paper_codes', 'verifications']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('accounts').dropColumn('organisation_id').execute();
  await db.schema.dropTable('organisations').execute();
}
