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

/** Cases, latest opened first (their ids are made from the time they were opened), a page at a time. */
export async function listCases(db: Executor, filter: { personId?: string; openOnly?: boolean; before?: string; limit: number }) {
  let query = db.selectFrom('cases').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.openOnly) query = query.where('closed_at', 'is', null);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}

export async function findCase(db: Executor, id: string) {
  return db.selectFrom('cases').select(['person_id', 'kind', 'closed_at']).where('id', '=', id).executeTakeFirst();
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

/**
 * The region codes under `prefix` as a range, which an index can answer (LIKE it cannot): for digit codes,
 * "1306" covers ["1306", "1307"), and "1399" covers ["1399", "14").
 */
function regionCodeRange(prefix: string): { from: string; to: string | null } {
  const carried = prefix.replace(/9+$/, '');
  return { from: prefix, to: carried === '' ? null : carried.slice(0, -1) + String(Number(carried.at(-1)) + 1) };
}

/** People whose declarations (current or visited region) or check-ins put them under a region prefix since `since`. */
export async function peopleInRegionSince(db: Executor, prefix: string, since: number): Promise<string[]> {
  const { from, to } = regionCodeRange(prefix);
  // Without DISTINCT: the rows are made unique below, in a third of the time the store's sort would take.
  const [declaredIn, declaredVisited, stayed] = await Promise.all([
    db
      .selectFrom('declarations')
      .select('person_id')
      .where('region_code', '>=', from)
      .$if(to !== null, (query) => query.where('region_code', '<', to!))
      .where('declared_at', '>=', since)
      .execute(),
    // Only declarations that name places visited, by their own index (migration 20261201T2000).
    db
      .selectFrom('declarations')
      .select('person_id')
      .where('visited_regions', '<>', '[]')
      .where('declared_at', '>=', since)
      .where('visited_regions', 'like', `%"${prefix}%`)
      .execute(),
    // Each person's latest stay per place, not every check-in: a tenth of a million rows for a city, not millions.
    db
      .selectFrom('latest_stays')
      .select('person_id')
      .where('region_code', '>=', from)
      .$if(to !== null, (query) => query.where('region_code', '<', to!))
      .where('checked_in_at', '>=', since)
      .execute(),
  ]);
  return [...new Set([...declaredIn, ...declaredVisited, ...stayed].map((r) => r.person_id))];
}
