import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, TestClient, type TestApp } from '../../../test/helpers.ts';

describe('region picker (GET /api/v1/regions)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite');
  });
  after(() => t.close());

  it('names the regions in the language asked for, and says that the answer varies with it', async () => {
    const chinese = new TestClient(t.app);
    const english = new TestClient(t.app);
    english.lang = 'en';
    const counties = async (client: TestClient) => {
      const response = await client.get('/api/v1/regions?parent=1306');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers.vary, 'accept-language', 'a cache keeps one answer a language');
      return (response.json() as { code: string; name: string }[]).find((r) => r.code === '130606');
    };
    assert.deepEqual(await counties(chinese), { code: '130606', name: '莲池区', level: 'county' });
    assert.deepEqual(await counties(english), { code: '130606', name: 'Lianchi District', level: 'county' });
    const provinces = (await english.get('/api/v1/regions')).json() as { code: string; name: string }[];
    assert.equal(provinces.find((p) => p.code === '61')?.name, 'Shaanxi');
  });
});
