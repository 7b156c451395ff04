/**
 * The count a worker keeps for the general limit; the named limits the primary keeps are counted the same
 * way, across workers (test/cluster.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkersRateLimitStore } from './rate-limit-store.ts';

const count = (store: WorkersRateLimitStore, key: string, timeWindow: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), timeWindow));

describe('rate-limit counts in a fixed window', () => {
  it('counts each key apart, says how long its window has left, and starts a new window once it has passed', async () => {
    const store = new WorkersRateLimitStore();
    assert.equal((await count(store, '10.0.0.1', 200)).current, 1);
    const second = await count(store, '10.0.0.1', 200);
    assert.equal(second.current, 2);
    assert.ok(second.ttl > 0 && second.ttl <= 200);
    assert.equal((await count(store, '10.0.0.2', 200)).current, 1, 'another key has its own count');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await count(store, '10.0.0.1', 200);
    assert.deepEqual(next, { current: 1, ttl: 200 });
  });
});
