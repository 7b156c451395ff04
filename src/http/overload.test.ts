import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, metricValue, type TestApp } from '../../test/helpers.ts';

describe('load shedding', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp('sqlite', {
      config: { maxInFlight: '2', refusalPauseMs: '300' },
      // A slow route holds requests in flight, as a burst past capacity would.
      extend: (app) => app.get('/slow', async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 200))),
    });
    // Shedding happens in the HTTP server, before Fastify: it needs a real one, not inject().
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  it('answers 503 系统繁忙 with Retry-After past capacity, serves the accepted ones, and recovers by itself', async () => {
    const startedAt = performance.now();
    const timed = async () => {
      const response = await fetch(`${base}/slow`);
      return Object.assign(response, { ms: performance.now() - startedAt });
    };
    const responses = await Promise.all(Array.from({ length: 5 }, timed));
    assert.deepEqual(responses.map((r) => r.status).sort(), [200, 200, 503, 503, 503]);
    const shed = responses.find((r) => r.status === 503)!;
    // A client that asks again as soon as it is refused is paced by the refusal itself.
    assert.ok(responses.filter((r) => r.status === 503).every((r) => r.ms >= 280), 'refusals wait the pause');
    assert.deepEqual(await shed.json(), { error: { code: 'OVERLOADED', message: '系统繁忙，请稍后再试' } });
    assert.ok(Number(shed.headers.get('retry-after')) > 0);
    assert.equal(shed.headers.get('content-type'), 'application/json; charset=utf-8');
    await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.text()));
    const metrics = await t.deps.metrics.registry.metrics();
    assert.equal(metricValue(metrics, 'healthcode_http_requests_shed_total'), 3);
    assert.equal(metricValue(metrics, 'healthcode_http_admission_limit'), 2);
  });

  it('answers in English when asked, never sheds health checks, and serves again once the burst is over', async () => {
    const burst = Array.from({ length: 2 }, () => fetch(`${base}/slow`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const shed = await fetch(`${base}/api/v1/regions`, { headers: { 'accept-language': 'en' } });
    assert.equal(shed.status, 503);
    assert.equal(((await shed.json()) as { error: { message: string } }).error.message, 'The system is busy; please try again later');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    await Promise.all((await Promise.all(burst)).map((r) => r.text()));
    assert.equal((await fetch(`${base}/slow`)).status, 200, 'recovered once the burst is over');
  });

  /** An app whose `/slow` answers after 200 ms and `/fast` after 20, admitting 40 at once, with a target of 50 ms. */
  async function appWithSlowRoutes() {
    const slowApp = await createTestApp('sqlite', {
      config: { maxInFlight: '40', targetLatencyMs: '50', refusalPauseMs: '0' },
      extend: (app) => {
        app.get('/slow', async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 200)));
        // Faster than the target, but slow enough that a burst is in flight together.
        app.get('/fast', async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 20)));
      },
    });
    await slowApp.app.listen({ host: '127.0.0.1', port: 0 });
    const url = (route: string) => `http://127.0.0.1:${(slowApp.app.server.address() as AddressInfo).port}${route}`;
    /** Sends `n` requests, `gapMs` apart, and counts those served. */
    const send = async (route: string, n: number, gapMs = 0) => {
      const pending: Promise<Response>[] = [];
      for (let i = 0; i < n; i++) {
        pending.push(fetch(url(route)));
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
      const responses = await Promise.all(pending);
      await Promise.all(responses.map((r) => r.text()));
      return responses.filter((r) => r.status === 200).length;
    };
    return { slowApp, send };
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('admits fewer at once while the requests it serves stay slower than the target, and more again once they are fast', async () => {
    const { slowApp, send } = await appWithSlowRoutes();
    try {
      // Answers four times slower than the target in every 100 ms for half a second: after three such intervals
      // the limit halves at each check, 40 → 20 → 16, its floor.
      await send('/slow', 50, 10);
      await pause(150);
      const served = await send('/slow', 30);
      assert.ok(served >= 16 && served <= 18, `served ${served}`);
      await pause(150);
      // Fast answers while requests are refused at the limit raise it by a tenth at each check.
      const fast = [await send('/fast', 30)];
      for (let tick = 0; tick < 20 && fast.at(-1)! < 30; tick++) {
        await pause(110);
        fast.push(await send('/fast', 30));
      }
      assert.ok(fast[0]! < 30, 'still limited at first');
      assert.equal(fast.at(-1), 30, `back to serving them all (${fast.join(', ')})`);
    } finally {
      await slowApp.close();
    }
  });

  it('sheds nothing for stalls: requests slowed all at once, then none slow for a while, are all served', async () => {
    const { slowApp, send } = await appWithSlowRoutes();
    try {
      for (let stall = 0; stall < 3; stall++) {
        assert.equal(await send('/slow', 30), 30, `stall ${stall + 1}: under the limit of 40, all are served`);
        await pause(150);
      }
    } finally {
      await slowApp.close();
    }
  });
});
