/** Writes of the facts the rules engine reads. Entering them is the authority's work; reading them is status.repository. */
import type { Executor } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';

export async function insertCase(db: Executor, fact: { personId: string; kind: 'confirmed' | 'suspected'; openedAt: number; closedAt?: number | null }): Promise<string> {
  const id = newId(fact.openedAt);
  await db.insertInto('cases').values({ id, person_id: fact.personId, kind: fact.kind, opened_at: fact.openedAt, closed_at: fact.closedAt ?? null }).execute();
  return id;
}

export async function insertCloseContact(db: Executor, fact: { personId: string; lastContactAt: number; recordedAt: number }): Promise<string> {
  const id = newId(fact.recordedAt);
  await db.insertInto('close_contacts').values({ id, person_id: fact.personId, last_contact_at: fact.lastContactAt, recorded_at: fact.recordedAt }).execute();
  return id;
}

export async function insertPopup(db: Executor, fact: { personId: string; type: 'A' | 'B'; reason: string; triggeredAt: number }): Promise<string> {
  const id = newId(fact.triggeredAt);
  await db.insertInto('popups').values({ id, person_id: fact.personId, type: fact.type, reason: fact.reason, triggered_at: fact.triggeredAt, lifted_at: null }).execute();
  return id;
}

export async function insertLabResult(db: Executor, fact: { personId: string; sampledAt: number; result: 'negative' | 'positive'; lab: string }): Promise<string> {
  const id = newId(fact.sampledAt);
  await db.insertInto('lab_results').values({ id, person_id: fact.personId, sampled_at: fact.sampledAt, result: fact.result, lab: fact.lab }).execute();
  return id;
}

export async function insertRiskArea(db: Executor, fact: { regionCode: string; level: 'low' | 'medium' | 'high'; validFrom: number; validTo: number | null }): Promise<string> {
  const id = newId(fact.validFrom);
  await db.insertInto('risk_areas').values({ id, region_code: fact.regionCode, level: fact.level, valid_from: fact.validFrom, valid_to: fact.validTo }).execute();
  return id;
}

export async function listCases(db: Executor, limit: number) {
  return db.selectFrom('cases').selectAll().orderBy('opened_at', 'desc').limit(limit).execute();
}

export async function findCase(db: Executor, id: string) {
  return db.selectFrom('cases').select(['person_id', 'closed_at']).where('id', '=', id).executeTakeFirst();
}

export async function closeCase(db: Executor, id: string, closedAt: number): Promise<void> {
  await db.updateTable('cases').set({ closed_at: closedAt }).where('id', '=', id).execute();
}

export async function listRiskAreas(db: Executor, limit: number) {
  return db.selectFrom('risk_areas').selectAll().orderBy('valid_from', 'desc').limit(limit).execute();
}

export async function findRiskArea(db: Executor, id: string) {
  return db.selectFrom('risk_areas').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function endRiskArea(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('risk_areas').set({ valid_to: at }).where('id', '=', id).execute();
}

/** People whose declarations (current or visited region) or check-ins put them under a region prefix since `since`. */
export async function peopleInRegionSince(db: Executor, prefix: string, since: number): Promise<string[]> {
  const [declared, visited] = await Promise.all([
    db
      .selectFrom('declarations')
      .select('person_id')
      .distinct()
      .where('declared_at', '>=', since)
      .where((eb) => eb.or([eb('region_code', 'like', `${prefix}%`), eb('visited_regions', 'like', `%"${prefix}%`)]))
      .execute(),
    // Venues first, then each venue's check-ins from its index (which holds the person): a tenth of the
    // check-ins for a city, not all of them.
    db
      .selectFrom('checkins')
      .select('person_id')
      .distinct()
      .where('venue_id', 'in', (eb) => eb.selectFrom('venues').select('id').where('region_code', 'like', `${prefix}%`))
      .where('checked_in_at', '>=', since)
      .execute(),
  ]);
  return [...new Set([...declared, ...visited].map((r) => r.person_id))];
}
