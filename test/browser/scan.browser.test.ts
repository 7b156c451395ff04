import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { declarationBody, registeredHolder, residentId, staffClients, TEST_PASSWORD } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer, textUnderAaContrast } from './browser.ts';
import { writeQrVideo } from './fake-camera.ts';
import { insertLabResult } from '../../src/modules/facts/facts.repository.ts';

describe('verifier scan page in Chromium with a fake camera', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), 'healthcode-camera-'));
  let codeUrl: string;
  before(async () => {
    server = await startServer();
    const { client, account } = await registeredHolder(server.app, { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002' });
    await client.post(`/api/v1/persons/${account.person.id}/declarations`, declarationBody());
    await insertLabResult(server.deps.db, { personId: account.person.id, sampledAt: Date.now() - 2 * 3_600_000, result: 'negative', lab: '保定市第一医院' });
    await server.deps.status.recompute(server.deps.db, account.person.id);
    await staffClients(server);
    const code = (await client.get(`/api/v1/persons/${account.person.id}/code`)).json() as { url: string };
    codeUrl = code.url;
    const video = path.join(dir, 'code.y4m');
    await writeQrVideo(code.url, video);
    browser = await launchBrowser(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The verifier signed in, on the scan page, with the camera allowed. */
  const verifierPage = async (viewport: { width: number; height: number }, prepare?: (context: BrowserContext) => Promise<unknown>) => {
    const context = await browser.newContext({ viewport });
    await context.grantPermissions(['camera'], { origin: server.baseUrl });
    await prepare?.(context);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.fill('#field-phone', '13900000003');
    await page.fill('#field-password', TEST_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    return { context, page };
  };

  it('reads the holder’s QR from the camera and shows green online, then still verifies offline and uploads later', async () => {
    const { context, page } = await verifierPage({ width: 390, height: 844 });

    const result = page.getByTestId('scan-result');
    await result.waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-result'), 'valid');
    assert.equal(await result.getAttribute('data-status'), 'green');
    assert.equal(await result.getAttribute('data-mode'), 'online');
    const text = await result.innerText();
    assert.match(text, /绿码/);
    assert.match(text, /李\*英/);
    assert.match(text, /1\*{16}\d/);
    assert.match(text, /在线核验/);
    assert.match(text, /健康码（开发实例）/);
    assert.match(text, /24小时内核酸阴性/);

    await context.setOffline(true);
    await page.getByRole('button', { name: '继续扫码' }).click();
    await page.locator('[data-testid="scan-result"][data-mode="offline"]').waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-status'), 'green');
    assert.match(await result.innerText(), /离线核验/);
    assert.match(await result.innerText(), /仅校验签名与有效期/);

    const offlineRows = () => server.deps.db.selectFrom('verifications').select('mode').where('mode', '=', 'offline').execute();
    assert.equal((await offlineRows()).length, 0, 'nothing reaches the server while offline');
    await page.getByRole('button', { name: '继续扫码' }).click();
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    for (let i = 0; i < 50 && (await offlineRows()).length === 0; i++) await page.waitForTimeout(100);
    assert.ok((await offlineRows()).length >= 1, 'the offline check was uploaded once back online');
    await context.close();
  });

  it('opens without a network where it was opened before (a kiosk restarted out of coverage), verifies offline and uploads once back', async () => {
    const { context, page } = await verifierPage({ width: 800, height: 1280 });
    await page.getByTestId('scan-result').waitFor({ timeout: 20_000 });
    // The service worker has kept the app and the page has kept its trust list: all it needs offline.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null && localStorage.getItem('hc.trustList') !== null);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('hc.verifierSession') ?? 'null'));
    assert.equal(kept.phone, '', 'the account kept on the device leaves its phone out');

    await context.setOffline(true);
    await page.goto(`${server.baseUrl}/scan?kiosk=1`);
    const result = page.locator('[data-testid="scan-result"][data-mode="offline"]');
    await result.waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-status'), 'green');
    assert.match(await result.innerText(), /离线核验/);
    assert.equal(await page.locator('#field-password').count(), 0, 'not sent to sign in');

    const offlineRows = () => server.deps.db.selectFrom('verifications').select('id').where('mode', '=', 'offline').execute();
    const before = (await offlineRows()).length;
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    for (let i = 0; i < 50 && (await offlineRows()).length === before; i++) await page.waitForTimeout(100);
    assert.ok((await offlineRows()).length > before, 'the checks made offline were uploaded once back online');

    // Signed out, the device keeps no account: offline, the app says it cannot reach the server, and shows
    // no scan page; back online, it asks again by itself.
    // From the scan page, its verifier's home: the camera's result may cover it, a tap does not wait for that.
    await page.goto(`${server.baseUrl}/scan`);
    await page.getByRole('button', { name: '我的账号' }).evaluate((button: HTMLElement) => button.click());
    // Without the network the session cannot be ended: said so, and the device stays signed in, as it is.
    await context.setOffline(true);
    await page.getByRole('button', { name: '退出登录', exact: true }).click();
    assert.match(await page.getByTestId('sign-out-error').innerText(), /网络连接失败/);
    assert.notEqual(await page.evaluate(() => localStorage.getItem('hc.verifierSession')), null);
    await context.setOffline(false);
    await page.getByRole('button', { name: '退出登录', exact: true }).click();
    await page.locator('#field-password').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('hc.verifierSession')), null);
    await context.setOffline(true);
    await page.reload();
    assert.match(await page.getByTestId('unreachable').innerText(), /网络连接失败/);
    assert.equal(await page.getByTestId('scan-result').count(), 0);
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.locator('#field-password').waitFor();
    await context.close();
  });

  it('checks offline at once when the server is overloaded, rather than keep the queue waiting', async () => {
    let asked = 0;
    const { context, page } = await verifierPage({ width: 390, height: 844 }, (context) =>
      context.route('**/api/v1/verifications', async (route) => {
        asked++;
        await route.fulfill({
          status: 503,
          headers: { 'retry-after': '2', 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ error: { code: 'OVERLOADED', message: '系统繁忙，请稍后再试' } }),
        });
      }),
    );
    const result = page.locator('[data-testid="scan-result"][data-mode="offline"]');
    await result.waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-status'), 'green', 'the signature and expiry, checked on the device');
    assert.match(await result.innerText(), /离线核验/);
    assert.equal(asked, 1, 'not asked again');
    assert.equal(await page.getByTestId('busy-notice').count(), 0);
    await context.close();
  });

  it('uploads a long queue of offline checks in batches the server accepts, leaving out those too old for it', async () => {
    const { context, page } = await verifierPage({ width: 390, height: 844 });
    await page.getByTestId('scan-result').waitFor({ timeout: 20_000 });
    const now = Date.now();
    // An hour of a busy checkpoint offline: more than one request can carry, with real codes.
    const queued = Array.from({ length: 250 }, (_, i) => ({ id: `bulk-${String(i).padStart(4, '0')}`, token: codeUrl, checkedAt: now - (250 - i) * 10_000 }));
    const tooOld = { id: 'bulk-too-old', token: codeUrl, checkedAt: now - 8 * 86_400_000 };
    await page.evaluate((checks) => localStorage.setItem('hc.offlineChecks', JSON.stringify(checks)), [tooOld, ...queued]);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));

    const stored = async () => (await server.deps.db.selectFrom('verifications').select('client_check_id').where('client_check_id', 'like', 'bulk-%').execute()).map((r) => r.client_check_id);
    const leftToSend = () => page.evaluate(() => localStorage.getItem('hc.offlineChecks'));
    // The last batch is stored before the page reads the server's answer and empties its queue: wait for both.
    for (let i = 0; i < 200 && ((await stored()).length < queued.length || (await leftToSend()) !== '[]'); i++) await page.waitForTimeout(100);
    assert.deepEqual((await stored()).sort(), queued.map((c) => c.id));
    assert.equal(await leftToSend(), '[]', 'nothing left to send, the one too old included');
    await context.close();
  });

  it('uploads only the checks the signed-in verifier made: a device handed over does not pass one verifier’s checks off as another’s', async () => {
    const { context, page } = await verifierPage({ width: 390, height: 844 });
    await page.getByTestId('scan-result').waitFor({ timeout: 20_000 });
    const me = await page.evaluate(() => JSON.parse(localStorage.getItem('hc.verifierSession')!).accountId as string);
    const now = Date.now();
    const checks = [
      { id: 'handover-mine', token: codeUrl, checkedAt: now - 60_000, accountId: me },
      { id: 'handover-theirs', token: codeUrl, checkedAt: now - 50_000, accountId: 'another-verifier' },
    ];
    await page.evaluate((queued) => localStorage.setItem('hc.offlineChecks', JSON.stringify(queued)), checks);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));

    const stored = async () => (await server.deps.db.selectFrom('verifications').select(['client_check_id', 'verifier_account_id']).where('client_check_id', 'like', 'handover-%').execute());
    const left = async () => (JSON.parse((await page.evaluate(() => localStorage.getItem('hc.offlineChecks')))!) as { id: string }[]).map((c) => c.id);
    for (let i = 0; i < 50 && (await left()).includes('handover-mine'); i++) await page.waitForTimeout(100);
    assert.deepEqual(await stored(), [{ client_check_id: 'handover-mine', verifier_account_id: me }]);
    assert.deepEqual(await left(), ['handover-theirs'], 'kept for the verifier who made it');
    await context.close();
  });

  it('shows a yellow and a red holder’s results in words a guard can read: every text meets WCAG AA contrast on its colour', async () => {
    const holders = [
      { status: 'yellow', words: '黄码', phone: '13800000021', idNumber: residentId('13060219800101003'), declaration: { symptoms: ['cough'] } },
      { status: 'red', words: '红码', phone: '13800000022', idNumber: residentId('13060219800101004'), declaration: { temperature: 38.6, symptoms: ['fever'], contactWithCase: 'yes' } },
    ];
    // A camera that never opens: the code is pasted, as from a handheld scanner.
    const { context, page } = await verifierPage({ width: 390, height: 844 }, (c) =>
      c.addInitScript(() => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no camera', 'NotFoundError'));
      }),
    );
    for (const holder of holders) {
      const { client, account } = await registeredHolder(server.app, { name: '赵敏', idNumber: holder.idNumber, phone: holder.phone });
      await client.post(`/api/v1/persons/${account.person.id}/declarations`, declarationBody(holder.declaration));
      const code = (await client.get(`/api/v1/persons/${account.person.id}/code`)).json() as { url: string };
      await page.fill('#scan-input', code.url);
      await page.getByRole('button', { name: '核验', exact: true }).click();
      const result = page.locator(`[data-testid="scan-result"][data-status="${holder.status}"]`);
      await result.waitFor();
      assert.match(await result.innerText(), new RegExp(holder.words));
      assert.deepEqual(await textUnderAaContrast(page, '[data-testid="scan-result"]'), [], `${holder.status}: text under AA contrast`);
      await page.getByRole('button', { name: '继续扫码' }).click();
    }
    await context.close();
  });

  it('in kiosk mode (数字哨兵) checks code after code with no taps: a sound per result, the result put away by itself', async () => {
    const { context, page } = await verifierPage({ width: 800, height: 1280 });
    await page.getByTestId('scan-result').waitFor({ timeout: 20_000 });
    // The fake camera never stops showing the code, so its first result covers the page at once; a guard
    // starts the kiosk before the queue forms.
    await page.getByRole('button', { name: '数字哨兵模式' }).evaluate((button: HTMLElement) => button.click());
    await page.waitForURL(/\/scan\?kiosk=1$/);
    assert.equal(await page.locator('#scan-input').count(), 0, 'nothing to type or tap');

    const onlineChecks = async () => (await server.deps.db.selectFrom('verifications').select('id').where('mode', '=', 'online').execute()).length;
    const result = page.locator('[data-testid="scan-result"][data-sound]');
    await result.waitFor({ timeout: 20_000 });
    assert.deepEqual([await result.getAttribute('data-status'), await result.getAttribute('data-sound')], ['green', 'pass']);
    await result.waitFor({ state: 'detached', timeout: 5_000 });
    const afterFirst = await onlineChecks();
    await page.waitForTimeout(3_000);
    assert.equal(await onlineChecks(), afterFirst, 'the code still in front of the camera is not checked again at once');
    await result.waitFor({ timeout: 10_000 });
    assert.equal(await onlineChecks(), afterFirst + 1, 'then the next one is, without a tap');

    await result.waitFor({ state: 'detached', timeout: 5_000 });
    await page.getByRole('button', { name: '退出数字哨兵' }).click();
    await page.waitForURL(/\/scan$/);
    await context.close();
  });
});
