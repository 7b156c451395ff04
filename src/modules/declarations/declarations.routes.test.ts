import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, registeredHolder, residentId, testClock, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { insertDeclarationInNextSlot } from './declarations.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const target of testTargets()) {
  describe(`health declarations (${target})`, () => {
    // 2026-11-20 09:00 in Shanghai
    const clock = testClock(Date.parse('2026-11-20T01:00:00Z'));
    let t: TestApp;
    let holder: { client: TestClient; account: { person: { id: string } } };
    let url: string;
    before(async () => {
      t = await createTestApp(target, { now: clock.now, config: { sessionTtlSeconds: String(60 * 86400) } });
      holder = await registeredHolder(t.app, { name: '张伟', idNumber: '11010519491231002X', phone: '13800000001' });
      url = `/api/v1/persons/${holder.account.person.id}/declarations`;
    });
    after(() => t.close());

    it('the first declaration turns pending into green, 未见异常', async () => {
      const response = await holder.client.post(url, declarationBody());
      assert.equal(response.statusCode, 201);
      const { declaration, status } = response.json();
      assert.deepEqual([declaration.regionName, declaration.counts], ['河北省 保定市 莲池区', true]);
      assert.deepEqual([status.status, status.label, status.headline, status.ruleSetVersion], ['green', '绿码', '未见异常', 'baseline-1']);
    });

    it('refuses the 4th declaration of a day with a clear message while the 3rd counts', async () => {
      clock.advance(HOUR);
      assert.equal((await holder.client.post(url, declarationBody())).statusCode, 201);
      clock.advance(HOUR);
      const third = await holder.client.post(url, declarationBody({ symptoms: ['cough'], temperature: 37.5 }));
      assert.equal(third.statusCode, 201);
      assert.equal(third.json().status.status, 'yellow');
      assert.equal(third.json().status.headline, '经过数据库查询，您有以下出行提示：');
      assert.match(third.json().status.reasons[0].text, /申报身体不适：咳嗽/);
      assert.match(third.json().status.reasons[0].clears, /连续7天健康申报且无新增风险后解除（已连续0天）/);
      clock.advance(HOUR);
      const fourth = await holder.client.post(url, declarationBody());
      assert.equal(fourth.statusCode, 429);
      assert.equal(fourth.json().error.code, 'DECLARATION_LIMIT');
      assert.match(fourth.json().error.message, /今日已健康申报3次/);
      const history = (await holder.client.get(url)).json();
      assert.equal(history.length, 3, 'the 4th was not stored');
      assert.deepEqual(history.map((d: { counts: boolean }) => d.counts), [true, false, false]);
      const code = (await holder.client.get(`/api/v1/persons/${holder.account.person.id}/code`)).json();
      assert.equal(code.status.status, 'yellow', 'the 3rd declaration is the one that counts');
    });

    it('holds the daily limit when declarations for one person arrive at once: three stored, one per slot, the rest refused', async () => {
      const other = await registeredHolder(t.app, { name: '王芳', idNumber: residentId('13060219620708004'), phone: '13800000004' });
      const otherUrl = `/api/v1/persons/${other.account.person.id}/declarations`;
      const answers = await Promise.all(Array.from({ length: 6 }, () => other.client.post(otherUrl, declarationBody())));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 201, 201, 429, 429, 429]);
      const stored = await t.deps.db.selectFrom('declarations').select('day_seq').where('person_id', '=', other.account.person.id).orderBy('day_seq').execute();
      assert.deepEqual(stored.map((d) => d.day_seq), [1, 2, 3]);
    });

    it('allows declaring again on the next calendar day (in the platform time zone)', async () => {
      clock.set(Date.parse('2026-11-20T16:01:00Z')); // 00:01 on the 21st in Shanghai
      assert.equal((await holder.client.post(url, declarationBody())).statusCode, 201);
    });

    it('shows the last 14 days only', async () => {
      clock.advance(14 * DAY);
      const history = (await holder.client.get(url)).json();
      assert.equal(history.length, 1);
      assert.equal(history[0].day, '2026-11-21');
    });

    it('reports bad fields in the chosen language and stores nothing', async () => {
      holder.client.lang = 'en';
      const response = await holder.client.post(
        url,
        declarationBody({ contactPhone: '12', address: ' ', regionCode: '999999', temperature: 45, visitedRegions: ['110105', '990000'] }),
      );
      holder.client.lang = 'zh-CN';
      assert.equal(response.statusCode, 400);
      assert.deepEqual(
        response.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code]),
        [
          ['contactPhone', 'PHONE_INVALID'],
          ['address', 'REQUIRED'],
          ['regionCode', 'REGION_UNKNOWN'],
          ['visitedRegions.1', 'REGION_UNKNOWN'],
          ['temperature', 'TEMPERATURE_RANGE'],
        ],
      );
      assert.match(response.json().error.fields[4].message, /between 34.0 and 43.0/);
      const unknownSymptom = await holder.client.post(url, declarationBody({ symptoms: ['sneezing'] }));
      assert.equal(unknownSymptom.statusCode, 400);
      assert.equal((await holder.client.get(url)).json().length, 1);
    });

    it('keeps contact phone and address encrypted at rest', async () => {
      const rows = await t.deps.db.selectFrom('declarations').selectAll().execute();
      const raw = JSON.stringify(rows);
      assert.ok(!raw.includes('莲池区东关大街') && !raw.includes('13800000001'));
    });

    it('does not let another holder declare for or read someone else: it looks not found', async () => {
      const other = await registeredHolder(t.app, { name: '李四', idNumber: residentId('11010519800101003'), phone: '13800000002' });
      assert.equal((await other.client.post(url, declarationBody())).statusCode, 404);
      assert.equal((await other.client.get(url)).statusCode, 404);
    });

    // Last: it moves the clock on three months.
    it('purges the declarations past the retention (90 days), none that the rules engine still reads: the colour is what it was', async () => {
      const personId = holder.account.person.id;
      const earlier = await t.deps.db.selectFrom('declarations').selectAll().where('person_id', '=', personId).execute();
      clock.set(Math.max(...earlier.map((d) => d.declared_at)) + 91 * DAY);
      const { day_seq: _, ...latest } = earlier[0]!;
      await insertDeclarationInNextSlot(t.deps.db, { ...latest, id: 'recent', declared_at: clock.now() - DAY, day: '2099-01-01' });
      const cutoff = clock.now() - 90 * DAY;
      const past = await t.deps.db.selectFrom('declarations').select('id').where('declared_at', '<', cutoff).execute();
      assert.ok(past.length >= earlier.length);
      const colour = await t.deps.status.recompute(t.deps.db, personId);

      assert.deepEqual(await t.deps.declarations.purge(t.deps.db), { deleted: past.length, cutoff });
      const left = await t.deps.db.selectFrom('declarations').select(['id', 'declared_at']).execute();
      assert.ok(left.every((d) => d.declared_at >= cutoff));
      assert.ok(left.some((d) => d.id === 'recent'));
      const after = await t.deps.status.recompute(t.deps.db, personId);
      assert.deepEqual([after.status, after.reasons.map((r) => r.code)], [colour.status, colour.reasons.map((r) => r.code)]);
      assert.deepEqual(await t.deps.declarations.purge(t.deps.db), { deleted: 0, cutoff });
    });
  });
}
