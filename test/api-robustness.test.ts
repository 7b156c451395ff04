/**
 * Every operation in the OpenAPI document, asked with odd input by every kind of user: nothing a user can
 * send gets a 5xx, and every refusal has the catalogue's shape. The inputs are drawn from the schemas with a
 * fixed seed, so a failure repeats; it names the request that caused it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { authorityClients, createTestApp, declarationBody, registeredHolder, residentId, staffClients, testTargets, TestClient, type TestApp } from './helpers.ts';

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}
interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: SchemaNode }[];
  requestBody?: { content?: Record<string, { schema?: SchemaNode }> };
}

/** mulberry32: a small generator whose sequence a seed fixes. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values no well-behaved client sends: control characters, lone surrogates, huge and fractional numbers, wrong types. */
const ODD: unknown[] = [null, '', ' ', 'x'.repeat(20_000), '\ud800', '\u0000', 'a\u0000b', '../../etc/passwd', '%', -1, 0, 1.5, 36.5, 1e308, -1e308, 2 ** 63, true, [], {}, ['x'], { a: 1 }, '９', '1e5'];
const RAW_BODIES = ['{', '[]', 'null', '"x"', '{"a":', '1', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}'];
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
const ROUNDS_PER_OPERATION = 12;

for (const target of testTargets()) {
  describe(`the whole API with odd input (${target})`, () => {
    let t: TestApp;
    let clients: Record<string, TestClient>;
    let known: string[];
    before(async () => {
      t = await createTestApp(target, {
        // Limits would answer 429 before the input is looked at.
        config: { rateLimitPerMinute: '1000000', loginAttemptsPerWindow: '10000', loginAttemptsPerPhone: '10000', signInCodesPerAddress: '10000' },
        log: () => {},
      });
      const holder = await registeredHolder(t.app, { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002' });
      await holder.client.post(`/api/v1/persons/${holder.account.person.id}/declarations`, declarationBody());
      const manager = await registeredHolder(t.app, { name: '张三', idNumber: residentId('13060219700101003'), phone: '13800000003' });
      const venue = (await manager.client.post('/api/v1/venues', { name: '东关菜市场', category: 'mall', address: '东关大街1号', regionCode: '130606', contactName: '张三', contactPhone: '13800000009' })).json() as { id: string };
      const staff = await staffClients(t);
      const authority = await authorityClients(t);
      const code = (await holder.client.get(`/api/v1/persons/${holder.account.person.id}/code`)).json() as { url: string };
      clients = { anonymous: new TestClient(t.app), holder: holder.client, manager: manager.client, verifier: staff.verifier, admin: staff.authority, operator: authority.operator, approver: authority.approver };
      known = [holder.account.person.id, holder.account.accountId, venue.id, staff.organisationId, code.url, '130606', '13800000001', residentId('13060219800101001'), 'secret123', 'green', 'x', '2026-11-20'];
    });
    after(() => t.close());

    it('refuses U+0000 anywhere in the input as a format error on the field, and stores nothing', async () => {
      const anonymous = new TestClient(t.app);
      anonymous.lang = 'en';
      const refused = await anonymous.post('/api/v1/auth/register', { idType: 'resident_id', password: 'secret123', name: '王\u0000五', idNumber: residentId('13060219900101004'), phone: '13800000004' });
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(refused.json().error.fields, [{ field: 'name', code: 'INVALID_FORMAT', message: 'Invalid format' }]);
      assert.equal(refused.json().error.message, 'Some fields need attention');
      const accounts = await t.deps.db.selectFrom('accounts').select('id').execute();
      const registered = await anonymous.post('/api/v1/auth/register', { idType: 'resident_id', password: 'secret123', name: '王五', idNumber: residentId('13060219900101004'), phone: '13800000004' });
      assert.equal(registered.statusCode, 201, 'the refused registration took nothing, not even the phone number');
      assert.equal((await t.deps.db.selectFrom('accounts').select('id').execute()).length, accounts.length + 1);

      const verifier = clients.verifier!;
      verifier.lang = 'zh-CN';
      const upload = await verifier.post('/api/v1/verifications/offline', { checks: [{ id: 'device-0001', token: 'x', checkedAt: t.deps.now() }, { id: 'device\u00000002', token: 'x', checkedAt: t.deps.now() }] });
      assert.equal(upload.statusCode, 400);
      assert.deepEqual(upload.json().error.fields, [{ field: 'checks.1.id', code: 'INVALID_FORMAT', message: '格式不正确' }]);
      assert.equal((await t.deps.db.selectFrom('verifications').select('id').where('client_check_id', 'like', 'device%').execute()).length, 0, 'not even the first check of the batch');

      const inPath = await clients.holder!.get('/api/v1/persons/%00/appeals');
      assert.equal(inPath.statusCode, 400);
      assert.equal(inPath.json().error.fields[0].field, 'personId');
      const inQuery = await clients.admin!.get('/api/v1/authority/audit?actionPrefix=%00');
      assert.equal(inQuery.statusCode, 400);
      assert.equal(inQuery.json().error.fields[0].field, 'actionPrefix');
    });

    it('takes times as whole epoch milliseconds between 1970 and 9999 only', async () => {
      const tooLate = await clients.operator!.post('/api/v1/authority/risk-areas', { regionCode: '130606', level: 'high', validFrom: 1e308 });
      assert.equal(tooLate.statusCode, 400);
      assert.equal(tooLate.json().error.fields[0].field, 'validFrom');
      assert.equal((await t.deps.db.selectFrom('risk_areas').select('id').execute()).length, 0);
      const fractional = await clients.admin!.get('/api/v1/authority/audit?from=36.5');
      assert.equal(fractional.statusCode, 400);
      assert.equal(fractional.json().error.fields[0].field, 'from');
      assert.equal((await clients.admin!.get(`/api/v1/authority/audit?from=${t.deps.now() - 60_000}`)).statusCode, 200);
    });

    it('answers no request with a 5xx, and every refusal with a code and a message', async () => {
      const random = seededRandom(20261202);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const spec = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, SchemaNode> } };
      const resolve = (schema: SchemaNode | undefined): SchemaNode => (schema?.$ref ? resolve(spec.components.schemas[schema.$ref.split('/').pop()!]) : (schema ?? {}));

      /** A value the schema is likely to accept, so that the odd ones reach past validation. */
      const plausible = (given: SchemaNode | undefined, depth = 0): unknown => {
        const schema = resolve(given);
        if (depth > 6) return null;
        if (schema.const !== undefined) return schema.const;
        if (schema.enum) return pick(schema.enum);
        const alternatives = schema.anyOf ?? schema.oneOf;
        if (alternatives) return plausible(pick(alternatives), depth + 1);
        if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => plausible(part, depth + 1)));
        switch (Array.isArray(schema.type) ? pick(schema.type) : schema.type) {
          case 'object':
            return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => schema.required?.includes(name) || random() < 0.6).map(([name, property]) => [name, plausible(property, depth + 1)]));
          case 'array':
            return Array.from({ length: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, Math.floor(random() * 3))) }, () => plausible(schema.items, depth + 1));
          case 'integer':
          case 'number': {
            const low = schema.minimum ?? -1000;
            const high = schema.maximum ?? t.deps.now() + 86_400_000;
            const fitting = [low, high, Math.floor((low + high) / 2), t.deps.now(), t.deps.now() - 3_600_000, 0, 1].filter((n) => n >= low && n <= high);
            return fitting.length > 0 ? pick(fitting) : low;
          }
          case 'boolean':
            return random() < 0.5;
          case 'string': {
            const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : null;
            const fitting = known.filter((s) => (!pattern || pattern.test(s)) && s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity));
            return fitting.length > 0 ? pick(fitting) : 'x'.repeat(Math.max(1, schema.minLength ?? 1));
          }
          default:
            return pick(known);
        }
      };
      /** The value with one place in it made odd. */
      const spoil = (value: unknown): unknown => {
        if (random() < 0.25 || value === null || typeof value !== 'object') return pick(ODD);
        if (Array.isArray(value)) {
          if (value.length === 0) return [pick(ODD)];
          const at = Math.floor(random() * value.length);
          return value.map((item, i) => (i === at ? spoil(item) : item));
        }
        const names = Object.keys(value);
        if (names.length === 0 || random() < 0.15) return { ...value, [pick(['__proto__', 'constructor', 'extra'])]: pick(ODD) };
        const name = pick(names);
        return { ...value, [name]: spoil((value as Record<string, unknown>)[name]) };
      };
      const inUrl = (value: unknown) => {
        const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
        try {
          return encodeURIComponent(text);
        } catch {
          return '%ED%A0%80'; // a lone surrogate cannot be encoded: send the bytes a client would have made of it
        }
      };

      const failures: string[] = [];
      let asked = 0;
      for (const [template, operations] of Object.entries(spec.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          // Signing out would end the sessions the rest of the sweep uses.
          if (template.endsWith('/sign-out')) continue;
          const parameters = operation.parameters ?? [];
          const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
          for (let round = 0; round < ROUNDS_PER_OPERATION; round++) {
            const spoilt = round === 0 ? 'nothing' : pick(['path', 'query', 'body', 'body', 'body', 'raw'] as const);
            let url = template.replace(/\{(\w+)\}/g, (_, name: string) => inUrl(spoilt === 'path' && random() < 0.7 ? pick(ODD) : random() < 0.7 ? pick(known) : plausible(parameters.find((p) => p.name === name)?.schema)));
            const query = parameters.filter((p) => p.in === 'query' && (p.required || random() < 0.5));
            if (query.length > 0) url += `?${query.map((p) => `${inUrl(p.name)}=${inUrl(spoilt === 'query' && random() < 0.5 ? pick(ODD) : plausible(p.schema))}`).join('&')}`;
            let payload: InjectOptions['payload'] = bodySchema ? (plausible(bodySchema) as object) : undefined;
            if (spoilt === 'body') payload = spoil(payload) as object;
            const headers: Record<string, string> = {};
            if (spoilt === 'raw') {
              payload = pick(RAW_BODIES);
              headers['content-type'] = pick(CONTENT_TYPES);
            }
            const who = pick(Object.keys(clients));
            const response = await clients[who]!.request({ method: method.toUpperCase() as InjectOptions['method'], url, payload, headers });
            asked++;
            const what = `${who}: ${method.toUpperCase()} ${url.slice(0, 160)} ${JSON.stringify(payload)?.slice(0, 160) ?? ''} → ${response.statusCode} ${response.body.slice(0, 160)}`;
            if (response.statusCode >= 500) failures.push(what);
            else if (response.statusCode >= 400) {
              const error = (response.json() as { error?: { code?: unknown; message?: unknown } }).error;
              if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message === '') failures.push(`not the catalogue's shape: ${what}`);
            }
          }
        }
      }
      assert.ok(asked > 500, `asked ${asked}`);
      assert.deepEqual(failures, []);
    });
  });
}
