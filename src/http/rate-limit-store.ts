/**
 * Rate-limit counts for `--workers N` on one machine without REDIS_URL. The primary hands connections to
 * the workers in turn, so limits counted in each worker alone would let a client that opens new connections
 * make N times as many attempts: 30 password guesses per phone number would be 240 on eight cores.
 *
 * - The named limits (`createRateLimit`: sign-in attempts, password changes, text messages sent, a partner's
 *   calls a minute) are counted by the primary for every worker: an attempt asks it over the cluster channel.
 *   They guard against guessing, cost money or are a partner's contract, and their requests are rare.
 * - The general limit on requests a minute is counted in each worker: a client's connection stays with one
 *   worker, and asking the primary on every request would cost each request a round trip.
 *
 * With REDIS_URL every limit is counted in Redis, for every process on every machine.
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
 * @fastify/rate-limit's own store. A named limit keeps ten times more: to make the primary forget how often
 * one phone number was guessed at, a guesser would have to send about as many attempts for other numbers
 * between two guesses (about 2.5 MB of memory per 10 000 keys).
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
 * In a cluster worker, the store given to @fastify/rate-limit: the plugin's own instance counts the general
 * limit here; each named limit is a child of it, counted by the primary.
 */
export class WorkersRateLimitStore implements FastifyRateLimitStore {
  readonly #counts = new WindowCounts(KEYS_PER_GENERAL_LIMIT);
  readonly #waiting = new Map<number, Callback>();
  #nextId = 0;
  #limits = 0;

  constructor() {
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
    const store: FastifyRateLimitStore = {
      incr: (key, callback, timeWindow) => this.#askPrimary({ type: COUNT, id: this.#nextId++, limiter, key, timeWindow }, callback),
      child: () => this.child(),
    };
    return store;
  }

  #askPrimary(message: CountMessage, callback: Callback): void {
    this.#waiting.set(message.id, callback);
    process.send!(message, undefined, undefined, (error) => {
      if (error && this.#waiting.delete(message.id)) callback(error);
    });
  }
}
