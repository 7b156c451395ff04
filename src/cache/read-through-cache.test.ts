import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from './lru-cache.ts';
import { CACHE_BACKSTOP_MS, ReadThroughCache } from './read-through-cache.ts';

describe('caches', () => {
  it('keep at most their capacity, dropping the least recently used, and forget expired entries', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    assert.equal(cache.get('a', 0), 1); // a is now the most recently used
    cache.set('c', 3, 100);
    assert.deepEqual([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)], [1, undefined, 3]);
    assert.equal(cache.get('a', 100), undefined, 'expired at its time');
    assert.equal(cache.size, 1);
  });

  it('stay within their capacity however many keys pass through, keeping the ones still read', () => {
    const cache = new LruCache<number, number>(100);
    for (let i = 0; i < 10_000; i++) {
      cache.set(i, i, Infinity);
      assert.equal(cache.get(0, 0), 0, 'read all along, so kept');
      assert.ok(cache.size <= 100);
    }
    assert.equal(cache.get(5_000, 0), undefined, 'not read since, so dropped');
    assert.equal(cache.get(9_999, 0), 9_999);
  });

  it('load once, then serve from memory until dropped, and never past the backstop', async () => {
    const cache = new ReadThroughCache<string>(10);
    let loads = 0;
    const load = async () => ({ value: `v${++loads}`, expiresAt: Infinity });
    assert.equal(await cache.get('k', 0, load), 'v1');
    assert.equal(await cache.get('k', 1000, load), 'v1');
    cache.drop(['k']);
    assert.equal(await cache.get('k', 1000, load), 'v2');
    assert.equal(await cache.get('k', 1000 + CACHE_BACKSTOP_MS, load), 'v3', 'a lost invalidation costs at most the backstop');
    cache.dropWhere((value) => value === 'v3');
    assert.equal(await cache.get('k', 1000 + CACHE_BACKSTOP_MS, load), 'v4');
  });

  it('do not keep a value read while an invalidation arrived: it may predate the change', async () => {
    const cache = new ReadThroughCache<string>(10);
    let release!: () => void;
    const slowLoad = cache.get('k', 0, () => new Promise((resolve) => (release = () => resolve({ value: 'old', expiresAt: Infinity }))));
    cache.drop(['k']); // the change is committed and announced while the read is still under way
    release();
    assert.equal(await slowLoad, 'old', 'the caller still gets its answer');
    assert.equal(await cache.get('k', 0, async () => ({ value: 'new', expiresAt: Infinity })), 'new', 'but it was not kept');
  });

  it('with no capacity, always load', async () => {
    const cache = new ReadThroughCache<number>(0);
    let loads = 0;
    for (let i = 0; i < 3; i++) await cache.get('k', 0, async () => ({ value: ++loads, expiresAt: Infinity }));
    assert.equal(loads, 3);
  });
});
