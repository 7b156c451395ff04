import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers.ts';
import { WEB_DIST } from './web.ts';

describe('serving the web app', { skip: existsSync(path.join(WEB_DIST, 'index.html')) ? false : 'web/dist not built (npm run build:web)' }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite');
  });
  after(() => t.close());

  it('answers app paths with the page, including code links whose tokens contain dots', async () => {
    for (const url of ['/', '/sign-in', '/c/s.0123456789abcdef0123456789abcdef.mac-part', '/v/aaa.bbb.ccc']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.headers['content-type'] as string, /text\/html/);
    }
  });

  it('keeps JSON 404s for the API and for missing files', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    assert.deepEqual([api.statusCode, api.json().error.code], [404, 'NOT_FOUND']);
    const asset = await t.app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } });
    assert.equal(asset.statusCode, 404);
  });
});
