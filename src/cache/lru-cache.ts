/**
 * A bounded in-process cache: at most `capacity` entries (rounded up to even), each kept until its own
 * expiry. Bounded so that memory stays flat however many people are served.
 *
 * Entries live in two generations of half the capacity each. A read finds its entry in the recent one
 * without changing anything, or moves it there from the older one; when the recent generation is full it
 * becomes the older one, and what was older (nothing of it read meanwhile) is dropped whole. So what is in
 * use stays, as with least-recently-used, but a read writes nothing. Moving an entry to the back of one
 * `Map` on every read (delete, then set) was the textbook way and a trap: V8 keeps each deleted entry in its
 * bucket's chain until the table is rebuilt, so one hot key (a verifier's session read on every scan) grew
 * a chain of thousands of dead entries that every read walked, 40 µs a read.
 */
interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class LruCache<K, V> {
  #recent = new Map<K, Entry<V>>();
  #older = new Map<K, Entry<V>>();
  readonly #generationSize: number;

  constructor(capacity: number) {
    this.#generationSize = Math.max(1, Math.ceil(capacity / 2));
  }

  get(key: K, now: number): V | undefined {
    let entry = this.#recent.get(key);
    if (!entry) {
      entry = this.#older.get(key);
      if (!entry) return undefined;
      this.#older.delete(key);
      if (entry.expiresAt > now) this.#keep(key, entry);
    }
    if (entry.expiresAt > now) return entry.value;
    this.#recent.delete(key);
    return undefined;
  }

  set(key: K, value: V, expiresAt: number): void {
    this.#older.delete(key);
    this.#keep(key, { value, expiresAt });
  }

  delete(key: K): void {
    this.#recent.delete(key);
    this.#older.delete(key);
  }

  deleteWhere(matches: (value: V) => boolean): void {
    for (const generation of [this.#recent, this.#older]) for (const [key, entry] of generation) if (matches(entry.value)) generation.delete(key);
  }

  clear(): void {
    this.#recent.clear();
    this.#older.clear();
  }

  get size(): number {
    return this.#recent.size + this.#older.size;
  }

  #keep(key: K, entry: Entry<V>): void {
    if (this.#recent.size >= this.#generationSize && !this.#recent.has(key)) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(key, entry);
  }
}
