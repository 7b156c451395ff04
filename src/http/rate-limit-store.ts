/**
 * Rate-limit counts on one machine without REDIS_URL (with it, every limit is counted in Redis, for every
 * process on every machine).
 *
 * - The named limits (`createRateLimit`: sign-in attempts, password changes, text messages sent, a partner's
 *   calls a minute) guard against guessing, cost money or are a partner's contract, and their requests are
 *   rare. With `--workers N` the primary counts them for every worker, asked over the cluster channel: it
 *   hands connections to the workers in turn, so limits counted in each worker alone would let a client that
 *   opens new connections make N times as many attempts (30 password guesses per phone number would be 240
 *   on eight cores). A lone process counts them itself, the same way.
 * - The general limit on requests a minute is counted in each process: a client's connection stays with one
 *   worker, and asking the primary on every request would cost each request a round trip.
 */
import cluster from 'node:cluster';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { LruCache } from '../cache/lru-cache.ts';
import { isMessageOfType } from '../shared/process-messages.ts';

const COUNT = 'healthcode:rate-count';
const COUNTED = 'healthcode:rate-counted';

interface CountMessage {
  type: typeof COUNT;
  id: number;
  /** Which named limit: the same number in every worker, which make their limits in the same order. */
  limiter: number;
  key: string;
  timeWindow: number;
}

interface CountedMessage {
  type: typeof COUNTED;
  id: number;
  current: number;
  ttl: number;
}

type Counted = Pick<CountedMessage, 'current' | 'ttl'>;

/**
 * Keys a limit keeps; past that, the least recently counted are forgotten. The general limit keeps as many as
 * @fastify/rate-limit's own store. A named limit keeps ten times more (about 12 MB when full): to make it
 * forget how often one phone number was guessed at, a guesser would have to send about as many attempts for
 * other numbers between two guesses.
 */
const KEYS_PER_GENERAL_LIMIT = 5_000;
const KEYS_PER_NAMED_LIMIT = 50_000;

/** Attempts per key in a fixed window that starts with the key's first attempt. */
class WindowCounts {
  readonly #windows: LruCache<string, { current: number; startedAt: number }>;

  constructor(capacity: number) {
    this.#windows = new LruCache(capacity);
  }

  count(key: string, timeWindow: number, now: number): Counted {
    let window = this.#windows.get(key, now);
    if (window) window.current++;
    else this.#windows.set(key, (window = { current: 1, startedAt: now }), now + timeWindow);
    return { current: window.current, ttl: window.startedAt + timeWindow - now };
  }
}

/** In the cluster primary: counts the workers' named limits. */
export function countLimitsForWorkers(): void {
  const limits = new Map<number, WindowCounts>();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessageOfType<CountMessage>(message, COUNT)) return;
    let counts = limits.get(message.limiter);
    if (!counts) limits.set(message.limiter, (counts = new WindowCounts(KEYS_PER_NAMED_LIMIT)));
    const counted = counts.count(message.key, message.timeWindow, Date.now());
    if (worker.isConnected()) worker.send({ type: COUNTED, id: message.id, ...counted } satisfies CountedMessage);
  });
}

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

/**
 * The store given to @fastify/rate-limit: the plugin's own instance counts the general limit here; each
 * named limit is a child of it, counted by the primary in a cluster worker and here in a lone process.
 */
export class MachineRateLimitStore implements FastifyRateLimitStore {
  readonly #counts = new WindowCounts(KEYS_PER_GENERAL_LIMIT);
  readonly #waiting = new Map<number, Callback>();
  #nextId = 0;
  #limits = 0;

  constructor() {
    if (!cluster.isWorker) return;
    process.on('message', (message: unknown) => {
      if (!isMessageOfType<CountedMessage>(message, COUNTED)) return;
      const callback = this.#waiting.get(message.id);
      this.#waiting.delete(message.id);
      callback?.(null, { current: message.current, ttl: message.ttl });
    });
    // Without the primary this worker is ending: what it asked fails, and is served (as when Redis is down).
    process.once('disconnect', () => {
      for (const callback of this.#waiting.values()) callback(new Error('the primary process is gone'));
      this.#waiting.clear();
    });
  }

  incr(key: string, callback: Callback, timeWindow: number): void {
    callback(null, this.#counts.count(key, timeWindow, Date.now()));
  }

  child(): FastifyRateLimitStore {
    const limiter = this.#limits++;
    const counts = cluster.isWorker ? null : new WindowCounts(KEYS_PER_NAMED_LIMIT);
    return {
      incr: (key, callback, timeWindow) =>
        counts ? callback(null, counts.count(key, timeWindow, Date.now())) : this.#askPrimary({ type: COUNT, id: this.#nextId++, limiter, key, timeWindow }, callback),
      child: () => this.child(),
    };
  }

  #askPrimary(message: CountMessage, callback: Callback): void {
    this.#waiting.set(message.id, callback);
    process.send!(message, undefined, undefined, (error) => {
      if (error && this.#waiting.delete(message.id)) callback(error);
    });
  }
}
