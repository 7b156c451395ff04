import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers.ts';

describe('security headers', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite');
  });
  after(() => t.close());

  it('go with every API answer, errors included: not cached, not sniffed, not framed, not read cross-origin', async () => {
    for (const url of ['/api/v1/auth/session', '/api/v1/nothing-here']) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.equal(response.headers['cache-control'], 'no-store', url);
      assert.equal(response.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['cross-origin-resource-policy'], 'same-origin', url);
      assert.match(String(response.headers['strict-transport-security']), /max-age=/, url);
      assert.equal(response.headers['x-frame-options'], undefined, 'a document-only header');
    }
  });

  it('let a route that serves public data say how long it may be cached', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/regions' });
    assert.equal(response.headers['cache-control'], 'public, max-age=86400');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  it('give pages and other documents the full browser set with the content security policy', async () => {
    for (const url of ['/healthz', '/docs/']) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'.*script-src 'self'/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.match(String(response.headers['strict-transport-security']), /max-age=/, url);
    }
  });
});
