import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idsFrom, newId } from './ids.ts';

describe('ids', () => {
  it('are 32 hex characters, sort by creation time, and do not repeat across many draws of the random pool', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => newId(1_700_000_000_000 + Math.floor(i / 100)));
    assert.ok(ids.every((id) => /^[0-9a-f]{32}$/.test(id)));
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(newId(1_700_000_000_001) > newId(1_700_000_000_000));
    assert.equal(new Set(ids.map((id) => id.slice(12))).size, ids.length, 'random parts differ even within one millisecond');
  });

  it('made before a time sort before its bound, and those made at it or later after', () => {
    const at = 1_700_000_000_000;
    for (let i = 0; i < 1000; i++) {
      assert.ok(newId(at - 1) < idsFrom(at));
      assert.ok(newId(at) > idsFrom(at));
    }
  });
});
