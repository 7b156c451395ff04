import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { testRedisUrl } from '../config.ts';
import { createInvalidationBus, listenForCommandLine, tellServers } from './invalidation-bus.ts';

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

  it('the command line tells the server of its data directory, which drops everything; with no server it tells no one', async () => {
    const dataPath = mkdtempSync(path.join(tmpdir(), 'healthcode-socket-'));
    const bus = createInvalidationBus({ redis: null, log: () => undefined });
    try {
      const dropped: string[] = [];
      bus.on('status', (keys) => dropped.push(`status ${keys}`));
      bus.on('rules', (keys) => dropped.push(`rules ${keys}`));
      await tellServers(dataPath); // before any server listens: returns, nothing else
      await listenForCommandLine(dataPath, bus.dropEverything, (error) => assert.fail(String(error)));
      await tellServers(dataPath);
      const toldAt = Date.now();
      while (dropped.length < 2 && Date.now() - toldAt < 1000) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(dropped.sort(), ['rules null', 'status null']);
    } finally {
      bus.close();
      rmSync(dataPath, { recursive: true, force: true });
    }
  });

  it('serves on where no socket can be made (a data directory with a long path), saying why', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'healthcode-socket-'));
    const dataPath = path.join(base, 'a-data-directory-deep-in-a-long-path'.repeat(4));
    mkdirSync(dataPath);
    const logged: unknown[] = [];
    try {
      await listenForCommandLine(dataPath, () => undefined, (error) => logged.push(error));
      assert.match(String(logged), /is longer than a socket's path may be/);
      assert.deepEqual(readdirSync(base), [path.basename(dataPath)], 'no socket made elsewhere under a shortened name');
      await tellServers(dataPath);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('with Redis unreachable, delivers here and says once that it cannot publish, not at every change', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    redis.on('error', () => undefined);
    const logged: unknown[] = [];
    const bus = createInvalidationBus({ redis, log: (error) => logged.push(error) });
    try {
      const here: (string[] | null)[] = [];
      bus.on('status', (keys) => here.push(keys));
      for (const person of ['p1', 'p2', 'p3']) bus.publish('status', [person]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(here, [['p1'], ['p2'], ['p3']]);
      assert.equal(logged.length, 1);
    } finally {
      bus.close();
      redis.disconnect();
    }
  });
});
