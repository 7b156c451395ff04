/**
 * Load shedding: past capacity the server answers 503 系统繁忙，请稍后再试 with Retry-After at once, rather
 * than queueing without bound, so the requests it does accept stay fast and memory stays bounded. Two
 * signals: requests in flight in this process, and event-loop lag (via @fastify/under-pressure). Health
 * endpoints are never shed, so an orchestrator does not kill a busy but healthy process.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

const RETRY_AFTER_SECONDS = '2';
const overloaded = () => new AppError('OVERLOADED', { headers: { 'retry-after': RETRY_AFTER_SECONDS } });
const NEVER_SHED = new Set(['/healthz', '/readyz']);

export async function installLoadShedding(app: FastifyInstance, config: Config): Promise<void> {
  let inFlight = 0;
  app.addHook('onRequest', async (request) => {
    if (NEVER_SHED.has(request.url)) return;
    if (inFlight >= config.maxInFlight) throw overloaded();
    inFlight++;
    request.countedInFlight = true;
  });
  app.addHook('onResponse', async (request) => {
    if (request.countedInFlight) inFlight--;
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    sampleInterval: 50,
    pressureHandler: (request) => {
      if (NEVER_SHED.has(request.url)) return;
      throw overloaded();
    },
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    countedInFlight?: boolean;
  }
}
