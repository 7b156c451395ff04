import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers.ts';

describe('load shedding', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite', {
      config: { maxInFlight: '2' },
      // A slow route holds requests in flight, as a burst past capacity would.
      extend: (app) => app.get('/slow', async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 200))),
    });
  });
  after(() => t.close());

  it('answers 503 系统繁忙 with Retry-After past capacity, serves the accepted ones, and recovers by itself', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => t.app.inject({ method: 'GET', url: '/slow' })));
    const codes = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 200, 503, 503, 503]);
    const shed = responses.find((r) => r.statusCode === 503)!;
    assert.equal(shed.json().error.code, 'OVERLOADED');
    assert.equal(shed.json().error.message, '系统繁忙，请稍后再试');
    assert.ok(Number(shed.headers['retry-after']) > 0);
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/slow' })).statusCode, 200, 'recovered once the burst is over');
  });
});
