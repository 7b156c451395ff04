/**
 * Load shedding: past capacity the server answers 503 系统繁忙，请稍后再试 with Retry-After at once, rather
 * than queueing without bound, so the requests it does accept stay fast and memory stays bounded. Two
 * signals: requests in flight in this process, and event-loop lag (how late a 100 ms timer fires, smoothed). Health
 * endpoints are never shed, so an orchestrator does not kill a busy but healthy process.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

const RETRY_AFTER_SECONDS = '2';
const TICK_MS = 100;
const NEVER_SHED = new Set(['/healthz', '/readyz']);

declare module 'fastify' {
  interface FastifyRequest {
    countedInFlight?: boolean;
  }
}

export async function installLoadShedding(app: FastifyInstance, config: Config): Promise<void> {
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
  app.addHook('onClose', async () => clearInterval(probe));

  // Callback hooks, not async ones: they run on every request, and a promise each is measurable.
  app.addHook('onRequest', (request, _reply, done) => {
    if (NEVER_SHED.has(request.url)) return done();
    if (inFlight >= config.maxInFlight || lagMs > config.maxEventLoopDelayMs) {
      return done(new AppError('OVERLOADED', { headers: { 'retry-after': RETRY_AFTER_SECONDS } }));
    }
    inFlight++;
    request.countedInFlight = true;
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.countedInFlight) inFlight--;
    done();
  });
}
