/**
 * Browser tests drive Debian's Chromium through playwright-core against the real server listening on
 * a random local port. Never downloads a browser; where Chromium is missing the tests are skipped with
 * that reason (CI installs it).
 */
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? false : `Chromium not installed at ${CHROMIUM} (apt-get install chromium)`;

/**
 * Pages open as on a phone set to Chinese, as the platform's users' are (headless Chromium says en-US and
 * ignores --lang); a test that wants another language gives its context a locale of its own.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...extraArgs],
  });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options) => newContext({ locale: 'zh-CN', ...options });
  browser.newPage = (options) => newPage({ locale: 'zh-CN', ...options });
  return browser;
}

/** A free local port, so the server's public URL (written into QR codes) is known before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The real app on SQLite, listening on 127.0.0.1; QR codes point at it. */
export async function startServer(options: Parameters<typeof createTestApp>[1] = {}): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await createTestApp('sqlite', { ...options, config: { publicUrl: baseUrl, ...options.config } });
  await server.app.listen({ host: '127.0.0.1', port });
  return { ...server, baseUrl };
}

/** Starts the server and Chromium before the suite's tests and stops both after them. */
export function serverAndBrowser(): { server: Awaited<ReturnType<typeof startServer>>; browser: Browser } {
  const context = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
  before(async () => {
    context.server = await startServer();
    context.browser = await launchBrowser();
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  return context;
}
