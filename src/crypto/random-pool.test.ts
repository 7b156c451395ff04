import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publicRandomBytes } from './random-pool.ts';

describe('publicRandomBytes', () => {
  it('hands out each drawn byte once: no two IVs alike over many refills of the pool, each its own copy', () => {
    const seen = new Set<string>();
    const first = publicRandomBytes(12);
    const kept = Buffer.from(first);
    for (let i = 0; i < 5000; i++) seen.add(publicRandomBytes(12).toString('hex'));
    assert.equal(seen.size, 5000);
    assert.deepEqual(first, kept, 'later draws do not change bytes already handed out');
  });

  it('gives exactly the size asked for, also past the size of the pool', () => {
    for (const size of [1, 12, 4095, 4096, 10_000]) assert.equal(publicRandomBytes(size).length, size);
  });
});
