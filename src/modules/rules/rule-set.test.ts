import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASELINE_RULE_SET, ruleSetProblems } from './rule-set.ts';

describe('rule-set schema', () => {
  it('accepts the baseline', () => {
    assert.deepEqual(ruleSetProblems(BASELINE_RULE_SET.definition), []);
  });

  it('names each problem by its field, with what is wrong: wrong types, out-of-range thresholds, unknown fields, missing parts', () => {
    const base = BASELINE_RULE_SET.definition;
    const problems = (candidate: unknown) => ruleSetProblems(candidate).map((p) => [p.field, p.code, p.params?.limit]);
    assert.deepEqual(problems({ ...base, feverCelsius: 'hot' }), [['feverCelsius', 'INVALID_FORMAT', undefined]]);
    assert.deepEqual(problems({ ...base, red: { recoveryDays: 0 } }), [['red.recoveryDays', 'BELOW_MINIMUM', 1]]);
    assert.deepEqual(problems({ ...base, red: { recoveryDays: 61 } }), [['red.recoveryDays', 'ABOVE_MAXIMUM', 60]]);
    assert.deepEqual(problems({ ...base, popups: { ...base.popups, A: { ...base.popups.A, status: 'purple' } } }), [['popups.A.status', 'NOT_ALLOWED', undefined]]);
    assert.deepEqual(problems({ ...base, yellow: { ...base.yellow, riskAreaLevels: ['extreme'] } }), [['yellow.riskAreaLevels.0', 'NOT_ALLOWED', undefined]]);
    assert.deepEqual(problems({ ...base, yellow: { ...base.yellow, riskAreaLevels: ['high', 'high'] } }), [['yellow.riskAreaLevels', 'DUPLICATE', undefined]]);
    assert.deepEqual(problems({ ...base, surprise: true }), [['surprise', 'UNKNOWN_FIELD', undefined]]);
    const { popups: _popups, ...withoutPopups } = base;
    assert.deepEqual(problems(withoutPopups), [['popups', 'REQUIRED', undefined]]);
    assert.deepEqual(problems([]), [['', 'INVALID_FORMAT', undefined]]);
  });
});
