import { sql, type Kysely } from 'kysely';

/**
 * A stored status now carries the person's latest nucleic-acid test, for the line the code screen and the
 * verifier show (24小时内阴性 …). Statuses stored before it do not: those of people with a test are marked for
 * re-evaluation, so that their next read computes one with it. Everyone else's has none to carry, and
 * undoing it would change nothing: a status re-evaluated early is the same status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update person_status set reevaluate_at = 0 where person_id in (select person_id from lab_results)`.execute(db);
}
