import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * On PostgreSQL, check-ins become a table partitioned by day (range on checked_in_at), so that the
 * retention purge drops a whole day at once instead of deleting millions of rows. Day partitions are
 * created ahead by the running platform (see checkins.repository); rows outside every day partition,
 * including those already stored when this runs, go to a default partition and are purged row by row.
 * The embedded store keeps one table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table checkins rename to checkins_unpartitioned`.execute(db);
  for (const index of ['checkins_venue_time', 'checkins_person_time', 'checkins_time']) await sql`drop index ${sql.ref(index)}`.execute(db);
  await sql`
    create table checkins (
      id text not null,
      venue_id text not null,
      person_id text not null,
      checked_in_at bigint not null,
      method text not null,
      recorded_by_account_id text not null,
      status text not null,
      primary key (id, checked_in_at)
    ) partition by range (checked_in_at)`.execute(db);
  await sql`create table checkins_default partition of checkins default`.execute(db);
  await sql`create index checkins_venue_time on checkins (venue_id, checked_in_at)`.execute(db);
  await sql`create index checkins_person_time on checkins (person_id, checked_in_at)`.execute(db);
  await sql`create index checkins_time on checkins (checked_in_at)`.execute(db);
  await sql`insert into checkins select id, venue_id, person_id, checked_in_at, method, recorded_by_account_id, status from checkins_unpartitioned`.execute(db);
  await sql`drop table checkins_unpartitioned`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create table checkins_unpartitioned (like checkins including defaults)`.execute(db);
  await sql`insert into checkins_unpartitioned select * from checkins`.execute(db);
  await sql`drop table checkins`.execute(db);
  await sql`alter table checkins_unpartitioned rename to checkins`.execute(db);
  await sql`alter table checkins add primary key (id)`.execute(db);
  await sql`create index checkins_venue_time on checkins (venue_id, checked_in_at)`.execute(db);
  await sql`create index checkins_person_time on checkins (person_id, checked_in_at)`.execute(db);
  await sql`create index checkins_time on checkins (checked_in_at)`.execute(db);
}
