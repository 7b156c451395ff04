/**
 * Load shedding: past capacity the server answers 503 系统繁忙，请稍后再试 with Retry-After, rather than
 * queueing without bound, so the requests it does accept stay fast and memory stays bounded. Three signals:
 * requests in flight in this process against a limit that adapts to how long the served ones take (halved at
 * most per 100 ms while their mean has been over the target for 0.3 s, raised by a tenth while it is under and
 * the limit binds), the ceiling `maxInFlight`, and event-loop lag (how late a 100 ms timer fires, smoothed).
 * Health endpoints are never shed, so an orchestrator does not kill a busy but healthy process.
 *
 * Only slowness that lasts lowers the limit. A stall (an fsync or a page read that the disk takes a few hundred
 * ms over) makes the requests waiting through it slow all at once, and then passes; refusing requests would
 * not shorten it. Reacting to that one interval halved the limit below the connections of a normal load, and
 * the requests past it were refused and held for a second after the stall had ended. Overload keeps every
 * interval slow.
 *
 * The decision is made in the HTTP server's request listener, before Fastify builds its request and reply,
 * and the answer is written once per language at start. A refusal is held for `refusalPauseMs` before it is
 * sent: clients that ignore Retry-After ask again as soon as they are refused, and answered at once they
 * stormed the server with requests that each cost a read, a parse and a write, while the queue of unread
 * requests in front of the served ones grew (from 1 000 such connections, served p99 387 ms; held, 57 ms:
 * docs/ARCHITECTURE.md, "Overload"). A held refusal costs a timer and the connection it already has.
 */
import http from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { Config } from '../config.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { errorMessage } from '../errors.ts';
import { LANGS, negotiateLang, type Lang } from '../shared/i18n.ts';

const RETRY_AFTER_SECONDS = '2';
const TICK_MS = 100;
/** Intervals in a row whose served requests must be slower than the target on average before fewer are admitted. */
const SLOW_TICKS = 3;
/** Refusals held at once; past this (more connections than any storm here) they are answered at once. */
const MAX_HELD_REFUSALS = 10_000;
/** The admission limit never drops below this (or maxInFlight, if lower), so a few slow requests cannot shut a process. */
const MIN_LIMIT = 16;
const NEVER_SHED = new Set(['/healthz', '/readyz']);
const SHED_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'retry-after': RETRY_AFTER_SECONDS, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
/** The error handler's body for OVERLOADED, in each language. */
const SHED_BODIES = Object.fromEntries(LANGS.map((lang) => [lang, JSON.stringify({ error: { code: 'OVERLOADED', message: errorMessage('OVERLOADED', lang) } })])) as Record<Lang, string>;

export interface LoadShedder {
  /** Fastify's `serverFactory`: the HTTP server Fastify serves on, shedding before Fastify sees a request. */
  serverFactory: FastifyServerFactory;
  /** Stops measuring the event loop's lag. */
  stop(): void;
}

export function createLoadShedder(
  config: Pick<Config, 'maxInFlight' | 'maxEventLoopDelayMs' | 'refusalPauseMs' | 'targetLatencyMs'>,
  metrics: Pick<Metrics, 'countShed' | 'watchAdmission'>,
): LoadShedder {
  let inFlight = 0;
  // Requests admitted at once: lowered while the requests served take longer than the target, raised again
  // (up to maxInFlight) once they are fast, so that under any mix of requests the queue inside stays short.
  let limit = config.maxInFlight;
  let reachedLimit = false;
  let servedInTick = 0;
  let msInTick = 0;
  /** The mean time of the requests served in each of the last SLOW_TICKS intervals (0: none served). */
  const recentMeansMs: number[] = Array(SLOW_TICKS).fill(0);
  let lagMs = 0;
  let expected = performance.now() + TICK_MS;
  const probe = setInterval(() => {
    const now = performance.now();
    // Smoothed, so that one stall (a garbage collection, a slow disk write) does not shed a tick's requests.
    lagMs = 0.7 * lagMs + 0.3 * Math.max(0, now - expected);
    expected = now + TICK_MS;
    recentMeansMs.shift();
    recentMeansMs.push(servedInTick > 0 ? msInTick / servedInTick : 0);
    const sustainedMs = Math.min(...recentMeansMs);
    if (sustainedMs > config.targetLatencyMs) limit = Math.max(Math.min(MIN_LIMIT, config.maxInFlight), Math.floor(limit * Math.max(0.5, config.targetLatencyMs / sustainedMs)));
    else if (reachedLimit) limit = Math.min(config.maxInFlight, limit + Math.ceil(limit / 10));
    servedInTick = 0;
    msInTick = 0;
    reachedLimit = false;
  }, TICK_MS);
  probe.unref();
  const finished = (startedAt: number) => {
    inFlight--;
    servedInTick++;
    msInTick += performance.now() - startedAt;
  };
  metrics.watchAdmission({ inFlight: () => inFlight, limit: () => limit });
  let held = 0;
  const refuse = (response: http.ServerResponse, body: string) => {
    metrics.countShed();
    if (held >= MAX_HELD_REFUSALS) {
      response.writeHead(503, SHED_HEADERS).end(body);
      return;
    }
    held++;
    setTimeout(() => {
      held--;
      if (!response.destroyed) response.writeHead(503, SHED_HEADERS).end(body);
    }, config.refusalPauseMs).unref();
  };

  const serverFactory: FastifyServerFactory = (handler, options) => {
    const server = http.createServer((options.http ?? {}) as http.ServerOptions, (request, response) => {
      if (!NEVER_SHED.has(request.url ?? '') && (inFlight >= limit || lagMs > config.maxEventLoopDelayMs)) {
        reachedLimit ||= inFlight >= limit;
        refuse(response, SHED_BODIES[negotiateLang(request.headers['accept-language'])]);
        return;
      }
      inFlight++;
      const startedAt = performance.now();
      // Emitted once the answer is sent or the connection is gone, whichever comes first.
      response.once('close', () => finished(startedAt));
      handler(request, response);
    });
    // What Fastify sets on the server it makes itself.
    server.keepAliveTimeout = options.keepAliveTimeout as number;
    server.requestTimeout = options.requestTimeout as number;
    server.setTimeout(options.connectionTimeout as number);
    if ((options.maxRequestsPerSocket as number) > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket as number;
    return server;
  };
  return { serverFactory, stop: () => clearInterval(probe) };
}
