import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, registeredHolder, residentId, type TestApp } from '../../test/helpers.ts';

describe('rate limit per account, or per client address without a session', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite', { config: { rateLimitPerMinute: '3' } });
  });
  after(() => t.close());

  it('refuses requests past the limit with 429, Retry-After and a localised message; answers within it carry no counting headers', async () => {
    const ask = (lang: string) => t.app.inject({ method: 'GET', url: '/api/v1/regions', headers: { 'accept-language': lang }, remoteAddress: '10.0.0.7' });
    for (let i = 0; i < 3; i++) {
      const answered = await ask('zh-CN');
      assert.equal(answered.statusCode, 200);
      assert.equal(answered.headers['x-ratelimit-remaining'], undefined);
    }
    const refused = await ask('zh-CN');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.match(refused.json().error.message, /操作过于频繁/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.match((await ask('en')).json().error.message, /Too many requests/);
    const otherClient = await t.app.inject({ method: 'GET', url: '/api/v1/regions', remoteAddress: '10.0.0.8' });
    assert.equal(otherClient.statusCode, 200, 'another address is not affected');
  });

  it('counts signed-in requests per account: two holders behind one address (CGNAT) each have the whole limit', async () => {
    const first = await registeredHolder(t.app, { name: '张伟', idNumber: residentId('11010519491231002'), phone: '13800000301' });
    const second = await registeredHolder(t.app, { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000302' });
    for (let i = 0; i < 3; i++) assert.equal((await first.client.get('/api/v1/auth/session')).statusCode, 200);
    assert.equal((await first.client.get('/api/v1/auth/session')).statusCode, 429, 'the first account is past its limit');
    assert.equal((await second.client.get('/api/v1/auth/session')).statusCode, 200, 'the second, at the same address, is not');
  });
});
