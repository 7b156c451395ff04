import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { insertCloseContact } from '../../src/modules/facts/facts.repository.ts';
import { createTestApp, declarationBody, registeredHolder, residentId, staffClients, TEST_PASSWORD, type TestApp, type TestClient } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer } from './browser.ts';

/** The same person holds a code on a neighbouring platform (北京健康宝) and on this one (河北健康码). */
describe('linking a code from another platform (关联外省健康码) in Chromium', { skip: chromiumMissing }, () => {
  let hebei: Awaited<ReturnType<typeof startServer>>;
  let beijing: TestApp;
  let beijingHolder: { client: TestClient; personId: string };
  let hebeiHolder: { client: TestClient; personId: string };
  let browser: Browser;
  before(async () => {
    hebei = await startServer({ config: { issuerId: 'he.example', issuerName: '河北健康码' } });
    beijing = await createTestApp('sqlite', { config: { issuerId: 'bj.example', issuerName: '北京健康宝' } });
    await beijing.app.listen({ host: '127.0.0.1', port: 0 });
    const beijingUrl = `http://127.0.0.1:${(beijing.app.server.address() as AddressInfo).port}`;
    const trust = async (at: TestApp, other: string, issuerId: string, name: string, outbound: string, inbound: string) => {
      const { authority } = await staffClients(at);
      const response = await authority.post('/api/v1/authority/partners', { issuerId, name, jwksUrl: `${other}/.well-known/jwks.json`, statusUrl: `${other}/api/partner/v1`, outboundCredential: outbound, inboundCredential: inbound, ratePerMinute: 600 });
      assert.equal(response.statusCode, 201, response.body);
    };
    await trust(hebei, beijingUrl, 'bj.example', '北京健康宝', 'hebei-presents-this-to-beijing-0123456789abcdef', 'beijing-presents-this-to-hebei-0123456789abcdef');
    await trust(beijing, hebei.baseUrl, 'he.example', '河北健康码', 'beijing-presents-this-to-hebei-0123456789abcdef', 'hebei-presents-this-to-beijing-0123456789abcdef');
    const here = await registeredHolder(hebei.app, { name: '王芳', idNumber: residentId('13060219900101003'), phone: '13800000005' });
    await here.client.post(`/api/v1/persons/${here.account.person.id}/declarations`, declarationBody());
    hebeiHolder = { client: here.client, personId: here.account.person.id };
    const there = await registeredHolder(beijing.app, { name: '王芳', idNumber: residentId('11010519900101003'), phone: '13800000005' });
    await there.client.post(`/api/v1/persons/${there.account.person.id}/declarations`, declarationBody());
    beijingHolder = { client: there.client, personId: there.account.person.id };
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hebei?.close();
    await beijing?.close();
  });

  const codeOf = async (holder: { client: TestClient; personId: string }) => (await holder.client.get(`/api/v1/persons/${holder.personId}/code`)).json() as { url: string; token: string };

  it('links it from a screenshot, shows the colour there live beside this code’s, and unlinks it', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${hebei.baseUrl}/sign-in`);
    await page.fill('#field-phone', '13800000005');
    await page.fill('#field-password', TEST_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const linked = page.getByTestId('linked-codes');
    await linked.getByText('在其他省市的健康码页面截图').waitFor();

    // A picture without a code in it, then the screenshot of the Beijing code.
    await page.getByTestId('link-image').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: blankPng() });
    await linked.getByText('图片中未找到二维码，请重新截图').waitFor();
    const screenshot = await QRCode.toBuffer((await codeOf(beijingHolder)).url, { width: 600, margin: 8 });
    await page.getByTestId('link-image').setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: screenshot });
    const link = linked.locator('[data-issuer="bj.example"]');
    await link.getByText('北京健康宝').waitFor();
    assert.equal(await link.locator('[data-status]').getAttribute('data-status'), 'green');
    assert.match(await link.innerText(), /绿码/);
    assert.match(await link.innerText(), /王\*/);

    // The colour there changes; the holder sees it when they look again. This code's colour stays this platform's.
    await insertCloseContact(beijing.deps.db, { personId: beijingHolder.personId, lastContactAt: Date.now() - 3_600_000, recordedAt: Date.now() });
    await beijing.deps.status.recompute(beijing.deps.db, beijingHolder.personId);
    await page.getByRole('button', { name: '刷新' }).click();
    await page.reload();
    await link.locator('[data-status="yellow"]').waitFor();
    assert.equal(await page.locator('.code-card [data-status]').getAttribute('data-status'), 'green');

    // Its own code is refused with the reason, in the reader's language.
    await linked.getByLabel('或粘贴码内容/链接').fill((await codeOf(hebeiHolder)).token);
    await linked.getByRole('button', { name: '关联', exact: true }).click();
    await linked.getByText('这是本平台的健康码，无需关联').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await link.getByRole('button', { name: '解除关联' }).click();
    await link.waitFor({ state: 'detached' });
    await page.close();
  });
});

/** A plain white picture: no code in it. */
function blankPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  png.data.fill(255);
  return PNG.sync.write(png);
}
