import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASELINE_RULE_SET, ruleSetProblems } from './rule-set.ts';

describe('rule-set schema', () => {
  it('accepts the baseline', () => {
    assert.deepEqual(ruleSetProblems(BASELINE_RULE_SET.definition), []);
  });

  it('names each problem by its path: wrong types, out-of-range thresholds, unknown fields, missing parts', () => {
    const base = BASELINE_RULE_SET.definition;
    const paths = (candidate: unknown) => ruleSetProblems(candidate).map((p) => p.path);
    assert.ok(paths({ ...base, feverCelsius: 'hot' }).includes('/feverCelsius'));
    assert.ok(paths({ ...base, red: { recoveryDays: 0 } }).includes('/red/recoveryDays'));
    assert.ok(paths({ ...base, popups: { ...base.popups, A: { ...base.popups.A, status: 'purple' } } }).includes('/popups/A/status'));
    assert.ok(paths({ ...base, yellow: { ...base.yellow, riskAreaLevels: ['extreme'] } }).some((p) => p.startsWith('/yellow/riskAreaLevels')));
    assert.ok(paths({ ...base, surprise: true }).length > 0);
    const { popups: _popups, ...withoutPopups } = base;
    assert.ok(ruleSetProblems(withoutPopups).length > 0);
  });
});
