import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { declarationBody, registeredHolder, residentId, TEST_PASSWORD } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer } from './browser.ts';
import { writeQrVideo } from './fake-camera.ts';

describe('the holder scans a venue code inside the app (扫场所码登记) in Chromium with a fake camera', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'healthcode-venue-camera-'));
  let posterUrl: string;
  let codeUrl: string;
  before(async () => {
    server = await startServer();
    const manager = await registeredHolder(server.app, { name: '王经理', idNumber: residentId('13060219700101001'), phone: '13700000001' });
    await manager.client.post('/api/v1/venues', { name: '东关菜市场', category: 'mall', address: '东关大街88号', regionCode: '130606', contactName: '王经理', contactPhone: '13700000001' });
    posterUrl = (await manager.client.get('/api/v1/venues/mine/poster')).json().url;
    const holder = await registeredHolder(server.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' });
    await holder.client.post(`/api/v1/persons/${holder.account.person.id}/declarations`, declarationBody());
    codeUrl = (await holder.client.get(`/api/v1/persons/${holder.account.person.id}/code`)).json().url;
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A holder signed in, with a camera that shows `text` as a QR, opening 扫场所码登记 from their code. */
  const scanning = async (text: string) => {
    const video = path.join(dir, `${Math.random().toString(36).slice(2)}.y4m`);
    await writeQrVideo(text, video);
    const browser = await launchBrowser(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream']);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.grantPermissions(['camera'], { origin: server.baseUrl });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.fill('#field-phone', '13800000001');
    await page.fill('#field-password', TEST_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '扫场所码登记' }).click();
    return { browser, page };
  };

  it('reads the venue’s code and checks the holder in, as the phone’s camera would', async () => {
    const { browser, page } = await scanning(posterUrl);
    const pass = page.getByTestId('pass');
    await pass.waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('pass-venue').innerText(), '东关菜市场');
    assert.match(await pass.innerText(), /登记成功[\s\S]*张\*[\s\S]*绿码/);
    const rows = await server.deps.db.selectFrom('checkins').select('method').execute();
    assert.deepEqual(rows, [{ method: 'scan' }]);
    await browser.close();
  });

  it('says a health code is not a venue code, and checks no one in', async () => {
    const { browser, page } = await scanning(codeUrl);
    await page.getByTestId('scan-venue-problem').getByText('这是健康码，请扫描场所张贴的场所码').waitFor({ timeout: 20_000 });
    assert.equal((await server.deps.db.selectFrom('checkins').select('id').execute()).length, 1, 'only the check-in before');
    await browser.close();
  });
});
