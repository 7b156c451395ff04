import type { Kysely } from 'kysely';

/**
 * Health declarations, the facts the rules engine reads (cases, close contacts, pop-ups, lab results,
 * risk areas), stored statuses with their history, versioned rule sets, signing keys and guardianships.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('declared_by_account_id', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'bigint', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    /** 1..limit within the day; the unique index makes the daily limit hold under concurrent requests. */
    .addColumn('day_seq', 'integer', (c) => c.notNull())
    .addColumn('contact_phone_sealed', 'text', (c) => c.notNull())
    .addColumn('address_sealed', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('temperature_tenths', 'integer', (c) => c.notNull())
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('visited_regions', 'text', (c) => c.notNull())
    .addColumn('contact_with_case', 'text', (c) => c.notNull())
    .addColumn('arrived_from_abroad', 'integer', (c) => c.notNull())
    .addColumn('marked_false_at', 'bigint')
    .execute();
  await db.schema.createIndex('declarations_person_day_seq').unique().on('declarations').columns(['person_id', 'day', 'day_seq']).execute();
  await db.schema.createIndex('declarations_person_time').on('declarations').columns(['person_id', 'declared_at']).execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('cases_person').on('cases').column('person_id').execute();

  await db.schema
    .createTable('close_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('last_contact_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('close_contacts_person').on('close_contacts').column('person_id').execute();

  await db.schema
    .createTable('popups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('triggered_at', 'bigint', (c) => c.notNull())
    .addColumn('lifted_at', 'bigint')
    .execute();
  await db.schema.createIndex('popups_person').on('popups').column('person_id').execute();

  await db.schema
    .createTable('lab_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('sampled_at', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('lab', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lab_results_person').on('lab_results').columns(['person_id', 'sampled_at']).execute();

  await db.schema
    .createTable('risk_areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_to', 'bigint')
    .execute();

  await db.schema
    .createTable('person_status')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    /** When time alone may change the result (a lapse, an automatic clearance); null: only new facts can. */
    .addColumn('reevaluate_at', 'bigint')
    .execute();

  await db.schema
    .createTable('status_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_history_person').on('status_history').columns(['person_id', 'at']).execute();

  await db.schema
    .createTable('rule_sets')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    /** Set when a newer key takes over; the public key stays published until codes it signed have expired. */
    .addColumn('retired_at', 'bigint')
    .execute();

  await db.schema
    .createTable('guardianships')
    .addColumn('guardian_person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('dependent_person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('guardianships_pk', ['guardian_person_id', 'dependent_person_id'])
    .execute();
  await db.schema.createIndex('guardianships_dependent').on('guardianships').column('dependent_person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'guardianships',
    'signing_keys',
    'rule_sets',
    'status_history',
    'person_status',
    'risk_areas',
    'lab_results',
    'popups',
    'close_contacts',
    'cases',
    'declarations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
