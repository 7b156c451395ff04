/**
 * Test harness: builds the real app on a throwaway store. Every database test runs against SQLite and,
 * when HEALTHCODE_TEST_PG names a PostgreSQL server, against a fresh database created there for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig, settings, testPostgresUrl, type Config } from '../src/config.ts';
import { createDeps, type Deps } from '../src/container.ts';
import type { SmsSender } from '../src/modules/accounts/sms.ts';

export type TargetName = 'sqlite' | 'postgres';

export function testTargets(): TargetName[] {
  return testPostgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A clock tests can move. */
export function testClock(start = Date.parse('2026-11-20T02:00:00Z')) {
  let current = start;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    set: (ms: number) => {
      current = ms;
    },
  };
}

/** A fresh PostgreSQL database on the HEALTHCODE_TEST_PG server, and how to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = testPostgresUrl()!;
  const name = `hc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(
  target: TargetName,
  options: {
    now?: () => number;
    config?: Partial<Record<keyof typeof settings, string>>;
    extend?: (app: FastifyInstance) => void;
    /** Receives errors the app logs instead of failing a request (console.error unless given). */
    log?: (error: unknown) => void;
    smsSender?: SmsSender;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-test-'));
  const database = target === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig(
    // Shedding on lag or on slow answers would make tests depend on how busy the machine is; src/http/overload.test.ts covers it.
    { dataDir, logLevel: 'silent', databaseUrl: database?.url ?? '', redisUrl: '', maxEventLoopDelayMs: '10000', targetLatencyMs: '60000', ...options.config },
    {},
  );
  const deps = await createDeps(config, { now: options.now, sqliteFile: ':memory:', log: options.log, smsSender: options.smsSender });
  const app = await buildApp(deps);
  options.extend?.(app);
  await app.ready();
  return {
    app,
    deps,
    config,
    async close() {
      await app.close();
      await deps.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class TestClient {
  cookie = '';
  csrfToken = '';
  lang = 'zh-CN';

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'accept-language': this.lang, ...(options.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && options.method && options.method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({ ...options, headers });
    const setCookie = response.cookies.find((c) => c.name === 'hc_session');
    if (setCookie) this.cookie = setCookie.value ? `hc_session=${setCookie.value}` : '';
    const body = response.headers['content-type']?.toString().includes('json') ? response.json() : undefined;
    if (body && typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken;
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, payload?: object) {
    return this.request({ method: 'POST', url, payload });
  }

  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }
}

export const TEST_PASSWORD = 'secret123';

/** Registers a holder and returns a signed-in client. */
export async function registeredHolder(app: FastifyInstance, person: { name: string; idNumber: string; phone: string; idType?: string }) {
  const client = new TestClient(app);
  const response = await client.post('/api/v1/auth/register', { idType: 'resident_id', password: TEST_PASSWORD, ...person });
  if (response.statusCode !== 201) throw new Error(`registration failed: ${response.body}`);
  return { client, account: response.json() as { accountId: string; person: { id: string } } };
}

/** A clean declaration (打卡) body; override fields to declare risk. */
export function declarationBody(overrides: Record<string, unknown> = {}) {
  return {
    contactPhone: '13800000001',
    address: '莲池区东关大街1号',
    regionCode: '130606',
    temperature: 36.5,
    symptoms: [],
    visitedRegions: [],
    contactWithCase: 'no',
    arrivedFromAbroad: false,
    ...overrides,
  };
}

/** A valid 居民身份证 number from its first 17 digits. */
export { residentIdFrom as residentId } from './id-numbers.ts';

/** An authority admin and a verifier in a new organisation, both signed in. */
export async function staffClients(t: TestApp) {
  await t.deps.accounts.createStaffAccount(t.deps.db, { name: '防控管理员', phone: '13900000001', password: TEST_PASSWORD, roles: ['authority_admin', 'authority_operator'] });
  const authority = new TestClient(t.app);
  await authority.post('/api/v1/auth/sign-in', { phone: '13900000001', password: TEST_PASSWORD });
  const organisation = (await authority.post('/api/v1/authority/organisations', { name: '东关社区卡口' })).json() as { id: string };
  await authority.post(`/api/v1/authority/organisations/${organisation.id}/verifiers`, { name: '核验员', phone: '13900000003', password: TEST_PASSWORD });
  const verifier = new TestClient(t.app);
  await verifier.post('/api/v1/auth/sign-in', { phone: '13900000003', password: TEST_PASSWORD });
  return { authority, verifier, organisationId: organisation.id };
}

/** Authority users for the console: an operator+admin and a separate approver, both signed in. */
export async function authorityClients(t: TestApp) {
  const make = async (phone: string, name: string, roles: ('authority_operator' | 'authority_admin' | 'authority_approver')[]) => {
    await t.deps.accounts.createStaffAccount(t.deps.db, { name, phone, password: TEST_PASSWORD, roles });
    const client = new TestClient(t.app);
    await client.post('/api/v1/auth/sign-in', { phone, password: TEST_PASSWORD });
    return client;
  };
  return {
    operator: await make('13900000011', '防控操作员', ['authority_operator', 'authority_admin']),
    approver: await make('13900000012', '防控审批员', ['authority_approver']),
  };
}

/** Polls an authority job until it has finished. */
export async function finishedJob(client: TestClient, jobId: string, t: TestApp) {
  await t.deps.jobs.settled(jobId);
  return (await client.get(`/api/v1/authority/jobs/${jobId}`)).json() as { status: string; total: number; done: number; errors: { line: number; field: string; code: string; message: string }[] };
}

/** Asks `read` again until it answers `expected` or `ms` have passed; returns the last answer. */
export async function within<T>(ms: number, read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await read();
    if (answer === expected || Date.now() >= deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The value of one series (`name{label="value",…}`, labels in declaration order) in Prometheus text, 0 if absent. */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
