import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers.ts';

describe('load shedding', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp('sqlite', {
      config: { maxInFlight: '2' },
      // A slow route holds requests in flight, as a burst past capacity would.
      extend: (app) => app.get('/slow', async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 200))),
    });
    // Shedding happens in the HTTP server, before Fastify: it needs a real one, not inject().
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  it('answers 503 系统繁忙 with Retry-After past capacity, serves the accepted ones, and recovers by itself', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/slow`)));
    assert.deepEqual(responses.map((r) => r.status).sort(), [200, 200, 503, 503, 503]);
    const shed = responses.find((r) => r.status === 503)!;
    assert.deepEqual(await shed.json(), { error: { code: 'OVERLOADED', message: '系统繁忙，请稍后再试' } });
    assert.ok(Number(shed.headers.get('retry-after')) > 0);
    assert.equal(shed.headers.get('content-type'), 'application/json; charset=utf-8');
    await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.text()));
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
});
