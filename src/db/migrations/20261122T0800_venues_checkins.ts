import type { Kysely } from 'kysely';

/** Venues (场所码), check-ins, and the daily aggregates kept after check-ins are purged. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** One venue code per person: the applicant's account, unique. */
    .addColumn('owner_account_id', 'text', (c) => c.notNull().unique().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('contact_name_sealed', 'text', (c) => c.notNull())
    .addColumn('contact_phone_sealed', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'bigint')
    .addColumn('suspend_reason', 'text')
    /** When set, only the rotating screen code is accepted (a photographed poster stops working). */
    .addColumn('screen_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stats_requested_at', 'bigint')
    .addColumn('stats_granted_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('recorded_by_account_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkins_venue_time').on('checkins').columns(['venue_id', 'checked_in_at']).execute();
  await db.schema.createIndex('checkins_person_time').on('checkins').columns(['person_id', 'checked_in_at']).execute();
  await db.schema.createIndex('checkins_time').on('checkins').column('checked_in_at').execute();

  await db.schema
    .createTable('venue_daily_stats')
    .addColumn('venue_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('green', 'integer', (c) => c.notNull())
    .addColumn('yellow', 'integer', (c) => c.notNull())
    .addColumn('red', 'integer', (c) => c.notNull())
    .addColumn('other', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('venue_daily_stats_pk', ['venue_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['venue_daily_stats', 'checkins', 'venues']) await db.schema.dropTable(table).execute();
}
