import type { Executor } from '../../db/database.ts';
import type { PersonStatusTable } from '../../db/schema.ts';
import { newId } from '../../shared/ids.ts';
import type { ContactAnswer, Facts, RiskLevel, Symptom } from '../rules/rules.engine.ts';

export type StoredStatusRow = PersonStatusTable;

/** Everything the engine needs about one person; declarations from `declarationsSince` on. */
export async function loadFacts(db: Executor, personId: string, declarationsSince: number, riskAreasSince: number): Promise<Facts> {
  const [declarations, cases, closeContacts, popups, labResults, riskAreas, visits, overrides] = await Promise.all([
    db
      .selectFrom('declarations')
      .select(['id', 'declared_at', 'temperature_tenths', 'symptoms', 'region_code', 'visited_regions', 'contact_with_case', 'arrived_from_abroad', 'marked_false_at'])
      .where('person_id', '=', personId)
      .where('declared_at', '>=', declarationsSince)
      .execute(),
    db.selectFrom('cases').select(['id', 'kind', 'opened_at', 'closed_at']).where('person_id', '=', personId).execute(),
    db.selectFrom('close_contacts').select(['id', 'last_contact_at']).where('person_id', '=', personId).execute(),
    db.selectFrom('popups').select(['id', 'type', 'reason', 'triggered_at', 'lifted_at']).where('person_id', '=', personId).execute(),
    db.selectFrom('lab_results').select(['id', 'sampled_at', 'result']).where('person_id', '=', personId).execute(),
    db
      .selectFrom('risk_areas')
      .select(['id', 'region_code', 'level', 'valid_from', 'valid_to'])
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', riskAreasSince)]))
      .execute(),
    db
      .selectFrom('checkins')
      .innerJoin('venues', 'venues.id', 'checkins.venue_id')
      .select(['checkins.id', 'checkins.checked_in_at', 'venues.region_code'])
      .where('checkins.person_id', '=', personId)
      .where('checkins.checked_in_at', '>=', declarationsSince)
      .execute(),
    db
      .selectFrom('overrides')
      .select(['id', 'status', 'reason', 'approved_at', 'expires_at'])
      .where('person_id', '=', personId)
      .where('approved_at', 'is not', null)
      .execute(),
  ]);
  return {
    declarations: declarations.map((d) => ({
      id: d.id,
      at: d.declared_at,
      temperatureCelsius: d.temperature_tenths / 10,
      symptoms: JSON.parse(d.symptoms) as Symptom[],
      regionCode: d.region_code,
      visitedRegions: JSON.parse(d.visited_regions) as string[],
      contactWithCase: d.contact_with_case as ContactAnswer,
      arrivedFromAbroad: d.arrived_from_abroad === 1,
      markedFalseAt: d.marked_false_at,
    })),
    cases: cases.map((c) => ({ id: c.id, kind: c.kind as 'confirmed' | 'suspected', openedAt: c.opened_at, closedAt: c.closed_at })),
    closeContacts: closeContacts.map((c) => ({ id: c.id, lastContactAt: c.last_contact_at })),
    popups: popups.map((p) => ({ id: p.id, type: p.type as 'A' | 'B', reason: p.reason, triggeredAt: p.triggered_at, liftedAt: p.lifted_at })),
    labResults: labResults.map((l) => ({ id: l.id, sampledAt: l.sampled_at, result: l.result as 'negative' | 'positive' })),
    riskAreas: riskAreas.map((r) => ({ id: r.id, regionCode: r.region_code, level: r.level as RiskLevel, validFrom: r.valid_from, validTo: r.valid_to })),
    visits: visits.map((v) => ({ id: v.id, at: v.checked_in_at, regionCode: v.region_code })),
    overrides: overrides.map((o) => ({ id: o.id, status: o.status as 'green' | 'yellow' | 'red', reason: o.reason, approvedAt: o.approved_at!, expiresAt: o.expires_at })),
  };
}

export async function findStoredStatus(db: Executor, personId: string): Promise<StoredStatusRow | undefined> {
  return db.selectFrom('person_status').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function saveStatus(db: Executor, row: StoredStatusRow): Promise<void> {
  await db
    .insertInto('person_status')
    .values(row)
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet({
        status: row.status,
        reasons: row.reasons,
        rule_set_version: row.rule_set_version,
        computed_at: row.computed_at,
        reevaluate_at: row.reevaluate_at,
      }),
    )
    .execute();
}

export async function appendStatusHistory(db: Executor, entry: { personId: string; at: number; status: string; reasons: string; ruleSetVersion: string }): Promise<void> {
  await db
    .insertInto('status_history')
    .values({ id: newId(entry.at), person_id: entry.personId, at: entry.at, status: entry.status, reasons: entry.reasons, rule_set_version: entry.ruleSetVersion })
    .execute();
}
