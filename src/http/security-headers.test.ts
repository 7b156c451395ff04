import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers.ts';

describe('security headers', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite');
  });
  after(() => t.close());

  it('go with every response: API answers, errors and health checks', async () => {
    for (const url of ['/api/v1/regions', '/api/v1/nothing-here', '/healthz']) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'.*script-src 'self'/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.match(String(response.headers['strict-transport-security']), /max-age=/, url);
    }
  });
});
