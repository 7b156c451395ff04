/**
 * Browser tests drive Debian's Chromium through playwright-core against the real server listening on
 * a random local port. Never downloads a browser; where Chromium is missing the tests are skipped with
 * that reason (CI installs it).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? false : `Chromium not installed at ${CHROMIUM} (apt-get install chromium)`;

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...extraArgs],
  });
}

/** The real app on SQLite, listening on 127.0.0.1 with a random port. */
export async function startServer(options: Parameters<typeof createTestApp>[1] = {}): Promise<TestApp & { baseUrl: string }> {
  const server = await createTestApp('sqlite', options);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.app.server.address() as AddressInfo;
  return { ...server, baseUrl: `http://127.0.0.1:${port}` };
}
