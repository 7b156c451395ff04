/**
 * Scale-out: two app processes against one PostgreSQL and one Redis share everything that matters: a
 * session made through one works on the other, a change made through one is served by the other at once,
 * and rate limits count across both.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testPostgresUrl, testRedisUrl } from '../src/config.ts';
import { createPostgresDatabase, declarationBody, residentId, TEST_PASSWORD, within } from './helpers.ts';
import { HttpSession, startServerProcess, type ServerProcess } from './processes.ts';

describe('two processes on one PostgreSQL and Redis', { skip: testPostgresUrl() && testRedisUrl() ? false : 'needs HEALTHCODE_TEST_PG and HEALTHCODE_TEST_REDIS' }, () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const servers: ServerProcess[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-scale-'));
  before(async () => {
    database = await createPostgresDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl()!,
      HEALTHCODE_DATA_DIR: dataDir,
      HEALTHCODE_LOGIN_ATTEMPTS: '3',
      HEALTHCODE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  });
  after(async () => {
    for (const server of servers) server.process.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a change made through one process is served by the other at once', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const holder = new HttpSession(a.base);
    const phone = `1390${Math.floor(1_000_000 + Math.random() * 8_999_999)}`; // fresh: Redis outlives test runs
    const registered = await holder.post('/api/v1/auth/register', { name: '张伟', idType: 'resident_id', idNumber: residentId('13060219850312001'), phone, password: TEST_PASSWORD });
    assert.equal(registered.status, 201);
    const personId = registered.json.person.id;
    holder.base = b.base;
    assert.equal((await holder.get('/api/v1/auth/session')).status, 200, 'the session works on the other process');
    assert.equal((await holder.get(`/api/v1/persons/${personId}/code`)).json.status.status, 'pending');
    holder.base = a.base;
    assert.equal((await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody())).status, 201);
    holder.base = b.base;
    assert.equal(await within(1000, async () => (await holder.get(`/api/v1/persons/${personId}/code`)).json.status.status, 'green'), 'green', 'served by the other process within a second');
  });

  it('a sign-out through one process ends the session on the other within a second', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const holder = new HttpSession(a.base);
    const phone = `1391${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    assert.equal((await holder.post('/api/v1/auth/register', { name: '李娜', idType: 'resident_id', idNumber: residentId('13060219900101002'), phone, password: TEST_PASSWORD })).status, 201);
    holder.base = b.base;
    assert.equal((await holder.get('/api/v1/auth/session')).status, 200, 'known (and now cached) on the other process');
    holder.base = a.base;
    const cookie = holder.cookie;
    assert.equal((await holder.post('/api/v1/auth/sign-out', {})).status, 204);
    holder.cookie = cookie; // as a stolen copy of the cookie would be
    holder.base = b.base;
    assert.equal(await within(1000, async () => (await holder.get('/api/v1/auth/session')).status, 401), 401);
  });

  it('counts sign-in attempts across processes', async () => {
    const statuses: number[] = [];
    const phone = `1380${Math.floor(1_000_000 + Math.random() * 8_999_999)}`; // fresh: Redis outlives test runs
    for (let i = 0; i < 4; i++) {
      const session = new HttpSession(servers[i % 2]!.base);
      statuses.push((await session.post('/api/v1/auth/sign-in', { phone, password: 'wrong-pass1' })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
  });
});
