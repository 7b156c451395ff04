/**
 * Nothing acknowledged is ever lost: a real server process takes a stream of concurrent check-ins and is
 * killed with SIGKILL in the middle of it; every check-in it answered 201 for must be in the store.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { createPostgresDatabase, declarationBody, residentId, testTargets, TEST_PASSWORD } from './helpers.ts';

class HttpSession {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}
  async post(url: string, body: unknown): Promise<{ status: number; json: any }> {
    const response = await fetch(this.base + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf },
      body: JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('hc_session=')) this.cookie = setCookie.split(';')[0]!;
    const json = await response.json().catch(() => undefined);
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return { status: response.status, json };
  }
  async get(url: string): Promise<any> {
    return (await fetch(this.base + url, { headers: { cookie: this.cookie } })).json();
  }
}

async function waitUntilReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become ready');
}

for (const target of testTargets()) {
  describe(`durability under kill -9 (${target})`, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-durability-'));
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    let server: ChildProcess;
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const base = `http://127.0.0.1:${port}`;

    before(async () => {
      database = target === 'postgres' ? await createPostgresDatabase() : undefined;
      server = spawn(process.execPath, ['bin/healthcode.js', 'start'], {
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          HEALTHCODE_DATA_DIR: dataDir,
          HEALTHCODE_LOG_LEVEL: 'silent',
          HEALTHCODE_RATE_LIMIT_PER_MINUTE: '1000000',
          DATABASE_URL: database?.url ?? '',
        },
        stdio: 'ignore',
      });
      await waitUntilReady(base);
    });
    after(async () => {
      server.kill('SIGKILL');
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('loses no acknowledged check-in', async () => {
      const manager = new HttpSession(base);
      assert.equal((await manager.post('/api/v1/auth/register', { name: '王经理', idType: 'resident_id', idNumber: residentId('13060219700101001'), phone: '13700000001', password: TEST_PASSWORD })).status, 201);
      assert.equal((await manager.post('/api/v1/venues', { name: '东关菜市场', category: 'mall', address: '东关大街88号', regionCode: '130606', contactName: '王经理', contactPhone: '13700000001' })).status, 201);
      const poster = await manager.get('/api/v1/venues/mine/poster');
      const visitor = new HttpSession(base);
      const registered = await visitor.post('/api/v1/auth/register', { name: '张伟', idType: 'resident_id', idNumber: residentId('13060219850312001'), phone: '13800000001', password: TEST_PASSWORD });
      const personId = registered.json.person.id as string;
      await visitor.post(`/api/v1/persons/${personId}/declarations`, declarationBody());

      const acknowledged: string[] = [];
      let killed = false;
      const stream = async () => {
        while (!killed) {
          try {
            const response = await visitor.post('/api/v1/checkins', { venueCode: poster.url, personIds: [personId] });
            if (response.status === 201) acknowledged.push(response.json.entries[0].checkinId);
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const streams = Array.from({ length: 6 }, stream);
      while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 5));
      server.kill('SIGKILL');
      killed = true;
      await Promise.all(streams);

      const { db } = openDatabase({ databaseUrl: database?.url, sqliteFile: path.join(dataDir, 'healthcode.sqlite') });
      try {
        const stored = new Set((await db.selectFrom('checkins').select('id').execute()).map((r) => r.id));
        const lost = acknowledged.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged check-ins lost`);
        assert.ok(acknowledged.length >= 150);
      } finally {
        await db.destroy();
      }
    });
  });
}
