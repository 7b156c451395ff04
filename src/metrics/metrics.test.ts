import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, metricValue, registeredHolder, residentId, staffClients, testTargets, type TestApp, type TestClient } from '../../test/helpers.ts';
import { serveMetrics } from './metrics-server.ts';

for (const target of testTargets()) {
  describe(`metrics (${target})`, () => {
    let t: TestApp;
    let holder: TestClient;
    let personId: string;
    let verifier: TestClient;
    const scrape = () => t.deps.metrics.registry.metrics();

    before(async () => {
      t = await createTestApp(target);
      const registered = await registeredHolder(t.app, { name: '王芳', idNumber: residentId('13060219880808003'), phone: '13800000003' });
      holder = registered.client;
      personId = registered.account.person.id;
      await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
      ({ verifier } = await staffClients(t));
    });
    after(() => t.close());

    it('counts and times answered requests by route and status, never by the URL asked for', async () => {
      const codeSeries = 'http_request_duration_seconds_count{method="GET",route="/api/v1/persons/:personId/code",status_code="200"}';
      const before = metricValue(await scrape(), codeSeries);
      assert.equal((await holder.get(`/api/v1/persons/${personId}/code`)).statusCode, 200);
      assert.equal((await holder.get('/wp-admin/setup-config.php?step=1')).statusCode, 404);
      const text = await scrape();
      assert.equal(metricValue(text, codeSeries), before + 1);
      assert.ok(metricValue(text, 'http_request_duration_seconds_bucket{le="5",method="GET",route="/api/v1/persons/:personId/code",status_code="200"}') >= 1);
      assert.equal(metricValue(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}'), 1);
      assert.doesNotMatch(text, /wp-admin/);
    });

    it('counts scanned codes by result and colour, and the group commit that recorded them', async () => {
      const { token } = (await holder.get(`/api/v1/persons/${personId}/code`)).json() as { token: string };
      assert.equal((await verifier.post('/api/v1/verifications', { token })).json().result, 'valid');
      assert.equal((await verifier.post('/api/v1/verifications', { token: 'not a health code' })).json().result, 'invalid');
      const text = await scrape();
      assert.equal(metricValue(text, 'healthcode_verifications_total{result="valid",status="green"}'), 1);
      assert.equal(metricValue(text, 'healthcode_verifications_total{result="invalid",status="none"}'), 1);
      assert.equal(metricValue(text, 'healthcode_group_commit_rows_total{store="verifications"}'), 2);
      assert.ok(metricValue(text, 'healthcode_group_commit_duration_seconds_count{store="verifications"}') >= 1);
      assert.equal(metricValue(text, 'healthcode_group_commit_failures_total{store="verifications"}'), 0);
    });

    it('reports each cache\'s hits, misses and size', async () => {
      const lookups = (outcome: string) => async () => metricValue(await scrape(), `healthcode_cache_lookups_total{cache="statuses",outcome="${outcome}"}`);
      const [hits, misses] = [await lookups('hit')(), await lookups('miss')()];
      await holder.get(`/api/v1/persons/${personId}/code`);
      assert.equal(await lookups('hit')(), hits + 1, 'the status shown was in the cache');
      assert.equal(await lookups('miss')(), misses);
      await t.deps.status.recompute(t.deps.db, personId);
      await holder.get(`/api/v1/persons/${personId}/code`);
      assert.equal(await lookups('miss')(), misses + 1, 'a recompute dropped it, so it was read again');
      const text = await scrape();
      assert.ok(metricValue(text, 'healthcode_cache_entries{cache="sessions"}') >= 2, 'the holder\'s and the verifier\'s sessions');
      assert.ok(metricValue(text, 'healthcode_cache_lookups_total{cache="sessions",outcome="hit"}') > 0);
    });

    it('serves them to Prometheus on a listener of its own', async () => {
      const server = await serveMetrics('127.0.0.1', 0, t.deps.metrics);
      try {
        const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
        assert.match(await response.text(), /^# HELP http_request_duration_seconds /m);
        assert.equal((await fetch(`http://127.0.0.1:${server.port}/`)).status, 404);
      } finally {
        await server.close();
      }
    });
  });
}

describe('metrics of refused requests', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite', { config: { rateLimitPerMinute: '2' } });
  });
  after(() => t.close());

  it('counts requests refused by the rate limit', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/regions' })).statusCode);
    assert.deepEqual(statuses, [200, 200, 429]);
    const text = await t.deps.metrics.registry.metrics();
    assert.equal(metricValue(text, 'healthcode_http_requests_rate_limited_total{limit="requests"}'), 1);
    assert.equal(metricValue(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/regions",status_code="429"}'), 1);
  });
});
