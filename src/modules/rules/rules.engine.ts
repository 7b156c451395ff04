/**
 * The rules engine: `evaluate(facts, ruleSet, now)` → status, every active reason with what clears it,
 * and when time alone could change the result. Pure: no I/O, no clock, no randomness.
 *
 * Each risk fact becomes a *trigger* with a colour, the time it arose (`since`) and the time its cause
 * lapses. A trigger is active until its cause has lapsed AND the holder has declared on N consecutive
 * calendar days after the trigger's day with nothing risky in those declarations (N = 14 for red, 7 for
 * yellow in the baseline). Pop-ups instead clear by negative nucleic-acid tests sampled after the
 * trigger, or automatically. The most severe active colour wins; every active trigger is a reason.
 * Within a day the latest declaration counts, so a mistaken declaration can be corrected (reference 000, 注意事项 1).
 */
import type { RuleSet } from './rule-set.ts';
import { calendarDayNumber } from '../../shared/calendar.ts';

export const SYMPTOMS = ['fever', 'fatigue', 'cough', 'sore_throat', 'shortness_of_breath', 'diarrhoea', 'conjunctivitis', 'other'] as const;
export type Symptom = (typeof SYMPTOMS)[number];
export type ContactAnswer = 'yes' | 'no' | 'unsure';
export type RiskLevel = 'low' | 'medium' | 'high';
export type HolderStatus = 'green' | 'yellow' | 'red' | 'pending';
/** What a manual change sets: a colour, or `rules`, which gives the colour back to the rules. */
export type OverrideColour = 'green' | 'yellow' | 'red' | 'rules';

export interface DeclarationFact {
  id: string;
  at: number;
  temperatureCelsius: number;
  symptoms: Symptom[];
  regionCode: string;
  visitedRegions: string[];
  contactWithCase: ContactAnswer;
  arrivedFromAbroad: boolean;
  markedFalseAt: number | null;
}

export interface Facts {
  declarations: DeclarationFact[];
  cases: { id: string; kind: 'confirmed' | 'suspected'; openedAt: number; closedAt: number | null }[];
  closeContacts: { id: string; lastContactAt: number }[];
  popups: { id: string; type: 'A' | 'B'; reason: string; triggeredAt: number; liftedAt: number | null }[];
  labResults: { id: string; sampledAt: number; result: 'negative' | 'positive' }[];
  riskAreas: { id: string; regionCode: string; level: RiskLevel; validFrom: number; validTo: number | null }[];
  /** Check-ins at venues, with the venue's region: a stay there counts like a declared one. */
  visits: { id: string; at: number; regionCode: string }[];
  /** Approved manual colour changes (four-eyes); the newest active one decides the colour. */
  /** Approved manual changes; `rules` gives the colour back to the rules. */
  overrides: { id: string; status: OverrideColour; reason: string; approvedAt: number; expiresAt: number | null }[];
}

export type ReasonCode =
  | 'OPEN_CASE'
  | 'CLOSED_CASE'
  | 'FALSE_DECLARATION'
  | 'FEVER_WITH_EXPOSURE'
  | 'SYMPTOMS'
  | 'DECLARED_CONTACT'
  | 'CLOSE_CONTACT'
  | 'RISK_AREA_STAY'
  | 'POPUP'
  | 'MANUAL_OVERRIDE'
  | 'AWAITING_DECLARATION';

export type Clearance =
  | { kind: 'case_closed' }
  | { kind: 'first_declaration' }
  /** A manual change lasts until it expires (or, without an expiry, until the authority withdraws it). */
  | { kind: 'override'; expiresAt: number | null }
  /** N consecutive days of clean declarations after `since`, and not before `notBefore` (the cause's lapse). */
  | { kind: 'declarations'; daysRequired: number; daysDone: number; notBefore: number | null }
  /** Negative tests sampled after the trigger, `minHoursBetween` apart; or automatically at `autoClearAt`. */
  | { kind: 'tests'; testsRequired: number; testsDone: number; minHoursBetween: number; autoClearAt: number };

export interface Reason {
  code: ReasonCode;
  status: Exclude<HolderStatus, 'green'>;
  since: number;
  factId: string | null;
  /** Specifics for the words shown: case kind, region and level, pop-up type and reason. */
  detail: Record<string, string>;
  clearance: Clearance;
  /** When it clears for certain, if that is already known. */
  clearsAt: number | null;
}

export interface Evaluation {
  status: HolderStatus;
  reasons: Reason[];
  /** When the status itself clears, if every reason at that colour has a known clearance time. */
  clearsAt: number | null;
  /** The earliest future moment at which time alone may change this evaluation; null if only new facts can. */
  reevaluateAt: number | null;
  ruleSetVersion: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEVERITY: Record<HolderStatus, number> = { green: 0, pending: 1, yellow: 2, red: 3 };

/** GB/T 2260 prefix a code stands for: 130000 → 13, 130600 → 1306, 130602 → 130602. */
export function regionPrefix(code: string): string {
  if (/^\d{6}$/.test(code)) {
    if (code.endsWith('0000')) return code.slice(0, 2);
    if (code.endsWith('00')) return code.slice(0, 4);
  }
  return code;
}

interface Trigger {
  code: ReasonCode;
  status: 'red' | 'yellow';
  since: number;
  /** The day from which recovery days count (exclusive). */
  sinceDay: number;
  lapsesAt: number;
  recoveryDays: number;
  factId: string;
  detail: Record<string, string>;
}

/** `timeZone` defines calendar days (declaration days, recovery streaks); the platform passes its own. */
export function evaluate(facts: Facts, ruleSet: RuleSet, now: number, timeZone: string): Evaluation {
  const rules = ruleSet.definition;
  const dayOf = (instant: number) => calendarDayNumber(instant, timeZone);
  const declarations = facts.declarations.filter((d) => d.at <= now);

  // The latest declaration of each day is the one that counts.
  const effectiveByDay = new Map<number, DeclarationFact>();
  for (const declaration of declarations) {
    const day = dayOf(declaration.at);
    const current = effectiveByDay.get(day);
    if (!current || declaration.at > current.at || (declaration.at === current.at && declaration.id > current.id)) {
      effectiveByDay.set(day, declaration);
    }
  }

  // An area's current designation applies to everyone who stayed there within the window; once lifted it no longer counts.
  const riskAreasOver = (regionCode: string) =>
    facts.riskAreas.filter(
      (area) => regionPrefix(regionCode).startsWith(regionPrefix(area.regionCode)) && area.validFrom <= now && (area.validTo === null || area.validTo > now),
    );

  /** Risk facts a declaration itself carries (false-declaration marks aside). */
  function declarationTriggers(d: DeclarationFact): Trigger[] {
    const triggers: Trigger[] = [];
    const day = dayOf(d.at);
    const base = { factId: d.id, sinceDay: day };
    const fever = d.temperatureCelsius >= rules.feverCelsius || d.symptoms.includes('fever');
    const stays = [d.regionCode, ...d.visitedRegions].flatMap((region) => riskAreasOver(region).map((area) => ({ region, area })));
    const highRiskStay = stays.find((s) => s.area.level === 'high');
    if (fever && (d.contactWithCase === 'yes' || highRiskStay)) {
      triggers.push({
        ...base,
        code: 'FEVER_WITH_EXPOSURE',
        status: 'red',
        since: d.at,
        lapsesAt: d.at,
        recoveryDays: rules.red.recoveryDays,
        detail: { exposure: d.contactWithCase === 'yes' ? 'contact' : 'high_risk_area', temperature: d.temperatureCelsius.toFixed(1) },
      });
    } else if (fever || d.symptoms.length > 0) {
      triggers.push({
        ...base,
        code: 'SYMPTOMS',
        status: 'yellow',
        since: d.at,
        lapsesAt: d.at,
        recoveryDays: rules.yellow.recoveryDays,
        detail: { symptoms: d.symptoms.join(','), temperature: d.temperatureCelsius.toFixed(1) },
      });
    }
    if ((rules.yellow.declaredContactAnswers as string[]).includes(d.contactWithCase) && !(fever && d.contactWithCase === 'yes')) {
      triggers.push({
        ...base,
        code: 'DECLARED_CONTACT',
        status: 'yellow',
        since: d.at,
        lapsesAt: d.at,
        recoveryDays: rules.yellow.recoveryDays,
        detail: { answer: d.contactWithCase },
      });
    }
    const seen = new Set<string>();
    for (const { region, area } of stays) {
      if (!(rules.yellow.riskAreaLevels as string[]).includes(area.level) || seen.has(area.id)) continue;
      seen.add(area.id);
      const since = Math.max(d.at, area.validFrom);
      triggers.push({
        factId: d.id,
        code: 'RISK_AREA_STAY',
        status: 'yellow',
        since,
        sinceDay: Math.max(day, dayOf(since)),
        lapsesAt: d.at + rules.yellow.riskAreaDays * DAY,
        recoveryDays: rules.yellow.recoveryDays,
        detail: { region, areaRegion: area.regionCode, level: area.level },
      });
    }
    return triggers;
  }

  const cleanDays = new Map<number, number>(); // day number → time of its (clean) effective declaration
  const triggers: Trigger[] = [];
  for (const [day, declaration] of effectiveByDay) {
    const found = declarationTriggers(declaration);
    triggers.push(...found);
    if (found.length === 0 && declaration.markedFalseAt === null) cleanDays.set(day, declaration.at);
  }
  for (const d of declarations) {
    if (d.markedFalseAt !== null && d.markedFalseAt <= now) {
      triggers.push({
        code: 'FALSE_DECLARATION',
        status: 'red',
        since: d.markedFalseAt,
        sinceDay: dayOf(d.markedFalseAt),
        lapsesAt: d.markedFalseAt,
        recoveryDays: rules.red.recoveryDays,
        factId: d.id,
        detail: { declaredAt: String(d.at) },
      });
    }
  }
  // One reason per risk area and place stayed in: the latest stay. An earlier stay there lapses sooner and
  // its recovery starts sooner, so it never keeps the code yellow longer; listing it would only repeat the line.
  const latestStays = new Map<string, { visit: Facts['visits'][number]; area: Facts['riskAreas'][number] }>();
  for (const visit of facts.visits) {
    if (visit.at > now) continue;
    for (const area of riskAreasOver(visit.regionCode)) {
      if (!(rules.yellow.riskAreaLevels as string[]).includes(area.level)) continue;
      const key = `${area.id}|${visit.regionCode}`;
      const kept = latestStays.get(key)?.visit;
      if (!kept || visit.at > kept.at || (visit.at === kept.at && visit.id > kept.id)) latestStays.set(key, { visit, area });
    }
  }
  for (const { visit, area } of latestStays.values()) {
    const since = Math.max(visit.at, area.validFrom);
    triggers.push({
      code: 'RISK_AREA_STAY',
      status: 'yellow',
      since,
      sinceDay: dayOf(since),
      lapsesAt: visit.at + rules.yellow.riskAreaDays * DAY,
      recoveryDays: rules.yellow.recoveryDays,
      factId: visit.id,
      detail: { region: visit.regionCode, areaRegion: area.regionCode, level: area.level, via: 'checkin' },
    });
  }
  for (const c of facts.closeContacts) {
    if (c.lastContactAt > now) continue;
    triggers.push({
      code: 'CLOSE_CONTACT',
      status: 'yellow',
      since: c.lastContactAt,
      sinceDay: dayOf(c.lastContactAt),
      lapsesAt: c.lastContactAt + rules.yellow.closeContactDays * DAY,
      recoveryDays: rules.yellow.recoveryDays,
      factId: c.id,
      detail: {},
    });
  }

  const reasons: Reason[] = [];
  const upcoming: number[] = [];
  const today = dayOf(now);

  for (const trigger of triggers) {
    const streak = recoveryStreak(trigger, cleanDays, today);
    const cleared = streak.done && now >= trigger.lapsesAt;
    if (trigger.lapsesAt > now) upcoming.push(trigger.lapsesAt);
    if (cleared) continue;
    reasons.push({
      code: trigger.code,
      status: trigger.status,
      since: trigger.since,
      factId: trigger.factId,
      detail: trigger.detail,
      clearance: {
        kind: 'declarations',
        daysRequired: trigger.recoveryDays,
        daysDone: streak.daysDone,
        notBefore: trigger.lapsesAt > trigger.since ? trigger.lapsesAt : null,
      },
      clearsAt: streak.done ? trigger.lapsesAt : null,
    });
  }

  for (const c of facts.cases) {
    if (c.openedAt > now) continue;
    if (c.closedAt === null || c.closedAt > now) {
      if (c.closedAt !== null) upcoming.push(c.closedAt);
      reasons.push({
        code: 'OPEN_CASE',
        status: 'red',
        since: c.openedAt,
        factId: c.id,
        detail: { kind: c.kind },
        clearance: { kind: 'case_closed' },
        clearsAt: null,
      });
      continue;
    }
    const trigger: Trigger = {
      code: 'CLOSED_CASE',
      status: 'red',
      since: c.closedAt,
      sinceDay: dayOf(c.closedAt),
      lapsesAt: c.closedAt,
      recoveryDays: rules.red.recoveryDays,
      factId: c.id,
      detail: { kind: c.kind },
    };
    const streak = recoveryStreak(trigger, cleanDays, today);
    if (streak.done) continue;
    reasons.push({
      code: 'CLOSED_CASE',
      status: 'red',
      since: c.closedAt,
      factId: c.id,
      detail: { kind: c.kind },
      clearance: { kind: 'declarations', daysRequired: trigger.recoveryDays, daysDone: streak.daysDone, notBefore: null },
      clearsAt: null,
    });
  }

  for (const popup of facts.popups) {
    if (popup.triggeredAt > now || (popup.liftedAt !== null && popup.liftedAt <= now)) continue;
    const rule = rules.popups[popup.type];
    const autoClearAt = popup.triggeredAt + rule.autoClearDays * DAY;
    if (now >= autoClearAt) continue;
    upcoming.push(autoClearAt);
    if (popup.liftedAt !== null) upcoming.push(popup.liftedAt);
    const tests = clearingTests(popup.triggeredAt, facts.labResults, now, rule.negativeTestsRequired, rule.minHoursBetweenTests * HOUR);
    if (tests.cleared) continue;
    reasons.push({
      code: 'POPUP',
      status: rule.status,
      since: popup.triggeredAt,
      factId: popup.id,
      detail: { type: popup.type, reason: popup.reason },
      clearance: {
        kind: 'tests',
        testsRequired: rule.negativeTestsRequired,
        testsDone: tests.done,
        minHoursBetween: rule.minHoursBetweenTests,
        autoClearAt,
      },
      clearsAt: autoClearAt,
    });
  }

  for (const area of facts.riskAreas) {
    for (const boundary of [area.validFrom, area.validTo]) if (boundary !== null && boundary > now) upcoming.push(boundary);
  }

  let status: HolderStatus = 'green';
  for (const reason of reasons) if (SEVERITY[reason.status] > SEVERITY[status]) status = reason.status;

  // The latest approved manual change in force decides the colour, unless it gave the colour back to the rules;
  // the computed reasons stay listed.
  const latestOverride = facts.overrides
    .filter((o) => o.approvedAt <= now && (o.expiresAt === null || o.expiresAt > now))
    .sort((a, b) => b.approvedAt - a.approvedAt)[0];
  const override = latestOverride && latestOverride.status !== 'rules' ? { ...latestOverride, colour: latestOverride.status } : undefined;
  for (const o of facts.overrides) if (o.expiresAt !== null && o.expiresAt > now) upcoming.push(o.expiresAt);
  if (override) {
    status = override.colour;
    reasons.unshift({
      code: 'MANUAL_OVERRIDE',
      status: override.colour === 'green' ? 'pending' : override.colour,
      since: override.approvedAt,
      factId: override.id,
      detail: { reason: override.reason, colour: override.colour },
      clearance: { kind: 'override', expiresAt: override.expiresAt },
      clearsAt: override.expiresAt,
    });
  }
  if (status === 'green' && effectiveByDay.size === 0 && !override) {
    status = 'pending';
    reasons.push({ code: 'AWAITING_DECLARATION', status: 'pending', since: now, factId: null, detail: {}, clearance: { kind: 'first_declaration' }, clearsAt: null });
  }
  reasons.sort((a, b) => Number(b.code === 'MANUAL_OVERRIDE') - Number(a.code === 'MANUAL_OVERRIDE') || SEVERITY[b.status] - SEVERITY[a.status] || a.since - b.since);

  const atStatus = reasons.filter((r) => r.status === status);
  const clearsAt = atStatus.length > 0 && atStatus.every((r) => r.clearsAt !== null) ? Math.max(...atStatus.map((r) => r.clearsAt!)) : null;
  return {
    status,
    reasons,
    clearsAt,
    reevaluateAt: upcoming.length > 0 ? Math.min(...upcoming) : null,
    ruleSetVersion: ruleSet.version,
  };
}

/**
 * The earliest run of `recoveryDays` consecutive clean declaration days after the trigger's day. While
 * not done, `daysDone` is the run still alive: ending today, or yesterday if today has no declaration yet.
 */
function recoveryStreak(trigger: Trigger, cleanDays: Map<number, number>, today: number): { done: boolean; daysDone: number } {
  let run = 0;
  for (let day = trigger.sinceDay + 1; day <= today; day++) {
    if (cleanDays.has(day)) {
      run++;
      if (run >= trigger.recoveryDays) return { done: true, daysDone: run };
    } else if (day < today) {
      run = 0;
    }
  }
  return { done: false, daysDone: run };
}

/** Whether negative tests sampled strictly after the trigger clear a pop-up; a positive test after it blocks clearance. */
function clearingTests(
  triggeredAt: number,
  results: Facts['labResults'],
  now: number,
  required: number,
  minGap: number,
): { cleared: boolean; done: number } {
  const after = results.filter((r) => r.sampledAt > triggeredAt && r.sampledAt <= now);
  if (after.some((r) => r.result === 'positive')) return { cleared: false, done: 0 };
  const negatives = after.map((r) => r.sampledAt).sort((a, b) => a - b);
  // Greedy from the earliest sample: each next test at least minGap after the previous chosen one.
  let done = 0;
  let last = -Infinity;
  for (const sampledAt of negatives) {
    if (sampledAt - last >= minGap) {
      done++;
      last = sampledAt;
      if (done >= required) return { cleared: true, done };
    }
  }
  return { cleared: false, done };
}
