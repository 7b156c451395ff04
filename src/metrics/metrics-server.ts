/**
 * `GET /metrics` for Prometheus on a port of its own (`HEALTHCODE_METRICS_PORT`, on 127.0.0.1 unless
 * `HEALTHCODE_METRICS_HOST` says otherwise), apart from the public port: what it tells (traffic, errors,
 * memory) is for the operator, and a scrape is never rate-limited or shed. A lone process serves its own
 * metrics; with `--workers N` the primary serves its workers' added up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, Registry } from 'prom-client';
import type { Metrics } from './metrics.ts';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

async function listen(host: string, port: number, render: () => Promise<string>): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: metrics are at /metrics\n');
      return;
    }
    render().then(
      (text) => response.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
      // A worker that did not answer in time (prom-client waits 5 s): the next scrape tries again.
      (error: Error) => response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics unavailable: ${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** This process's metrics. */
export function serveMetrics(host: string, port: number, metrics: Metrics): Promise<MetricsServer> {
  return listen(host, port, () => metrics.registry.metrics());
}

/** In the cluster primary: the workers' metrics, added up. */
export function serveWorkersMetrics(host: string, port: number): Promise<MetricsServer> {
  const workers = new AggregatorRegistry();
  return listen(host, port, () => workers.clusterMetrics());
}
