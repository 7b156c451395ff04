/**
 * Counts kept in a lone process: the general limit and the named ones. A cluster's primary counts the named
 * limits the same way for every worker (test/cluster.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { MachineRateLimitStore } from './rate-limit-store.ts';

const count = (store: FastifyRateLimitStore, key: string, timeWindow: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), timeWindow, 10));

describe('rate-limit counts in a fixed window', () => {
  it('counts each key apart, says how long its window has left, and starts a new window once it has passed', async () => {
    const store = new MachineRateLimitStore();
    assert.equal((await count(store, '10.0.0.1', 200)).current, 1);
    const second = await count(store, '10.0.0.1', 200);
    assert.equal(second.current, 2);
    assert.ok(second.ttl > 0 && second.ttl <= 200);
    assert.equal((await count(store, '10.0.0.2', 200)).current, 1, 'another key has its own count');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await count(store, '10.0.0.1', 200);
    assert.deepEqual(next, { current: 1, ttl: 200 });
  });

  it('counts each named limit apart from the general one and from the others', async () => {
    const store = new MachineRateLimitStore();
    const [attempts, texts] = [store.child(), store.child()];
    await count(store, '13800000001', 60_000);
    assert.equal((await count(attempts, '13800000001', 60_000)).current, 1);
    assert.equal((await count(attempts, '13800000001', 60_000)).current, 2);
    assert.equal((await count(texts, '13800000001', 60_000)).current, 1);
    assert.equal((await count(store, '13800000001', 60_000)).current, 2);
  });
});
