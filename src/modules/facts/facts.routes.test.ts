import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, declarationBody, finishedJob, registeredHolder, residentId, TestClient, testTargets, type TestApp } from '../../../test/helpers.ts';

const ZHANG = residentId('13060219850312001');
const LI = residentId('13060219620708002');

for (const target of testTargets()) {
  describe(`authority facts (${target})`, () => {
    let t: TestApp;
    let operator: TestClient;
    let zhang: { client: TestClient; personId: string };
    let li: { client: TestClient; personId: string };
    const statusOf = async (p: { client: TestClient; personId: string }) => (await p.client.get(`/api/v1/persons/${p.personId}/code`)).json().status;

    before(async () => {
      t = await createTestApp(target);
      ({ operator } = await authorityClients(t));
      for (const [who, name, id, phone] of [['zhang', '张伟', ZHANG, '13800000001'], ['li', '李秀英', LI, '13800000002']] as const) {
        const r = await registeredHolder(t.app, { name, idNumber: id, phone });
        await r.client.post(`/api/v1/persons/${r.account.person.id}/declarations`, declarationBody());
        if (who === 'zhang') zhang = { client: r.client, personId: r.account.person.id };
        else li = { client: r.client, personId: r.account.person.id };
      }
    });
    after(() => t.close());

    it('an import with one bad row changes nothing and names every bad row with its line', async () => {
      const csv = [
        'id_type,id_number,name,kind,opened_at',
        `resident_id,${ZHANG},张伟,confirmed,2026-11-20 08:00`,
        `resident_id,${LI},李四,suspected,2026-11-20 09:00`,
        `resident_id,110105194912310021,王五,confirmed,2026-11-20`,
        `resident_id,${LI},李秀英,unknown,yesterday`,
      ].join('\n');
      const started = await operator.post('/api/v1/authority/imports/case', { csv });
      assert.equal(started.statusCode, 202);
      const job = await finishedJob(operator, started.json().id, t);
      assert.equal(job.status, 'failed');
      assert.deepEqual(
        job.errors.map((e) => [e.line, e.field, e.code]),
        [
          [3, 'name', 'NAME_MISMATCH'],
          [4, 'id_number', 'ID_CHECK_DIGIT'],
          [5, 'kind', 'NOT_ALLOWED'],
          [5, 'opened_at', 'DATE_INVALID'],
        ],
      );
      assert.match(job.errors[0]!.message, /姓名与证件信息不一致/);
      assert.equal((await t.deps.db.selectFrom('cases').selectAll().execute()).length, 0, 'nothing half-imported');
      assert.equal((await statusOf(zhang)).status, 'green');
    });

    it('a clean import writes every row, recomputes the people in it, and reports progress', async () => {
      const csv = ['id_type,id_number,name,last_contact_at', `resident_id,${ZHANG},张伟,2026-11-21 10:00`, `resident_id,${LI.toLowerCase()},李秀英,2026-11-21 11:00`].join('\r\n');
      const job = await finishedJob(operator, (await operator.post('/api/v1/authority/imports/close_contact', { csv })).json().id, t);
      assert.deepEqual([job.status, job.done, job.total, job.errors], ['done', 2, 2, []]);
      assert.equal((await statusOf(zhang)).status, 'yellow');
      assert.equal((await statusOf(li)).status, 'yellow');
    });

    it('refuses an import missing a column outright', async () => {
      const response = await operator.post('/api/v1/authority/imports/lab_result', { csv: 'id_type,id_number,name,sampled_at\n' });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json().error.fields.map((f: { field: string }) => f.field), ['csv.result', 'csv.lab']);
    });

    it('enters one fact at a time; a negative test sampled after a type-B pop-up clears it', async () => {
      const popup = await operator.post('/api/v1/authority/facts/popup', { id_type: 'resident_id', id_number: LI, name: '李秀英', type: 'B', reason: '阳性感染者所在县漫出' });
      assert.equal(popup.statusCode, 201);
      assert.ok((await statusOf(li)).reasons.some((r: { code: string }) => r.code === 'POPUP'));
      // Times are entered to the second in the platform's zone (Asia/Shanghai here); sample a second after the pop-up.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const sampled = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      await operator.post('/api/v1/authority/facts/lab_result', { id_type: 'resident_id', id_number: LI, name: '李秀英', sampled_at: sampled, result: 'negative', lab: '保定市第一医院' });
      assert.ok(!(await statusOf(li)).reasons.some((r: { code: string }) => r.code === 'POPUP'), 'cleared by the test');
      const unknown = await operator.post('/api/v1/authority/facts/case', { id_type: 'resident_id', id_number: residentId('11010519800101009'), name: '赵六', kind: 'confirmed', opened_at: '2026-11-20' });
      assert.deepEqual([unknown.statusCode, unknown.json().error.fields[0].code], [400, 'PERSON_NOT_FOUND']);
      assert.equal((await zhang.client.post('/api/v1/authority/facts/case', { id_type: 'resident_id', id_number: LI, name: '李秀英', kind: 'confirmed', opened_at: '2026-11-20' })).statusCode, 404, 'holders cannot enter facts');
    });

    it('lists cases latest first, a page at a time; one person’s by their document; open ones only', async () => {
      const enter = async (idNumber: string, name: string, openedAt: string) =>
        (await operator.post('/api/v1/authority/facts/case', { id_type: 'resident_id', id_number: idNumber, name, kind: 'suspected', opened_at: openedAt })).statusCode;
      assert.deepEqual([await enter(ZHANG, '张伟', '2026-11-18 08:00'), await enter(LI, '李秀英', '2026-11-19 08:00'), await enter(ZHANG, '张伟', '2026-11-20 08:00')], [201, 201, 201]);
      const list = async (query: string) => {
        const response = await operator.get(`/api/v1/authority/cases?${query}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json() as { id: string; name: string; idNumber: string; openedAt: number; closedAt: number | null }[];
      };
      const all = await list('');
      assert.deepEqual(all.map((c) => [c.name, new Date(c.openedAt).toISOString()]), [['张*', '2026-11-20T00:00:00.000Z'], ['李*英', '2026-11-19T00:00:00.000Z'], ['张*', '2026-11-18T00:00:00.000Z']]);
      assert.equal(all[0]!.idNumber, `1****************${ZHANG.at(-1)}`, 'masked');
      const first = await list('limit=2');
      const second = await list(`limit=2&before=${first.at(-1)!.id}`);
      assert.deepEqual([...first, ...second].map((c) => c.id), all.map((c) => c.id), 'the pages follow on');

      const zhangsCases = await list(`idType=resident_id&idNumber=${ZHANG.toLowerCase()}`);
      assert.deepEqual(zhangsCases.map((c) => c.id), [all[0]!.id, all[2]!.id]);
      assert.deepEqual(await list(`idNumber=${residentId('11010519800101009')}`), [], 'no such person: no cases');
      assert.equal((await operator.post(`/api/v1/authority/cases/${all[0]!.id}/close`)).statusCode, 204);
      assert.deepEqual((await list('openOnly=true')).map((c) => c.id), [all[1]!.id, all[2]!.id]);

      operator.lang = 'en';
      const badNumber = await operator.get('/api/v1/authority/cases?idNumber=110105194912310021');
      operator.lang = 'zh-CN';
      assert.deepEqual([badNumber.statusCode, badNumber.json().error.fields[0].field, badNumber.json().error.fields[0].code], [400, 'idNumber', 'ID_CHECK_DIGIT']);
      assert.match(badNumber.json().error.fields[0].message, /check digit/i);
      assert.equal((await zhang.client.get('/api/v1/authority/cases')).statusCode, 404, 'holders cannot list cases');
      await t.deps.db.deleteFrom('cases').execute();
    });

    it('a city made high-risk recomputes the people who stayed there, as a job', async () => {
      // As the console sends it with no end date: null, which stays null (not the first moment of 1970).
      const area = await operator.post('/api/v1/authority/risk-areas', { regionCode: '130600', level: 'high', validTo: null });
      assert.equal(area.statusCode, 201);
      assert.equal((await operator.get('/api/v1/authority/risk-areas')).json().find((a: { id: string }) => a.id === area.json().id).validTo, null);
      const job = await finishedJob(operator, area.json().job.id, t);
      assert.deepEqual([job.status, job.total, job.done], ['done', 2, 2]);
      const stored = await t.deps.db.selectFrom('person_status').select(['person_id', 'reasons']).execute();
      assert.ok(stored.every((s) => s.reasons.includes('RISK_AREA_STAY')), `stored statuses were recomputed, not only on read: ${JSON.stringify(stored)}`);
      const ended = await operator.post(`/api/v1/authority/risk-areas/${area.json().id}/end`);
      await finishedJob(operator, ended.json().job.id, t);
      assert.ok(!(await statusOf(zhang)).reasons.some((r: { code: string }) => r.code === 'RISK_AREA_STAY'));
    });

    it('lists the medium- and high-risk areas in force to anyone, highest first (中高风险地区查询); an ended one goes at once', async () => {
      const anyone = new TestClient(t.app);
      const publicList = async () => {
        const response = await anyone.get('/api/v1/risk-areas');
        assert.equal(response.statusCode, 200, 'no sign-in needed');
        assert.equal(response.headers['cache-control'], 'public, max-age=60');
        return (response.json().areas as { regionCode: string; regionName: string; level: string }[]).map((a) => [a.regionCode, a.regionName, a.level]);
      };
      assert.deepEqual(await publicList(), []);
      const add = async (regionCode: string, level: string, validFrom?: number) => (await operator.post('/api/v1/authority/risk-areas', { regionCode, level, ...(validFrom && { validFrom }) })).json();
      const county = await add('130606', 'medium');
      const city = await add('110100', 'high');
      await add('130602', 'low');
      await add('130681', 'high', Date.now() + 86_400_000);
      assert.deepEqual(await publicList(), [
        ['110100', '北京市 市辖区', 'high'],
        ['130606', '河北省 保定市 莲池区', 'medium'],
      ], 'low areas and those not yet begun are left out');
      const english = new TestClient(t.app);
      english.lang = 'en';
      const inEnglish = await english.get('/api/v1/risk-areas');
      assert.equal(inEnglish.headers.vary, 'accept-language');
      assert.deepEqual(
        inEnglish.json().areas.map((a: { regionName: string }) => a.regionName),
        ['Districts, Beijing', 'Lianchi District, Baoding, Hebei'],
        'named for those who do not read Chinese',
      );
      // 健康打卡城市防疫风险等级: the holder's declarations say the level now where they were made.
      const declared = (await zhang.client.get(`/api/v1/persons/${zhang.personId}/declarations`)).json();
      assert.equal(declared[0].riskLevel, 'medium');
      await finishedJob(operator, (await operator.post(`/api/v1/authority/risk-areas/${city.id}/end`)).json().job.id, t);
      assert.deepEqual(await publicList(), [['130606', '河北省 保定市 莲池区', 'medium']]);
      await finishedJob(operator, county.job.id, t);
    });
  });
}
