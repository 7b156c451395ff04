import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentNucleicAcid } from './status.presenter.ts';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-20T08:00:00Z');
const lineAt = (hoursAgo: number, result: 'negative' | 'positive' = 'negative') => presentNucleicAcid({ sampledAt: now - hoursAgo * HOUR, result }, now, 'zh-CN').line;

describe('nucleic-acid line', () => {
  it('sorts a negative test into 24, 48 or 72 hours by its sampling time, the limits included', () => {
    assert.deepEqual(
      [0, 24, 24.01, 48, 48.01, 72, 72.01, 500].map((hours) => lineAt(hours)),
      ['negative_24h', 'negative_24h', 'negative_48h', 'negative_48h', 'negative_72h', 'negative_72h', 'none_recent', 'none_recent'],
    );
  });

  it('says positive for a positive latest test within 72 hours, and no recent record without a test', () => {
    assert.equal(lineAt(30, 'positive'), 'positive');
    assert.equal(lineAt(80, 'positive'), 'none_recent');
    assert.deepEqual(presentNucleicAcid(null, now, 'zh-CN'), { line: 'none_recent', label: '无近期核酸记录', sampledAt: null });
  });

  it('words each line in both languages, with the sampling time of the test it counts', () => {
    const sampledAt = now - 50 * HOUR;
    assert.deepEqual(presentNucleicAcid({ sampledAt, result: 'negative' }, now, 'zh-CN'), { line: 'negative_72h', label: '72小时内核酸阴性', sampledAt });
    assert.equal(presentNucleicAcid({ sampledAt, result: 'negative' }, now, 'en').label, 'Negative test within 72 h');
  });
});
