import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASELINE_RULE_SET, type RuleSet } from './rule-set.ts';
import { evaluate, type DeclarationFact, type Facts } from './rules.engine.ts';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-11-01 10:00 in Shanghai. */
const T0 = Date.parse('2026-11-01T02:00:00Z');
const at = (days: number, hours = 0) => T0 + days * DAY + hours * HOUR;

let seq = 0;
function declaration(when: number, overrides: Partial<DeclarationFact> = {}): DeclarationFact {
  return {
    id: `d${String(++seq).padStart(4, '0')}`,
    at: when,
    temperatureCelsius: 36.5,
    symptoms: [],
    regionCode: '130602',
    visitedRegions: [],
    contactWithCase: 'no',
    arrivedFromAbroad: false,
    markedFalseAt: null,
    ...overrides,
  };
}
/** One clean declaration a day at 09:00 local for the given day offsets. */
const cleanDays = (...days: number[]) => days.map((d) => declaration(at(d, -1)));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function facts(partial: Partial<Facts>): Facts {
  return { declarations: [], cases: [], closeContacts: [], popups: [], labResults: [], riskAreas: [], visits: [], overrides: [], ...partial };
}
const run = (f: Partial<Facts>, now: number, rules: RuleSet = BASELINE_RULE_SET) => evaluate(facts(f), rules, now, TZ);
const codes = (f: Partial<Facts>, now: number) => run(f, now).reasons.map((r) => r.code);

describe('rules engine: baseline statuses', () => {
  it('is pending until the first declaration, green after a clean one', () => {
    const none = run({}, T0);
    assert.equal(none.status, 'pending');
    assert.deepEqual(none.reasons.map((r) => r.code), ['AWAITING_DECLARATION']);
    const one = run({ declarations: cleanDays(0) }, at(0, 1));
    assert.equal(one.status, 'green');
    assert.deepEqual(one.reasons, []);
    assert.equal(one.ruleSetVersion, 'baseline-1');
  });

  it('ignores facts dated after now', () => {
    assert.equal(run({ declarations: [declaration(at(1), { symptoms: ['cough'] })], cases: [] }, at(0)).status, 'pending');
  });

  for (const kind of ['confirmed', 'suspected'] as const) {
    it(`is red while a ${kind} case is open, declarations or not`, () => {
      const open = run({ cases: [{ id: 'c1', kind, openedAt: at(0), closedAt: null }] }, at(30));
      assert.equal(open.status, 'red');
      assert.deepEqual(open.reasons.map((r) => [r.code, r.detail.kind, r.clearance.kind]), [['OPEN_CASE', kind, 'case_closed']]);
      assert.equal(open.clearsAt, null);
    });
  }

  it('a closed case stays red until 14 consecutive clean declaration days after closing: day 13 red, day 14 green', () => {
    const cases = [{ id: 'c1', kind: 'confirmed' as const, openedAt: at(0), closedAt: at(10) }];
    const day13 = run({ cases, declarations: cleanDays(...range(11, 23)) }, at(23, 1));
    assert.equal(day13.status, 'red');
    assert.deepEqual(day13.reasons[0]!.clearance, { kind: 'declarations', daysRequired: 14, daysDone: 13, notBefore: null });
    assert.equal(run({ cases, declarations: cleanDays(...range(11, 24)) }, at(24, 1)).status, 'green');
  });

  it('a false declaration is red; it turns green after 14 consecutive clean days after it was marked', () => {
    const lie = declaration(at(0), { markedFalseAt: at(1) });
    assert.deepEqual(codes({ declarations: [lie] }, at(1)), ['FALSE_DECLARATION']);
    assert.equal(run({ declarations: [lie, ...cleanDays(...range(2, 14))] }, at(14, 1)).status, 'red');
    assert.equal(run({ declarations: [lie, ...cleanDays(...range(2, 15))] }, at(15, 1)).status, 'green');
  });

  it('a false declaration counts even when a later declaration replaced it that day', () => {
    const lie = declaration(at(0, -2), { markedFalseAt: at(1) });
    assert.equal(run({ declarations: [lie, declaration(at(0))] }, at(1)).status, 'red');
  });
});

describe('rules engine: declarations', () => {
  it('fever with declared contact is red; fever with a stay in a high-risk area is red', () => {
    const contact = run({ declarations: [declaration(at(0), { temperatureCelsius: 38.2, contactWithCase: 'yes' })] }, at(0, 1));
    assert.deepEqual([contact.status, contact.reasons.map((r) => r.code)], ['red', ['FEVER_WITH_EXPOSURE']]);
    const riskAreas = [{ id: 'r1', regionCode: '130600', level: 'high' as const, validFrom: at(-5), validTo: null }];
    const area = run({ riskAreas, declarations: [declaration(at(0), { symptoms: ['fever'], visitedRegions: ['130602'] })] }, at(0, 1));
    assert.deepEqual([area.status, area.reasons.map((r) => r.code)], ['red', ['FEVER_WITH_EXPOSURE', 'RISK_AREA_STAY']]);
  });

  it('fever alone or any symptom is yellow; 37.2 °C is not fever, 37.3 °C is', () => {
    assert.equal(run({ declarations: [declaration(at(0), { temperatureCelsius: 37.2 })] }, at(0, 1)).status, 'green');
    assert.deepEqual(codes({ declarations: [declaration(at(0), { temperatureCelsius: 37.3 })] }, at(0, 1)), ['SYMPTOMS']);
    assert.deepEqual(codes({ declarations: [declaration(at(0), { symptoms: ['cough'] })] }, at(0, 1)), ['SYMPTOMS']);
  });

  it('declared contact with a case is yellow; "unsure" is not, under the baseline', () => {
    assert.deepEqual(codes({ declarations: [declaration(at(0), { contactWithCase: 'yes' })] }, at(0, 1)), ['DECLARED_CONTACT']);
    assert.equal(run({ declarations: [declaration(at(0), { contactWithCase: 'unsure' })] }, at(0, 1)).status, 'green');
  });

  it('the latest declaration of a day counts: a mistaken one is corrected the same day', () => {
    const mistaken = declaration(at(0, -2), { symptoms: ['cough'] });
    assert.equal(run({ declarations: [mistaken] }, at(0, -1)).status, 'yellow');
    assert.equal(run({ declarations: [mistaken, declaration(at(0))] }, at(0, 1)).status, 'green');
  });

  it('yellow turns green on the 7th consecutive clean day, not the 6th', () => {
    const sick = declaration(at(0), { symptoms: ['cough'] });
    const sixth = run({ declarations: [sick, ...cleanDays(...range(1, 6))] }, at(6, 1));
    assert.equal(sixth.status, 'yellow');
    assert.deepEqual(sixth.reasons[0]!.clearance, { kind: 'declarations', daysRequired: 7, daysDone: 6, notBefore: null });
    assert.equal(run({ declarations: [sick, ...cleanDays(...range(1, 7))] }, at(7, 1)).status, 'green');
  });

  it('a missed day restarts the count; today without a declaration yet does not', () => {
    const sick = declaration(at(0), { symptoms: ['cough'] });
    const gap = [sick, ...cleanDays(1, 2, 3, ...range(5, 10))];
    assert.equal(run({ declarations: gap }, at(10, 1)).status, 'yellow');
    assert.equal(run({ declarations: [...gap, ...cleanDays(11)] }, at(11, 1)).status, 'green');
    const morning = run({ declarations: [sick, ...cleanDays(1, 2, 3)] }, at(4, -3));
    assert.equal(morning.reasons[0]!.clearance.kind === 'declarations' && morning.reasons[0]!.clearance.daysDone, 3);
  });

  it('a new risk fact during recovery starts the count again', () => {
    const declarations = [declaration(at(0), { symptoms: ['cough'] }), ...cleanDays(1, 2, 3), declaration(at(4), { symptoms: ['fatigue'] }), ...cleanDays(...range(5, 10))];
    assert.equal(run({ declarations }, at(10, 1)).status, 'yellow');
    assert.equal(run({ declarations: [...declarations, ...cleanDays(11)] }, at(11, 1)).status, 'green');
  });
});

describe('rules engine: close contacts and risk areas', () => {
  const contact = [{ id: 'cc1', lastContactAt: at(0) }];

  it('a close contact is yellow for 14 days from the last contact: 1 ms before is yellow, at 14 days green', () => {
    const declarations = cleanDays(...range(1, 14));
    const before = run({ closeContacts: contact, declarations }, at(14) - 1);
    assert.deepEqual([before.status, before.clearsAt, before.reevaluateAt], ['yellow', at(14), at(14)]);
    assert.equal(run({ closeContacts: contact, declarations }, at(14)).status, 'green');
  });

  it('a close contact whose 14 days have passed stays yellow until the 7 clean days are there', () => {
    const late = run({ closeContacts: contact, declarations: cleanDays(15, 16) }, at(16, 1));
    assert.equal(late.status, 'yellow');
    assert.equal(late.clearsAt, null);
  });

  it('a stay in a medium- or high-risk area within 14 days is yellow; low is not', () => {
    const stay = (level: 'low' | 'medium' | 'high') =>
      run({ riskAreas: [{ id: 'r', regionCode: '130602', level, validFrom: at(-1), validTo: null }], declarations: [declaration(at(0))] }, at(0, 1));
    assert.equal(stay('low').status, 'green');
    assert.deepEqual([stay('medium').status, stay('medium').reasons[0]!.detail.level], ['yellow', 'medium']);
    assert.equal(stay('high').status, 'yellow');
  });

  it('an area made risky after the stay counts; a lifted area no longer does', () => {
    const declarations = [declaration(at(0), { visitedRegions: ['110105'] })];
    const later = [{ id: 'r', regionCode: '110105', level: 'medium' as const, validFrom: at(3), validTo: null }];
    assert.deepEqual(codes({ declarations, riskAreas: later }, at(3, 1)), ['RISK_AREA_STAY']);
    assert.equal(run({ declarations, riskAreas: later }, at(2)).status, 'green', 'not yet risky');
    const lifted = [{ id: 'r', regionCode: '110105', level: 'medium' as const, validFrom: at(-10), validTo: at(-1) }];
    assert.equal(run({ declarations, riskAreas: lifted }, at(0, 1)).status, 'green');
    const liftedLater = [{ id: 'r', regionCode: '110105', level: 'medium' as const, validFrom: at(-10), validTo: at(2) }];
    assert.equal(run({ declarations, riskAreas: liftedLater }, at(1)).status, 'yellow');
    assert.deepEqual([run({ declarations, riskAreas: liftedLater }, at(1)).reevaluateAt, run({ declarations, riskAreas: liftedLater }, at(2)).status], [at(2), 'green']);
  });

  it('a city-wide area covers its counties, a county does not cover a declared city', () => {
    const city = [{ id: 'r', regionCode: '130600', level: 'high' as const, validFrom: at(-1), validTo: null }];
    assert.equal(run({ riskAreas: city, declarations: [declaration(at(0), { regionCode: '130602' })] }, at(0, 1)).status, 'yellow');
    const county = [{ id: 'r', regionCode: '130602', level: 'high' as const, validFrom: at(-1), validTo: null }];
    assert.equal(run({ riskAreas: county, declarations: [declaration(at(0), { regionCode: '130600' })] }, at(0, 1)).status, 'green');
  });

  it('the stay lapses 14 days after the declaration, then 7 clean days clear it', () => {
    const riskAreas = [{ id: 'r', regionCode: '130602', level: 'medium' as const, validFrom: at(-1), validTo: null }];
    const declarations = [declaration(at(0)), ...range(1, 14).map((d) => declaration(at(d, -1), { regionCode: '110105' }))];
    assert.equal(run({ riskAreas, declarations }, at(14) - 1).status, 'yellow');
    assert.equal(run({ riskAreas, declarations }, at(14)).status, 'green');
  });
});

describe('rules engine: check-ins and manual changes', () => {
  it('a check-in at a venue in a medium-risk area within 14 days is yellow, like a declared stay', () => {
    const riskAreas = [{ id: 'r', regionCode: '130600', level: 'medium' as const, validFrom: at(-1), validTo: null }];
    const visits = [{ id: 'v1', at: at(0), regionCode: '130606' }];
    const elsewhere = (...days: number[]) => days.map((d) => declaration(at(d, -1), { regionCode: '110105' }));
    const result = run({ riskAreas, visits, declarations: elsewhere(0) }, at(0, 1));
    assert.deepEqual([result.status, result.reasons.map((r) => r.detail.via)], ['yellow', ['checkin']]);
    assert.equal(run({ riskAreas, visits, declarations: elsewhere(...range(0, 14)) }, at(14)).status, 'green');
  });

  it('many stays in one risk area give one reason per place, the latest, and the same answer on every later day as all of them', () => {
    const riskAreas = [{ id: 'r', regionCode: '130600', level: 'high' as const, validFrom: at(-3), validTo: null }];
    const visits = [
      { id: 'v1', at: at(-2), regionCode: '130606' },
      { id: 'v3', at: at(1), regionCode: '130606' },
      { id: 'v2', at: at(0), regionCode: '130606' },
      { id: 'v4', at: at(0, 2), regionCode: '130602' },
      { id: 'v5', at: at(0, 3), regionCode: '110105' },
    ];
    const result = run({ riskAreas, visits }, at(2));
    assert.deepEqual(
      result.reasons.map((r) => [r.factId, r.detail.region]).sort(),
      [
        ['v3', '130606'],
        ['v4', '130602'],
      ],
    );
    // Whatever the declarations, dropping the earlier stays changes nothing on any day after them.
    const latestOnly = visits.filter((v) => v.id === 'v3' || v.id === 'v4');
    for (let cleanFrom = -2; cleanFrom <= 4; cleanFrom++) {
      const declarations = range(cleanFrom, 20).map((d) => declaration(at(d, -1), { regionCode: '110105' }));
      for (let day = 1; day <= 20; day++) {
        const all = run({ riskAreas, visits, declarations }, at(day));
        const latest = run({ riskAreas, visits: latestOnly, declarations }, at(day));
        assert.deepEqual([day, all.status, all.reasons], [day, latest.status, latest.reasons]);
      }
    }
  });

  it('an approved manual change decides the colour while it lasts and says so first; expiry restores the computed colour', () => {
    const overrides = [{ id: 'o1', status: 'green' as const, reason: '核实为误判', approvedAt: at(1), expiresAt: at(3) }];
    const sick = { declarations: [declaration(at(0), { symptoms: ['cough'] })], overrides };
    assert.equal(run(sick, at(1) - 1).status, 'yellow', 'before approval');
    const during = run(sick, at(2));
    assert.deepEqual([during.status, during.reasons.map((r) => r.code)], ['green', ['MANUAL_OVERRIDE', 'SYMPTOMS']]);
    assert.equal(during.reevaluateAt, at(3));
    assert.equal(run(sick, at(3)).status, 'yellow');
    assert.equal(run({ overrides: [{ ...overrides[0]!, status: 'red' }] }, at(2)).status, 'red', 'applies without any declaration');
  });

  it('the latest approved change decides; one for `rules` gives the colour back to the rules and lists no manual reason', () => {
    const red = { id: 'o1', status: 'red' as const, reason: '拒不配合流调核查', approvedAt: at(1), expiresAt: null };
    const backToRules = { id: 'o2', status: 'rules' as const, reason: '已配合完成核查', approvedAt: at(2), expiresAt: null };
    const sick = { declarations: [declaration(at(0), { symptoms: ['cough'] })] };
    assert.equal(run({ ...sick, overrides: [red, backToRules] }, at(2) - 1).status, 'red', 'until the second is approved');
    const after = run({ ...sick, overrides: [backToRules, red] }, at(3));
    assert.deepEqual([after.status, after.reasons.map((r) => r.code)], ['yellow', ['SYMPTOMS']]);
    const redAgain = { ...red, id: 'o3', approvedAt: at(4) };
    assert.equal(run({ ...sick, overrides: [red, backToRules, redAgain] }, at(5)).status, 'red', 'a later change decides again');
  });
});

describe('rules engine: pop-ups (弹窗)', () => {
  const popupA = [{ id: 'p1', type: 'A' as const, reason: '时空伴随', triggeredAt: at(0), liftedAt: null }];
  const popupB = [{ id: 'p2', type: 'B' as const, reason: '阳性感染者所在县漫出', triggeredAt: at(0), liftedAt: null }];
  const negative = (id: string, sampledAt: number) => ({ id, sampledAt, result: 'negative' as const });
  const declarations = cleanDays(0, 1, 2, 3);

  it('type A is cleared by two negative tests sampled after the trigger exactly 24 h apart', () => {
    const labResults = [negative('l1', at(0, 1)), negative('l2', at(1, 1))];
    assert.equal(run({ popups: popupA, labResults, declarations }, at(1, 2)).status, 'green');
  });

  it('type A is not cleared by tests 23 h 59 min apart, nor by one test', () => {
    const close = [negative('l1', at(0, 1)), negative('l2', at(1, 1) - 60_000)];
    const result = run({ popups: popupA, labResults: close, declarations }, at(2));
    assert.equal(result.status, 'yellow');
    assert.deepEqual(result.reasons[0]!.clearance, { kind: 'tests', testsRequired: 2, testsDone: 1, minHoursBetween: 24, autoClearAt: at(14) });
  });

  it('a test sampled before (or at) the trigger does not count', () => {
    const labResults = [negative('l0', at(0) - 1), negative('l1', at(0)), negative('l2', at(1, 1))];
    assert.equal(run({ popups: popupA, labResults, declarations }, at(2)).status, 'yellow');
  });

  it('a positive test after the trigger blocks clearance by tests', () => {
    const labResults = [negative('l1', at(0, 1)), { id: 'l2', sampledAt: at(0, 5), result: 'positive' as const }, negative('l3', at(2))];
    assert.equal(run({ popups: popupA, labResults, declarations }, at(3)).status, 'yellow');
  });

  it('type B is cleared by one negative test sampled after the trigger', () => {
    assert.equal(run({ popups: popupB, declarations }, at(1)).status, 'yellow');
    assert.equal(run({ popups: popupB, labResults: [negative('l1', at(0, 3))], declarations }, at(1)).status, 'green');
  });

  it('any pop-up clears automatically 14 days after its trigger: day 13 still shown, day 14 gone', () => {
    const result = run({ popups: popupA, declarations }, at(14) - 1);
    assert.deepEqual([result.status, result.clearsAt, result.reevaluateAt], ['yellow', at(14), at(14)]);
    assert.equal(run({ popups: [...popupA, ...popupB], declarations }, at(14)).status, 'green');
  });

  it('a lifted pop-up no longer counts', () => {
    assert.equal(run({ popups: [{ ...popupA[0]!, liftedAt: at(1) }], declarations }, at(1)).status, 'green');
  });
});

describe('rules engine: combination and versions', () => {
  it('the most severe status wins and every active cause is listed, most severe first', () => {
    const result = run(
      {
        declarations: [declaration(at(0), { symptoms: ['cough'] })],
        closeContacts: [{ id: 'cc', lastContactAt: at(-1) }],
        cases: [{ id: 'c', kind: 'suspected', openedAt: at(0, 2), closedAt: null }],
        popups: [{ id: 'p', type: 'A', reason: '时空伴随', triggeredAt: at(0, 3), liftedAt: null }],
      },
      at(1),
    );
    assert.equal(result.status, 'red');
    assert.deepEqual(result.reasons.map((r) => r.code), ['OPEN_CASE', 'CLOSE_CONTACT', 'SYMPTOMS', 'POPUP']);
  });

  it('uses the thresholds of the rule set it is given and names its version', () => {
    const strict: RuleSet = {
      version: 'strict-2',
      effectiveFrom: 0,
      definition: { ...BASELINE_RULE_SET.definition, yellow: { ...BASELINE_RULE_SET.definition.yellow, recoveryDays: 3, declaredContactAnswers: ['yes', 'unsure'] } },
    };
    const sick = declaration(at(0), { symptoms: ['cough'] });
    const result = run({ declarations: [sick, ...cleanDays(1, 2, 3)] }, at(3, 1), strict);
    assert.deepEqual([result.status, result.ruleSetVersion], ['green', 'strict-2']);
    assert.equal(run({ declarations: [declaration(at(0), { contactWithCase: 'unsure' })] }, at(0, 1), strict).status, 'yellow');
  });

  it('counts days in the platform time zone: 23:30 and 00:30 local are different days', () => {
    const lateNight = Date.parse('2026-11-01T15:30:00Z'); // 23:30 in Shanghai
    const declarations = [declaration(lateNight - 60_000, { symptoms: ['cough'] }), declaration(lateNight + HOUR)];
    assert.equal(run({ declarations }, lateNight + 2 * HOUR).status, 'yellow', 'the symptom day and the clean day are distinct');
  });
});
