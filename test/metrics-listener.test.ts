/** A lone server process (`--workers 1`) serves its own metrics on HEALTHCODE_METRICS_PORT, apart from the public port. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { metricValue } from './helpers.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

describe('metrics listener of a lone process', () => {
  let server: ServerProcess;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-metrics-'));
  const metricsPort = 20_000 + Math.floor(Math.random() * 30_000);
  before(async () => {
    server = await startServerProcess({ HEALTHCODE_DATA_DIR: dataDir, HEALTHCODE_METRICS_PORT: String(metricsPort) });
  });
  after(() => {
    server.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /metrics there and not on the public port', async () => {
    assert.equal((await fetch(`${server.base}/api/v1/regions`)).status, 200);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.equal(metricValue(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/regions",status_code="200"}'), 1);
    assert.ok(metricValue(text, 'nodejs_eventloop_lag_p99_seconds') > 0, 'the process metrics are collected');
    assert.equal((await fetch(`${server.base}/metrics`)).status, 404);
  });
});
