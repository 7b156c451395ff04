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

  it('serves the service worker fresh, keeping what the page loads at start and no API answer', async () => {
    const worker = await t.app.inject({ method: 'GET', url: '/sw.js' });
    assert.equal(worker.statusCode, 200);
    assert.match(worker.headers['content-type'] as string, /javascript/);
    assert.equal(worker.headers['cache-control'], 'no-cache', 'a deployment reaches phones at their next visit');
    const shell = JSON.parse(/\{"version":"[0-9a-f]+","files":\[[^\]]*\]\}/.exec(worker.body)![0]) as { files: string[] };
    const page = (await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })).body;
    const loadedAtStart = [...page.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!);
    for (const file of loadedAtStart) assert.ok(shell.files.includes(file), `${file} is kept`);
    assert.ok(shell.files.includes('index.html'));
    assert.ok(!shell.files.some((file) => file.startsWith('api/')));
    for (const file of shell.files) assert.equal((await t.app.inject({ method: 'GET', url: `/${file}` })).statusCode, 200, file);
  });

  it('has a manifest whose icons are served, so that phones can install the app', async () => {
    const manifest = (await t.app.inject({ method: 'GET', url: '/manifest.webmanifest' })).json() as { icons: { src: string; type: string }[] };
    assert.ok(manifest.icons.some((icon) => icon.type === 'image/png'));
    for (const icon of manifest.icons) {
      const response = await t.app.inject({ method: 'GET', url: icon.src });
      assert.deepEqual([response.statusCode, (response.headers['content-type'] as string).split(';')[0]], [200, icon.type], icon.src);
    }
  });

  it('keeps JSON 404s for the API and for missing files', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    assert.deepEqual([api.statusCode, api.json().error.code], [404, 'NOT_FOUND']);
    const asset = await t.app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } });
    assert.equal(asset.statusCode, 404);
  });
});
