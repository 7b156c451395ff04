/**
 * Every page, signed in as each kind of user or signed out, fits a small phone (320 px wide) in large text
 * (适老化), in Chinese and in English: nothing makes the page wider than the screen, so nobody has to scroll
 * sideways to find a button. Tables in the console scroll inside their own box; that is allowed, the page
 * itself may not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_HOLDERS, DEMO_PASSWORD, DEMO_STAFF, DEMO_VERIFIER, loadDemoData } from '../../src/demo/demo-data.ts';
import { chromiumMissing, launchBrowser, startServer } from './browser.ts';

const HOLDER_PATHS = ['/', '/declare/SELF', '/history/SELF', '/paper/SELF', '/scan-venue', '/venue', '/venue/poster', '/venue/screen', '/venue/visitors', '/venue/stats', '/dependents', '/account', '/risk-areas', '/rules'];
const VERIFIER_PATHS = ['/scan', '/account'];
const SIGNED_OUT_PATHS = ['/sign-in', '/register', '/risk-areas', '/rules', 'VENUE'];
/** The check-in pass a guard reads, opened from the demo venue's poster by another resident. */
const VISITOR_PATHS = ['VENUE'];
const CONSOLE_PATHS = ['/console', '/console/facts', '/console/risk-areas', '/console/tracing', '/console/persons', '/console/rules', '/console/venues', '/console/checkpoints', '/console/overrides', '/console/appeals', '/console/audit', '/console/staff'];

describe('pages on a small phone in large text, in Chromium', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    await loadDemoData(server.deps);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('no page is wider than the screen, in Chinese or in English', async () => {
    const users = [
      [DEMO_HOLDERS[0]!.phone, HOLDER_PATHS],
      [DEMO_HOLDERS[1]!.phone, VISITOR_PATHS],
      [null, SIGNED_OUT_PATHS],
      [DEMO_VERIFIER.phone, VERIFIER_PATHS],
      [DEMO_STAFF[0]!.phone, CONSOLE_PATHS],
    ] as const;
    const manager = await browser.newContext();
    await manager.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, { data: { phone: DEMO_HOLDERS[0]!.phone, password: DEMO_PASSWORD } });
    const venue = new URL(((await (await manager.request.get(`${server.baseUrl}/api/v1/venues/mine/poster`)).json()) as { url: string }).url).pathname;
    await manager.close();
    // Each language and user in a browser context of its own, side by side: most of a page's time is waiting for the network to go quiet.
    const tooWide = await Promise.all(
      ['zh-CN', 'en'].flatMap((lang) =>
        users.map(async ([phone, paths]) => {
          const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: lang });
          await context.addInitScript((language) => {
            localStorage.setItem('hc.lang', language);
            localStorage.setItem('hc.largeText', '1');
          }, lang);
          const page = await context.newPage();
          const signedIn = phone && (await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, { data: { phone, password: DEMO_PASSWORD } }));
          const self = signedIn ? (((await signedIn.json()) as { person: { id: string } | null }).person?.id ?? '') : '';
          const found: string[] = [];
          for (const path of paths) {
            await page.goto(`${server.baseUrl}${path.replace('SELF', self).replace('VENUE', venue)}`);
            await page.waitForLoadState('networkidle');
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            if (width > 320) found.push(`${lang} ${phone ?? 'signed out'} ${path}: ${width} px`);
            // On the check-in pass the guard reads the name whole (李*英), not split over two lines.
            const splitNames = await page.$$eval('.pass-name', (names) => names.filter((name) => name.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(name).fontSize)).map((name) => name.textContent));
            for (const name of splitNames) found.push(`${lang} ${phone ?? 'signed out'} ${path}: the name ${name} split`);
          }
          await context.close();
          return found;
        }),
      ),
    );
    assert.deepEqual(tooWide.flat(), []);
  });

  it('a scan result taller than the screen starts at its top, the colour first, and scrolls to the button for the next scan', async () => {
    const holder = await browser.newContext();
    const signedIn = await holder.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, { data: { phone: DEMO_HOLDERS[3]!.phone, password: DEMO_PASSWORD } });
    const personId = ((await signedIn.json()) as { person: { id: string } }).person.id;
    const code = (await (await holder.request.get(`${server.baseUrl}/api/v1/persons/${personId}/code`)).json()) as { url: string };
    await holder.close();
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'en' });
    await context.addInitScript(() => {
      localStorage.setItem('hc.lang', 'en');
      localStorage.setItem('hc.largeText', '1');
    });
    const page = await context.newPage();
    await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, { data: { phone: DEMO_VERIFIER.phone, password: DEMO_PASSWORD } });
    await page.goto(`${server.baseUrl}/scan`);
    await page.fill('#scan-input', code.url);
    await page.locator('#scan-input').press('Enter');
    const result = page.getByTestId('scan-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-status'), 'yellow', 'the demo’s holder with a pop-up');
    const box = await result.evaluate((element) => ({ top: element.getBoundingClientRect().top, overflows: element.scrollHeight > element.clientHeight, icon: element.firstElementChild!.getBoundingClientRect().top }));
    assert.deepEqual([box.top, box.overflows], [0, true], 'the result covers the screen and is taller than it');
    assert.ok(box.icon >= 0, `the colour's icon is on the screen (top ${box.icon})`);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await result.waitFor({ state: 'detached' });
    await context.close();
  });
});
