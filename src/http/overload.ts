/**
 * Load shedding: past capacity the server answers 503 系统繁忙，请稍后再试 with Retry-After at once, rather
 * than queueing without bound, so the requests it does accept stay fast and memory stays bounded. Two
 * signals: requests in flight in this process, and event-loop lag (how late a 100 ms timer fires, smoothed). Health
 * endpoints are never shed, so an orchestrator does not kill a busy but healthy process.
 *
 * The decision is made in the HTTP server's request listener, before Fastify builds its request and reply,
 * and the answer is written once per language at start. Clients that do not wait for Retry-After ask again
 * at once, so under a retry storm most requests are shed ones. Refused through a hook and the error handler
 * (an error object with its stack trace, the catalogue, serialisation), each cost about as much as a served
 * request: from 1 000 connections that never back off the server answered 733 verifications a second,
 * against 17 000 from 50; refused here, it answers about 12 000 (docs/ARCHITECTURE.md, "Overload").
 */
import http from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { Config } from '../config.ts';
import { errorMessage } from '../errors.ts';
import { LANGS, negotiateLang, type Lang } from '../shared/i18n.ts';

const RETRY_AFTER_SECONDS = '2';
const TICK_MS = 100;
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

export function createLoadShedder(config: Pick<Config, 'maxInFlight' | 'maxEventLoopDelayMs'>): LoadShedder {
  let inFlight = 0;
  let lagMs = 0;
  let expected = performance.now() + TICK_MS;
  const probe = setInterval(() => {
    const now = performance.now();
    // Smoothed, so that one stall (a garbage collection, a slow disk write) does not shed a tick's requests.
    lagMs = 0.7 * lagMs + 0.3 * Math.max(0, now - expected);
    expected = now + TICK_MS;
  }, TICK_MS);
  probe.unref();
  const finished = () => void inFlight--;

  const serverFactory: FastifyServerFactory = (handler, options) => {
    const server = http.createServer((options.http ?? {}) as http.ServerOptions, (request, response) => {
      if (!NEVER_SHED.has(request.url ?? '') && (inFlight >= config.maxInFlight || lagMs > config.maxEventLoopDelayMs)) {
        response.writeHead(503, SHED_HEADERS).end(SHED_BODIES[negotiateLang(request.headers['accept-language'])]);
        return;
      }
      inFlight++;
      // Emitted once the answer is sent or the connection is gone, whichever comes first.
      response.once('close', finished);
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
