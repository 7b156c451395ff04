/**
 * A cache in front of a loader, for data other processes may change. Invalidations (from the
 * InvalidationBus) drop entries; a load that was under way while an invalidation arrived is returned
 * but not kept, since it may have read the row just before the change was committed.
 */
import { LruCache } from './lru-cache.ts';

/** How long a cached copy may outlive an invalidation that was lost (a process died between commit and publish). */
export const CACHE_BACKSTOP_MS = 30_000;

/** What a cache reports to the metrics. */
export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
}

export class ReadThroughCache<V> {
  readonly #entries: LruCache<string, V>;
  #generation = 0;
  #hits = 0;
  #misses = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxAgeMs = CACHE_BACKSTOP_MS,
  ) {
    this.#entries = new LruCache(Math.max(1, capacity));
  }

  /** The cached value, or `load()`'s, kept until the earlier of its own expiry and the backstop. */
  async get(key: string, now: number, load: () => Promise<{ value: V; expiresAt: number } | undefined>): Promise<V | undefined> {
    const hit = this.capacity > 0 ? this.#entries.get(key, now) : undefined;
    if (hit !== undefined) {
      this.#hits++;
      return hit;
    }
    this.#misses++;
    const generation = this.#generation;
    const loaded = await load();
    if (loaded && this.capacity > 0 && generation === this.#generation) this.#entries.set(key, loaded.value, Math.min(loaded.expiresAt, now + this.maxAgeMs));
    return loaded?.value;
  }

  /** Drops `keys`, or everything when null. */
  drop(keys: string[] | null): void {
    this.#generation++;
    if (keys === null) this.#entries.clear();
    else for (const key of keys) this.#entries.delete(key);
  }

  dropWhere(matches: (value: V) => boolean): void {
    this.#generation++;
    this.#entries.deleteWhere(matches);
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size };
  }
}

export type CacheMaker = ReturnType<typeof cacheMaker>;

/** Makes a process's read-through caches: `capacity` entries each (`HEALTHCODE_CACHE_ENTRIES`), each watched by the metrics under its name. */
export function cacheMaker(capacity: number, watch: (name: string, cache: { stats(): CacheStats }) => void) {
  return {
    readThrough<V>(name: string, maxAgeMs?: number): ReadThroughCache<V> {
      const cache = new ReadThroughCache<V>(capacity, maxAgeMs);
      watch(name, cache);
      return cache;
    },
  };
}
