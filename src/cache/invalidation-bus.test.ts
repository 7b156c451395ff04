import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { testRedisUrl } from '../config.ts';
import { createInvalidationBus } from './invalidation-bus.ts';

describe('invalidation bus', () => {
  it('delivers to this process at once, by topic', () => {
    const bus = createInvalidationBus({ redis: null, log: () => undefined });
    const statuses: (string[] | null)[] = [];
    bus.on('status', (keys) => statuses.push(keys));
    bus.publish('status', ['p1', 'p2']);
    bus.publish('session', ['s1']);
    bus.publish('status', []);
    assert.deepEqual(statuses, [['p1', 'p2']]);
    bus.close();
  });

  it('over Redis, reaches another process (here: another bus) within a second, and not twice the sender', { skip: testRedisUrl() ? false : 'needs HEALTHCODE_TEST_REDIS' }, async () => {
    const [redisA, redisB] = [new Redis(testRedisUrl()!), new Redis(testRedisUrl()!)];
    const [a, b] = [createInvalidationBus({ redis: redisA, log: () => undefined }), createInvalidationBus({ redis: redisB, log: () => undefined })];
    try {
      const seenByA: (string[] | null)[] = [];
      const seenByB: (string[] | null)[] = [];
      a.on('venue', (keys) => seenByA.push(keys));
      b.on('venue', (keys) => seenByB.push(keys));
      await new Promise((resolve) => setTimeout(resolve, 200)); // subscriptions established
      const sentAt = Date.now();
      a.publish('venue', ['v1']);
      while (seenByB.length === 0 && Date.now() - sentAt < 1000) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(seenByB, [['v1']]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(seenByA, [['v1']], 'the sender applied it once, locally');
    } finally {
      a.close();
      b.close();
      redisA.disconnect();
      redisB.disconnect();
    }
  });
});
