/**
 * Prometheus metrics of one serving process: every answered request by route and status, requests shed or
 * rate-limited, the group commits' batches and how long they took to be durable, scanned codes by result and
 * colour, and the in-process caches' hits and misses. With `--workers N` the primary adds up its workers' (`reportToPrimary`, metrics-server.ts).
 *
 * What is counted on a hot path is a lookup of an already-labelled child and an increment; values that exist
 * anyway (requests in flight, the admission limit) are read only when scraped.
 */
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CacheStats } from '../cache/read-through-cache.ts';
import type { VerificationOutcome } from '../modules/verification/verification.service.ts';

/** Seconds; around the 25 ms target and the overload section's 100 ms, up to a disk stall. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Requests that matched no route are counted under one label, so that scanners' URLs cannot add series. */
const UNMATCHED_ROUTE = 'unmatched';

export type Metrics = ReturnType<typeof createMetrics>;

/** The labelled child for a combination of label values, made once. */
function childrenOf<Child>(make: (...values: string[]) => Child): (...values: string[]) => Child {
  const children = new Map<string, Child>();
  return (...values) => {
    const key = values.join('\0');
    let child = children.get(key);
    if (!child) children.set(key, (child = make(...values)));
    return child;
  };
}

export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];

  const requestSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Answered HTTP requests by method, route and status code, and the time from receiving each to answering it.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const requestChild = childrenOf((...values) => requestSeconds.labels(...values));

  const shed = new Counter({ name: 'healthcode_http_requests_shed_total', help: 'Requests refused with 503 OVERLOADED (系统繁忙) before any work was done.', registers });
  const rateLimited = new Counter({
    name: 'healthcode_http_requests_rate_limited_total',
    help: 'Requests refused by a rate limit (429), by limit: requests (every API request, per account or address), sign_in_attempts (per phone and address, or per phone), sign_in_codes (text messages per address).',
    labelNames: ['limit'],
    registers,
  });
  let admission = { inFlight: () => 0, limit: () => 0 };
  new Gauge({
    name: 'healthcode_http_requests_in_flight',
    help: 'Requests being worked on.',
    registers,
    collect() {
      this.set(admission.inFlight());
    },
  });
  new Gauge({
    name: 'healthcode_http_admission_limit',
    help: 'Requests admitted at once before more are shed; lowered while answers are slower than HEALTHCODE_TARGET_LATENCY_MS.',
    registers,
    collect() {
      this.set(admission.limit());
    },
  });

  const commitSeconds = new Histogram({
    name: 'healthcode_group_commit_duration_seconds',
    help: 'Group commits (check-ins, records of scanned codes) by what they store: the time from writing a batch to its being on disk.',
    labelNames: ['store'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const committedRows = new Counter({ name: 'healthcode_group_commit_rows_total', help: 'Rows stored by group commits, by what they store.', labelNames: ['store'], registers });
  const failedCommits = new Counter({ name: 'healthcode_group_commit_failures_total', help: 'Group commits that failed (their requests were answered with an error), by what they store.', labelNames: ['store'], registers });

  const verifications = new Counter({
    name: 'healthcode_verifications_total',
    help: 'Codes scanned online by result (valid, expired, invalid, untrusted, revoked) and the colour shown (none: no colour could be shown).',
    labelNames: ['result', 'status'],
    registers,
  });
  const verificationChild = childrenOf((...values) => verifications.labels(...values));

  const caches = new Map<string, { stats(): CacheStats }>();
  new Counter({
    name: 'healthcode_cache_lookups_total',
    help: 'Lookups in the in-process caches (sessions, statuses, masked names, venues) by outcome: a miss reads the store. Many misses with full caches: raise HEALTHCODE_CACHE_ENTRIES.',
    labelNames: ['cache', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const [name, cache] of caches) {
        const { hits, misses } = cache.stats();
        this.labels(name, 'hit').inc(hits);
        this.labels(name, 'miss').inc(misses);
      }
    },
  });
  new Gauge({
    name: 'healthcode_cache_entries',
    help: 'Entries in each in-process cache (at most HEALTHCODE_CACHE_ENTRIES).',
    labelNames: ['cache'],
    registers,
    collect() {
      for (const [name, cache] of caches) this.labels(name).set(cache.stats().entries);
    },
  });

  return {
    registry,
    /** Process CPU, memory, event-loop lag and garbage collection; only for serving processes (one set per process). */
    collectProcessMetrics(): void {
      collectDefaultMetrics({ register: registry });
    },
    observeRequest(method: string, route: string | undefined, statusCode: number, milliseconds: number): void {
      requestChild(method, route ?? UNMATCHED_ROUTE, String(statusCode)).observe(milliseconds / 1000);
    },
    /** Where the in-flight count and the admission limit are read when scraped. */
    watchAdmission(source: typeof admission): void {
      admission = source;
    },
    /** A cache whose lookups and size are read when scraped. */
    watchCache(name: string, cache: { stats(): CacheStats }): void {
      caches.set(name, cache);
    },
    countShed: () => shed.inc(),
    countRateLimited: (limit: 'requests' | 'sign_in_attempts' | 'sign_in_codes') => rateLimited.labels(limit).inc(),
    /** What a group commit reports for each batch, under `store`'s name. */
    groupCommitObserver(store: string): GroupCommitObserver {
      const seconds = commitSeconds.labels(store);
      const rows = committedRows.labels(store);
      const failures = failedCommits.labels(store);
      return {
        committed(rowCount, milliseconds) {
          seconds.observe(milliseconds / 1000);
          rows.inc(rowCount);
        },
        failed: () => failures.inc(),
      };
    },
    countVerification(outcome: Pick<VerificationOutcome, 'result' | 'status'>): void {
      verificationChild(outcome.result, outcome.status ?? 'none').inc();
    },
  };
}

export interface GroupCommitObserver {
  committed(rows: number, milliseconds: number): void;
  failed(): void;
}

/**
 * In a cluster worker: answers the primary's requests for this process's metrics (prom-client's cluster
 * messages), so that the primary can serve them added up with the other workers'.
 */
export function reportToPrimary(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Its constructor installs the worker's message listener.
  new AggregatorRegistry();
}
