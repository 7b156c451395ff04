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
