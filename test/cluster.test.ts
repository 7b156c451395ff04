/**
 * `--workers 2` on the embedded store: the workers keep their own caches, and a change made through one
 * worker is served by every worker within a second (invalidations relayed by the cluster primary), and
 * the primary counts the named rate limits for all of them.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { calendarDay } from '../src/shared/calendar.ts';
import { declarationBody, metricValue, residentId, TEST_PASSWORD, within } from './helpers.ts';
import { healthcode, HttpSession, startServerProcess, type ServerProcess } from './processes.ts';

describe('two workers on one embedded store', () => {
  let server: ServerProcess;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-cluster-'));
  const metricsPort = 20_000 + Math.floor(Math.random() * 30_000);
  before(async () => {
    server = await startServerProcess({ HEALTHCODE_DATA_DIR: dataDir, HEALTHCODE_LOG_LEVEL: 'info', HEALTHCODE_METRICS_PORT: String(metricsPort), HEALTHCODE_LOGIN_ATTEMPTS: '3' }, 2);
  });
  after(() => {
    server.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Each request on a new connection; the primary hands connections to the workers in turn. */
  const readsFromEveryWorker = async (session: HttpSession, url: string, pick: (json: any, status: number) => unknown) => {
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const { json, status } = await session.get(url);
      answers.push(pick(json, status));
    }
    return answers;
  };

  it('a status change through one worker is served by all within a second', async () => {
    const holder = new HttpSession(server.base);
    const registered = await holder.post('/api/v1/auth/register', { name: '张伟', idType: 'resident_id', idNumber: residentId('13060219850312001'), phone: '13900000001', password: TEST_PASSWORD });
    assert.equal(registered.status, 201);
    const codeUrl = `/api/v1/persons/${registered.json.person.id}/code`;
    const colour = (json: any) => json.status.status;
    assert.deepEqual(new Set(await readsFromEveryWorker(holder, codeUrl, colour)), new Set(['pending']), 'every worker has read (and cached) pending');
    assert.equal((await holder.post(`/api/v1/persons/${registered.json.person.id}/declarations`, declarationBody())).status, 201);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(new Set(await readsFromEveryWorker(holder, codeUrl, colour)), new Set(['green']));
  });

  it('signing out everywhere ends the session on every worker within a second', async () => {
    const holder = new HttpSession(server.base);
    assert.equal((await holder.post('/api/v1/auth/register', { name: '李娜', idType: 'resident_id', idNumber: residentId('13060219900101002'), phone: '13900000002', password: TEST_PASSWORD })).status, 201);
    assert.deepEqual(new Set(await readsFromEveryWorker(holder, '/api/v1/auth/session', (_json, status) => status)), new Set([200]));
    const cookie = holder.cookie;
    assert.equal((await holder.post('/api/v1/auth/sign-out?everywhere=true', {})).status, 204);
    holder.cookie = cookie; // as a stolen copy of the cookie would be
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(new Set(await readsFromEveryWorker(holder, '/api/v1/auth/session', (_json, status) => status)), new Set([401]));
  });

  it('serves every worker\'s metrics, added up, from the primary', async () => {
    const anonymous = new HttpSession(server.base);
    const workers = new Set(await readsFromEveryWorker(anonymous, '/api/v1/trust-list', (_json, status) => status));
    assert.deepEqual(workers, new Set([401]));
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(scrape.status, 200);
    const text = await scrape.text();
    // Six requests on new connections, which the primary hands to the two workers in turn.
    assert.equal(metricValue(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/trust-list",status_code="401"}'), 6);
    assert.ok(metricValue(text, 'process_resident_memory_bytes') > 0);
  });

  it('counts the day\'s colours without anyone opening the dashboard, so its 14 days have every day', async () => {
    const store = new Database(path.join(dataDir, 'healthcode.sqlite'), { readonly: true });
    const counted = () => (store.prepare('select status from daily_colour_counts where day = ? order by status').all(calendarDay(Date.now(), 'Asia/Shanghai')) as { status: string }[]).map((row) => row.status).join(' ');
    try {
      // Taken when the worker holding the background duties starts them, then hourly.
      assert.equal(await within(5_000, async () => counted(), 'green pending red yellow'), 'green pending red yellow');
    } finally {
      store.close();
    }
  });

  it('a partner added through one worker is trusted by all within a second', async () => {
    const created = await healthcode(['admin', 'create', '--phone', '13900000010', '--name', '王芳'], { HEALTHCODE_DATA_DIR: dataDir }, `${TEST_PASSWORD}\n`);
    assert.equal(created.code, 0, created.stderr);
    const admin = new HttpSession(server.base);
    assert.equal((await admin.post('/api/v1/auth/sign-in', { phone: '13900000010', password: TEST_PASSWORD })).status, 200);
    const issuers = (json: any) => json.map((partner: { issuerId: string }) => partner.issuerId).join(' ');
    assert.deepEqual(new Set(await readsFromEveryWorker(admin, '/api/v1/authority/partners', issuers)), new Set(['']), 'every worker holds no partner');
    const key = { ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid: 'bj-1' };
    assert.equal((await admin.post('/api/v1/authority/partners', { issuerId: 'bj.example', name: '北京健康宝', keys: [key], ratePerMinute: 600 })).status, 201);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(new Set(await readsFromEveryWorker(admin, '/api/v1/authority/partners', issuers)), new Set(['bj.example']));
  });

  it('a case imported from the command line is served by every worker within a second', async () => {
    const created = await healthcode(['admin', 'create', '--phone', '13900000011', '--name', '赵敏', '--role', 'authority_operator'], { HEALTHCODE_DATA_DIR: dataDir }, `${TEST_PASSWORD}\n`);
    assert.equal(created.code, 0, created.stderr);
    const holder = new HttpSession(server.base);
    const idNumber = residentId('13060219700505003');
    const registered = await holder.post('/api/v1/auth/register', { name: '刘洋', idType: 'resident_id', idNumber, phone: '13900000012', password: TEST_PASSWORD });
    assert.equal(registered.status, 201);
    const personId = registered.json.person.id;
    assert.equal((await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody())).status, 201);
    const codeUrl = `/api/v1/persons/${personId}/code`;
    const colour = (json: any) => json.status.status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(new Set(await readsFromEveryWorker(holder, codeUrl, colour)), new Set(['green']), 'every worker has read (and cached) green');
    const file = path.join(dataDir, 'cases.csv');
    writeFileSync(file, `id_type,id_number,name,kind,opened_at\nresident_id,${idNumber},刘洋,confirmed,${new Date(Date.now() - 3_600_000).toISOString()}\n`);
    const imported = await healthcode(['import', 'case', file, '--as', '13900000011'], { HEALTHCODE_DATA_DIR: dataDir });
    assert.equal(imported.code, 0, imported.stderr);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(new Set(await readsFromEveryWorker(holder, codeUrl, colour)), new Set(['red']));
  });

  it('a key rotated from the command line is published by every worker within a second', async () => {
    const rotated = await healthcode(['keys', 'rotate'], { HEALTHCODE_DATA_DIR: dataDir });
    assert.equal(rotated.code, 0, rotated.stderr);
    const kid = /new signing key (\S+);/.exec(rotated.stdout)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const published = await readsFromEveryWorker(new HttpSession(server.base), '/.well-known/jwks.json', (json: any) => json.keys.some((key: { kid: string }) => key.kid === kid));
    assert.deepEqual(new Set(published), new Set([true]));
  });

  it('counts sign-in attempts for the machine, not per worker: new connections do not buy more guesses', async () => {
    const guesser = new HttpSession(server.base);
    const attempt = async () => (await guesser.post('/api/v1/auth/sign-in', { phone: '13900000009', password: 'wrong-password-1' })).status;
    // HEALTHCODE_LOGIN_ATTEMPTS is 3; each attempt on a new connection, which the workers take in turn.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt());
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });

  it('hands the background duties (jobs, purge, partitions) to another worker when the one holding them dies', async () => {
    const holders = () => [...server.output().matchAll(/"pid":(\d+)[^\n]*background duties/g)].map((m) => Number(m[1]));
    assert.equal(holders().length, 1, 'one worker holds them');
    process.kill(holders()[0]!, 'SIGKILL');
    const deadline = Date.now() + 15_000;
    while (holders().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(holders().length, 2, 'the replacement took them over');
    assert.notEqual(holders()[1], holders()[0]);
  });
});
