import { sql, type Kysely } from 'kysely';

/**
 * A holder's codes from other platforms (关联外省健康码): the issuer and the holder's opaque subject there,
 * one per issuer and person, so that their live colour there can be asked for and shown beside this one's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table linked_codes (
    id text primary key,
    person_id text not null references persons(id),
    issuer_id text not null,
    subject text not null,
    linked_at bigint not null
  )`.execute(db);
  await sql`create unique index linked_codes_person_issuer on linked_codes (person_id, issuer_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table linked_codes`.execute(db);
}
