import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Fewer index entries to move per check-in. A check-in moves its person's latest stay in the place on; the
 * stay's time was in two indexes (by place and time, for "who stayed in this city lately"; by time, for the
 * purge), so each move deleted two entries from wherever the old time had put them and wrote two new ones:
 * pages at random places of the file, on the hot path. Now the only index besides the key is by place and
 * person, which a move leaves alone (on PostgreSQL the update can then stay on its page, touching no index);
 * a read by place checks each stay's time in its row, and the purge walks the key. On the embedded store the
 * rows live in the key's own tree (WITHOUT ROWID): one tree to change instead of the table and its key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index latest_stays_region_time`.execute(db);
    await sql`drop index latest_stays_time`.execute(db);
  } else {
    await sql`
      create table latest_stays_by_person (
        person_id text not null,
        region_code text not null,
        checkin_id text not null,
        checked_in_at bigint not null,
        primary key (person_id, region_code)
      ) without rowid`.execute(db);
    await sql`insert into latest_stays_by_person select person_id, region_code, checkin_id, checked_in_at from latest_stays order by person_id, region_code`.execute(db);
    await sql`drop table latest_stays`.execute(db);
    await sql`alter table latest_stays_by_person rename to latest_stays`.execute(db);
  }
  await sql`create index latest_stays_region on latest_stays (region_code, person_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index latest_stays_region`.execute(db);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`create table latest_stays_with_rowid (person_id text not null, region_code text not null, checkin_id text not null, checked_in_at bigint not null, constraint latest_stays_pk primary key (person_id, region_code))`.execute(db);
    await sql`insert into latest_stays_with_rowid select person_id, region_code, checkin_id, checked_in_at from latest_stays`.execute(db);
    await sql`drop table latest_stays`.execute(db);
    await sql`alter table latest_stays_with_rowid rename to latest_stays`.execute(db);
  }
  await sql`create index latest_stays_region_time on latest_stays (region_code, checked_in_at, person_id)`.execute(db);
  await sql`create index latest_stays_time on latest_stays (checked_in_at)`.execute(db);
}
