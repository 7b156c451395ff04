/**
 * Browser tests drive Debian's Chromium through playwright-core against the real server listening on
 * a random local port. Never downloads a browser; where Chromium is missing the tests are skipped with
 * that reason (CI installs it).
 */
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/**
 * In the page: the texts within `screen` whose contrast with what is behind them (their own background and
 * those under it, blended) is under WCAG AA: 4.5:1, or 3:1 for large text. A string, so that the test
 * loader's helpers do not follow the code into the page.
 */
const TEXT_UNDER_AA_CONTRAST = `(screen) => {
  const channels = (colour) => {
    const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const ground = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const layer = channels(getComputedStyle(node).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] === 1) break;
    }
    return layers.reverse().reduce((under, [r, g, b, a]) => [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a)], [255, 255, 255]);
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const texts = [screen, ...screen.querySelectorAll('*')].filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
  return texts
    .map((e) => {
      const style = getComputedStyle(e);
      const ink = luminance(channels(style.color).slice(0, 3));
      const behind = luminance(ground(e));
      const ratio = (Math.max(ink, behind) + 0.05) / (Math.min(ink, behind) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      // An icon hidden from screen readers (✔ beside 绿码) is a graphic, whose contrast needs 3:1.
      const graphic = e.closest('[aria-hidden="true"]') !== null;
      return { text: e.innerText.slice(0, 20), ratio: Math.round(ratio * 100) / 100, needed: large || graphic ? 3 : 4.5 };
    })
    .filter((t) => t.ratio < t.needed);
}`;

/** The texts of the element `selector` finds that a reader with low vision may not make out (WCAG AA contrast), none if all can be read. */
export function textUnderAaContrast(page: Page, selector: string): Promise<{ text: string; ratio: number; needed: number }[]> {
  return page.evaluate(`(${TEXT_UNDER_AA_CONTRAST})(document.querySelector(${JSON.stringify(selector)}))`);
}
