import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, finishedJob, registeredHolder, residentId, staffClients, testClock, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { insertCase } from '../facts/facts.repository.ts';
import { sql } from 'kysely';
import { insertCheckins } from '../checkins/checkins.repository.ts';

const venueBody = (overrides: Record<string, unknown> = {}) => ({
  name: '保定市东关菜市场',
  category: 'mall',
  address: '莲池区东关大街88号',
  regionCode: '130606',
  contactName: '王经理',
  contactPhone: '13700000001',
  ...overrides,
});

for (const target of testTargets()) {
  describe(`venues and check-ins (${target})`, () => {
    const clock = testClock(Date.parse('2026-11-20T02:00:00Z'));
    let t: TestApp;
    let manager: TestClient;
    let visitor: TestClient;
    let visitorPersonId: string;
    let authority: TestClient;
    let posterUrl: string;
    let venueId: string;
    const logged: unknown[] = [];

    before(async () => {
      t = await createTestApp(target, { now: clock.now, config: { sessionTtlSeconds: String(60 * 86400) }, log: (error) => logged.push(error) });
      manager = (await registeredHolder(t.app, { name: '王经理', idNumber: residentId('13060219700101001'), phone: '13700000001' })).client;
      const v = await registeredHolder(t.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' });
      visitor = v.client;
      visitorPersonId = v.account.person.id;
      await visitor.post(`/api/v1/persons/${visitorPersonId}/declarations`, declarationBody());
      ({ authority } = await staffClients(t));
    });
    after(() => t.close());

    it('lets a person apply for one venue code; a second application is refused with the reason', async () => {
      const bad = await manager.post('/api/v1/venues', venueBody({ name: '', regionCode: '999999', contactPhone: '1' }));
      assert.deepEqual(bad.json().error.fields.map((f: { field: string }) => f.field), ['name', 'regionCode', 'contactPhone']);
      const applied = await manager.post('/api/v1/venues', venueBody());
      assert.equal(applied.statusCode, 201);
      venueId = applied.json().id;
      assert.equal(applied.json().regionName, '河北省 保定市 莲池区');
      assert.ok((await manager.get('/api/v1/auth/session')).json().roles.includes('venue_manager'));
      const second = await manager.post('/api/v1/venues', venueBody({ name: '另一个场所' }));
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().error.message, '场所码一人只能申领一个，您已申领“保定市东关菜市场”');
    });

    it('checks a holder in from the poster code at once, and the pass shows the venue and colour', async () => {
      const poster = (await manager.get('/api/v1/venues/mine/poster')).json();
      posterUrl = poster.url;
      assert.match(poster.url, /\/c\/s\.[0-9a-f]{32}\./);
      assert.match(poster.qrSvg, /^<svg/);
      const preview = await t.app.inject({ method: 'GET', url: `/api/v1/venue-codes/${poster.url.split('/c/')[1]}` });
      assert.equal(preview.json().name, '保定市东关菜市场');
      const pass = await visitor.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [visitorPersonId] });
      assert.equal(pass.statusCode, 201);
      assert.equal(pass.json().venue.name, '保定市东关菜市场');
      assert.deepEqual(pass.json().entries.map((e: { name: string; status: string; mayEnter: boolean }) => [e.name, e.status, e.mayEnter]), [['张*', 'green', true]]);
      const stored = await t.deps.db.selectFrom('checkins').selectAll().where('id', '=', pass.json().entries[0].checkinId).executeTakeFirstOrThrow();
      assert.deepEqual([stored.venue_id, stored.person_id, stored.method], [venueId, visitorPersonId, 'scan']);
    });

    it('refuses forged and altered venue codes', async () => {
      const [, token] = posterUrl.split('/c/') as [string, string];
      const [kind, id, mac] = token.split('.') as [string, string, string];
      const otherId = id.replace(/^./, id[0] === 'a' ? 'b' : 'a');
      for (const forged of [`${kind}.${otherId}.${mac}`, `${kind}.${id}.${mac.slice(0, -2)}AA`, 'garbage', `r.${id}.1.${mac}`]) {
        const response = await visitor.post('/api/v1/checkins', { venueCode: forged, personIds: [visitorPersonId] });
        assert.equal(response.statusCode, 400, forged);
        assert.equal(response.json().error.code, 'VENUE_CODE_INVALID');
      }
    });

    it('checks in red and yellow holders too, and their pass says they may not enter', async () => {
      const red = await registeredHolder(t.app, { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002' });
      await red.client.post(`/api/v1/persons/${red.account.person.id}/declarations`, declarationBody());
      await insertCase(t.deps.db, { personId: red.account.person.id, kind: 'suspected', openedAt: clock.now() });
      await t.deps.status.recompute(t.deps.db, red.account.person.id);
      const pass = (await red.client.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [red.account.person.id] })).json();
      assert.deepEqual([pass.entries[0].status, pass.entries[0].statusLabel, pass.entries[0].mayEnter], ['red', '红码', false]);
    });

    it('checks a family in together; someone else’s person cannot be included', async () => {
      const dependent = (await visitor.post('/api/v1/dependents', { name: '张小明', idType: 'resident_id', idNumber: residentId('13060220180601005'), relationship: 'child' })).json();
      await visitor.post(`/api/v1/persons/${dependent.personId}/declarations`, declarationBody());
      const pass = (await visitor.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [visitorPersonId, dependent.personId] })).json();
      assert.deepEqual(pass.entries.map((e: { name: string }) => e.name), ['张*', '张*明']);
      const stranger = (await registeredHolder(t.app, { name: '路人甲', idNumber: residentId('11010519900101005'), phone: '13800000009' })).client;
      const refused = await stranger.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [dependent.personId] });
      assert.equal(refused.statusCode, 404);
    });

    it('a holder sees where they and their dependents checked in over 14 days, each place with its risk level now; nobody else does', async () => {
      const visits = async (client: TestClient, personId: string) => (await client.get(`/api/v1/persons/${personId}/visits`)).json();
      const mine = await visits(visitor, visitorPersonId);
      assert.deepEqual(
        mine.map((v: { venueName: string; regionName: string; method: string; riskLevel: string | null }) => [v.venueName, v.regionName, v.method, v.riskLevel]),
        [['保定市东关菜市场', '河北省 保定市 莲池区', 'scan', null], ['保定市东关菜市场', '河北省 保定市 莲池区', 'scan', null]],
      );
      const people = (await visitor.get('/api/v1/people')).json() as { personId: string; relationship: string }[];
      const child = people.find((p) => p.relationship === 'child')!.personId;
      assert.equal((await visits(visitor, child)).length, 1, 'a guardian sees the dependent’s');
      const area = await authority.post('/api/v1/authority/risk-areas', { regionCode: '130600', level: 'medium' });
      await finishedJob(authority, area.json().job.id, t);
      assert.deepEqual((await visits(visitor, visitorPersonId)).map((v: { riskLevel: string }) => v.riskLevel), ['medium', 'medium'], 'the city is medium-risk now');
      await finishedJob(authority, (await authority.post(`/api/v1/authority/risk-areas/${area.json().id}/end`)).json().job.id, t);
      assert.equal((await manager.get(`/api/v1/persons/${visitorPersonId}/visits`)).statusCode, 404, 'not even the venue they visited');
    });

    it('a city made high-risk reaches a traveller who only checked in there, and not one who did not', async () => {
      const traveller = await registeredHolder(t.app, { name: '赵敏', idNumber: residentId('11010519900101003'), phone: '13800000031' });
      const stayedHome = await registeredHolder(t.app, { name: '钱进', idNumber: residentId('11010519900101004'), phone: '13800000032' });
      for (const h of [traveller, stayedHome]) await h.client.post(`/api/v1/persons/${h.account.person.id}/declarations`, declarationBody({ regionCode: '110105', address: '朝阳区1号' }));
      assert.equal((await traveller.client.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [traveller.account.person.id] })).statusCode, 201);

      const area = await authority.post('/api/v1/authority/risk-areas', { regionCode: '130600', level: 'high' });
      assert.equal(area.statusCode, 201);
      await finishedJob(authority, area.json().job.id, t);
      const reasonsOf = async (personId: string) => JSON.parse((await t.deps.db.selectFrom('person_status').select('reasons').where('person_id', '=', personId).executeTakeFirstOrThrow()).reasons).reasons;
      const stay = (await reasonsOf(traveller.account.person.id)).find((r: { code: string }) => r.code === 'RISK_AREA_STAY');
      assert.equal(stay?.detail.via, 'checkin', 'the stored status was recomputed by the job, from the check-in');
      assert.deepEqual(await reasonsOf(stayedHome.account.person.id), []);
      // Checking in there while the area is in force turns the code yellow at once, with the stay as the reason.
      assert.equal((await stayedHome.client.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [stayedHome.account.person.id] })).statusCode, 201);
      const code = (await stayedHome.client.get(`/api/v1/persons/${stayedHome.account.person.id}/code`)).json();
      assert.equal(code.status.label, '黄码');
      assert.deepEqual((await reasonsOf(stayedHome.account.person.id)).map((r: { code: string }) => r.code), ['RISK_AREA_STAY']);
      await finishedJob(authority, (await authority.post(`/api/v1/authority/risk-areas/${area.json().id}/end`)).json().job.id, t);
      assert.deepEqual(await reasonsOf(traveller.account.person.id), []);
      assert.deepEqual(await reasonsOf(stayedHome.account.person.id), []);
    });

    it('keeps a check-in in a risk area when the recompute after it fails, and the next read shows the stay', async () => {
      const holder = await registeredHolder(t.app, { name: '孙立', idNumber: residentId('11010519900101006'), phone: '13800000034' });
      const personId = holder.account.person.id;
      await holder.client.post(`/api/v1/persons/${personId}/declarations`, declarationBody({ regionCode: '110105', address: '朝阳区2号' }));
      assert.equal((await holder.client.get(`/api/v1/persons/${personId}/code`)).json().status.label, '绿码');
      const area = await authority.post('/api/v1/authority/risk-areas', { regionCode: '130600', level: 'high' });
      await finishedJob(authority, area.json().job.id, t);
      // The store refuses the status change the check-in leads to, after the check-in itself has committed.
      const refuseHistory =
        target === 'postgres'
          ? [
              sql`create function refuse_history() returns trigger language plpgsql as $$ begin raise exception 'store unavailable'; end $$`,
              sql`create trigger refuse_history before insert on status_history for each row execute function refuse_history()`,
            ]
          : [sql`create trigger refuse_history before insert on status_history begin select raise(abort, 'store unavailable'); end`];
      for (const statement of refuseHistory) await statement.execute(t.deps.db);
      try {
        const pass = await holder.client.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [personId] });
        assert.equal(pass.statusCode, 201, 'the check-in is stored, so the request succeeds: a retry would store it twice');
        assert.ok(logged.some((error) => String(error).includes('store unavailable')), 'the failure is logged');
        const stored = await t.deps.db.selectFrom('checkins').select('id').where('person_id', '=', personId).execute();
        assert.deepEqual(stored.map((c) => c.id), [pass.json().entries[0].checkinId]);
        const due = await t.deps.db.selectFrom('person_status').select('reevaluate_at').where('person_id', '=', personId).executeTakeFirstOrThrow();
        assert.ok(due.reevaluate_at !== null && due.reevaluate_at <= clock.now(), 'marked due in the check-in’s own commit');
      } finally {
        await sql`drop trigger refuse_history${sql.raw(target === 'postgres' ? ' on status_history' : '')}`.execute(t.deps.db);
      }
      const code = (await holder.client.get(`/api/v1/persons/${personId}/code`)).json();
      assert.equal(code.status.label, '黄码', 'the next read recomputes, with the stay as the reason');
      await finishedJob(authority, (await authority.post(`/api/v1/authority/risk-areas/${area.json().id}/end`)).json().job.id, t);
    });

    it('stops a suspended venue’s code with a clear message, and works again once reinstated', async () => {
      assert.equal((await authority.post(`/api/v1/authority/venues/${venueId}/suspend`, { reason: '未落实扫码查验' })).statusCode, 204);
      const refused = await visitor.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [visitorPersonId] });
      assert.deepEqual([refused.statusCode, refused.json().error.code], [403, 'VENUE_SUSPENDED']);
      assert.match(refused.json().error.message, /暂停使用/);
      assert.equal((await authority.post(`/api/v1/authority/venues/${venueId}/reinstate`, { reason: '已整改到位' })).statusCode, 204);
      assert.equal((await visitor.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [visitorPersonId] })).statusCode, 201);
    });

    it('accepts a screen code during its rotation and the next, refuses it after; screen-only refuses the poster', async () => {
      const screen = (await manager.get('/api/v1/venues/mine/screen-code')).json();
      const checkIn = () => visitor.post('/api/v1/checkins', { venueCode: screen.url, personIds: [visitorPersonId] });
      assert.equal((await checkIn()).statusCode, 201);
      clock.set(Math.floor(clock.now() / 30_000) * 30_000 + 30_000);
      assert.equal((await checkIn()).statusCode, 201, 'one rotation later');
      clock.advance(30_000);
      const stale = await checkIn();
      assert.deepEqual([stale.statusCode, stale.json().error.code], [410, 'VENUE_CODE_STALE']);
      await manager.request({ method: 'PUT', url: '/api/v1/venues/mine/screen-only', payload: { screenOnly: true } });
      const poster = await visitor.post('/api/v1/checkins', { venueCode: posterUrl, personIds: [visitorPersonId] });
      assert.deepEqual([poster.statusCode, poster.json().error.code], [410, 'VENUE_SCREEN_ONLY']);
      await manager.request({ method: 'PUT', url: '/api/v1/venues/mine/screen-only', payload: { screenOnly: false } });
    });

    it('registers visitors without phones by ID number (manual) or paper code', async () => {
      const manual = await manager.post('/api/v1/venues/mine/visitors', { idType: 'resident_id', idNumber: residentId('13060219850312001').toLowerCase() });
      assert.equal(manual.statusCode, 201);
      assert.equal(manual.json().entries[0].name, '张*');
      const row = await t.deps.db.selectFrom('checkins').select('method').where('id', '=', manual.json().entries[0].checkinId).executeTakeFirstOrThrow();
      assert.equal(row.method, 'manual');
      const unknown = await manager.post('/api/v1/venues/mine/visitors', { idType: 'resident_id', idNumber: residentId('11010519800101009') });
      assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'VISITOR_NOT_FOUND']);
      const badId = await manager.post('/api/v1/venues/mine/visitors', { idType: 'resident_id', idNumber: '110105194912310021' });
      assert.equal(badId.json().error.fields[0].code, 'ID_CHECK_DIGIT');
      const paper = (await visitor.post(`/api/v1/persons/${visitorPersonId}/paper-codes`, {})).json();
      const byPaper = await manager.post('/api/v1/venues/mine/visitors', { paperCode: paper.url });
      assert.equal(byPaper.statusCode, 201);
      const paperRow = await t.deps.db.selectFrom('checkins').select('method').where('id', '=', byPaper.json().entries[0].checkinId).executeTakeFirstOrThrow();
      assert.equal(paperRow.method, 'paper');
      assert.equal((await visitor.post('/api/v1/venues/mine/visitors', { idType: 'resident_id', idNumber: residentId('13060219850312001') })).statusCode, 404, 'only venue managers register visitors');
    });

    it('shows statistics only after the authority grants them, and they count correctly', async () => {
      const refused = await manager.get('/api/v1/venues/mine/stats');
      assert.deepEqual([refused.statusCode, refused.json().error.code], [403, 'STATS_NOT_GRANTED']);
      await manager.post('/api/v1/venues/mine/stats-request');
      const waiting = (await authority.get('/api/v1/authority/venues?statsRequested=true')).json();
      assert.deepEqual(waiting.map((v: { id: string }) => v.id), [venueId]);
      assert.equal(waiting[0].contactPhone, '137****0001', 'the authority sees the contact masked');
      const named = async (text: string) => (await authority.get(`/api/v1/authority/venues?nameContains=${encodeURIComponent(text)}`)).json().map((v: { id: string }) => v.id);
      assert.deepEqual(await named('东关菜'), [venueId]);
      assert.deepEqual(await named('%'), [], 'a typed % is a percent sign, not a wildcard');
      assert.deepEqual(await named('东_菜'), []);
      await authority.post(`/api/v1/authority/venues/${venueId}/stats-grant`);
      const stats = (await manager.get('/api/v1/venues/mine/stats')).json();
      const stored = await t.deps.db.selectFrom('checkins').select(['status']).where('venue_id', '=', venueId).execute();
      assert.equal(stats.daily.length, 14);
      assert.equal(stats.daily.reduce((sum: number, d: { visits: number }) => sum + d.visits, 0), stored.length);
      assert.equal(stats.colourMix.red, stored.filter((r) => r.status === 'red').length);
      assert.equal(stats.colourMix.green, stored.filter((r) => r.status === 'green').length);
      assert.equal(stats.hourly.length, 24);
      assert.equal(stats.hourly.reduce((sum: number, h: { visits: number }) => sum + h.visits, 0), stored.length);
      assert.equal(stats.trend.last7Days, stored.length);
      assert.ok(!JSON.stringify(stats).includes(visitorPersonId), 'no visitor identities');
    });

    it('lets the authority find venues by region at any level, category and suspension, a page at a time', async () => {
      const others = [
        { name: '保定市第一中学', category: 'school', regionCode: '130602' },
        { name: '保定市东站', category: 'transport', regionCode: '130606' },
        { name: '石家庄超市', category: 'mall', regionCode: '130102' },
        { name: '北京东城餐厅', category: 'restaurant', regionCode: '110101' },
      ];
      const ids: string[] = [];
      for (const [i, venue] of others.entries()) {
        clock.advance(1000);
        const owner = (await registeredHolder(t.app, { name: '李经理', idNumber: residentId(`1306021970010110${i}`), phone: `1370000001${i}` })).client;
        const applied = await owner.post('/api/v1/venues', venueBody({ ...venue, contactPhone: `1370000001${i}` }));
        assert.equal(applied.statusCode, 201, applied.body);
        ids.push(applied.json().id);
      }
      await authority.post(`/api/v1/authority/venues/${ids[1]}/suspend`, { reason: '未落实扫码查验' });
      const names = async (query: string) => {
        const response = await authority.get(`/api/v1/authority/venues?${query}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json().map((v: { name: string }) => v.name);
      };
      assert.deepEqual(await names('regionCode=130000'), ['石家庄超市', '保定市东站', '保定市第一中学', '保定市东关菜市场'], 'a province covers its venues, newest first');
      assert.deepEqual(await names('regionCode=130600'), ['保定市东站', '保定市第一中学', '保定市东关菜市场']);
      assert.deepEqual(await names('regionCode=130606'), ['保定市东站', '保定市东关菜市场']);
      assert.deepEqual(await names('category=school'), ['保定市第一中学']);
      assert.deepEqual(await names('suspended=true'), ['保定市东站']);
      assert.deepEqual(await names('regionCode=130606&suspended=false'), ['保定市东关菜市场']);

      const pages: string[][] = [];
      for (let before = ''; pages.length < 10; ) {
        const page: { id: string; name: string }[] = (await authority.get(`/api/v1/authority/venues?limit=2${before && `&before=${before}`}`)).json();
        if (page.length === 0) break;
        pages.push(page.map((v) => v.name));
        before = page.at(-1)!.id;
      }
      assert.deepEqual(pages, [['北京东城餐厅', '石家庄超市'], ['保定市东站', '保定市第一中学'], ['保定市东关菜市场']], 'each page starts after the last one shown');

      authority.lang = 'en';
      const unknownRegion = await authority.get('/api/v1/authority/venues?regionCode=999999');
      authority.lang = 'zh-CN';
      assert.deepEqual([unknownRegion.statusCode, unknownRegion.json().error.fields], [400, [{ field: 'regionCode', code: 'REGION_UNKNOWN', message: 'Choose a valid region (province / city / county)' }]]);
      for (const bad of ['before=zz', 'limit=0', 'limit=201', 'category=zoo']) {
        assert.equal((await authority.get(`/api/v1/authority/venues?${bad}`)).statusCode, 400, bad);
      }
      assert.equal((await manager.get('/api/v1/authority/venues')).statusCode, 404, 'only the authority lists venues');
    });

    it('purges exactly the check-ins older than the retention, keeping daily totals', async () => {
      const cutoff = clock.now() - 28 * 86_400_000;
      const row = (id: string, at: number) => ({ id, venue_id: venueId, person_id: visitorPersonId, checked_in_at: at, method: 'scan', recorded_by_account_id: 'x', status: 'green', region_code: '130606' });
      await insertCheckins(t.deps.db, [row('old-1', cutoff - 86_400_000), row('old-2', cutoff - 1), row('edge', cutoff), row('new', cutoff + 1)]);
      // Someone whose stays are all past the retention, in two places: their latest stays go with the check-ins.
      await insertCheckins(t.deps.db, [{ ...row('old-3', cutoff - 2), person_id: 'long-gone' }, { ...row('old-4', cutoff - 3), person_id: 'long-gone', region_code: '110105' }]);
      const before = await t.deps.db.selectFrom('checkins').select('id').execute();
      const result = await t.deps.checkins.purge(t.deps.db);
      assert.deepEqual(result, { deleted: 4, cutoff });
      const after = (await t.deps.db.selectFrom('checkins').select('id').execute()).map((r) => r.id);
      assert.deepEqual(after.sort(), before.map((r) => r.id).filter((id) => !id.startsWith('old-')).sort());
      const totals = await t.deps.db.selectFrom('venue_daily_stats').select(['visits', 'green']).where('venue_id', '=', venueId).execute();
      assert.equal(totals.reduce((sum, r) => sum + r.visits, 0), 4);
      assert.deepEqual(await t.deps.checkins.purge(t.deps.db), { deleted: 0, cutoff });
      const stays = await t.deps.db.selectFrom('latest_stays').select(['person_id', 'checked_in_at']).where('person_id', 'in', [visitorPersonId, 'long-gone']).execute();
      assert.deepEqual(stays.map((s) => s.person_id), [visitorPersonId]);
      assert.ok(stays[0]!.checked_in_at > cutoff);
    });

    it('on PostgreSQL, keeps check-ins in day partitions and drops each day wholly past the retention', { skip: target !== 'postgres' && 'day partitions are PostgreSQL only' }, async () => {
      const DAY = 86_400_000;
      const cutoff = clock.now() - 28 * DAY;
      const firstDay = cutoff - 3 * DAY;
      const partitions = async () =>
        (await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'checkins' and c.relkind = 'r' order by 1`.execute(t.deps.db)).rows.map((r) => r.name);
      const row = (id: string, at: number) => ({ id, venue_id: venueId, person_id: visitorPersonId, checked_in_at: at, method: 'scan', recorded_by_account_id: 'x', status: 'red', region_code: '130606' });
      // Stored before their partitions exist (as rows kept from before the migration): they wait in the default partition.
      await insertCheckins(t.deps.db, [row('p-1', firstDay), row('p-2', firstDay + DAY), row('p-3', cutoff - 1), row('p-4', cutoff + 1)]);
      assert.equal(await t.deps.checkins.preparePartitions(t.deps.db, firstDay, 5), 5);
      assert.equal(await t.deps.checkins.preparePartitions(t.deps.db, firstDay, 5), 0, 'made once');
      const made = await partitions();
      assert.equal(made.filter((name) => /^checkins_d\d{8}$/.test(name)).length, 5);
      const inDefault = await sql<{ n: string }>`select count(*) as n from checkins_default where id like 'p-%'`.execute(t.deps.db);
      assert.equal(Number(inDefault.rows[0]!.n), 0, 'moved into their day partitions');

      const redBefore = (await t.deps.db.selectFrom('venue_daily_stats').select('red').where('venue_id', '=', venueId).execute()).reduce((sum, r) => sum + r.red, 0);
      const result = await t.deps.checkins.purge(t.deps.db);
      assert.equal(result.deleted, 3);
      const left = await t.deps.db.selectFrom('checkins').select('id').where('id', 'like', 'p-%').execute();
      assert.deepEqual(left.map((r) => r.id), ['p-4']);
      const kept = await partitions();
      const days = made.filter((name) => /^checkins_d\d{8}$/.test(name));
      assert.deepEqual(
        days.filter((name) => !kept.includes(name)),
        days.slice(0, 3),
        'the three days wholly past the retention are dropped; the day the cutoff falls in keeps its later rows',
      );
      const redAfter = (await t.deps.db.selectFrom('venue_daily_stats').select('red').where('venue_id', '=', venueId).execute()).reduce((sum, r) => sum + r.red, 0);
      assert.equal(redAfter - redBefore, 3, 'the daily totals keep what was dropped');
    });
  });
}
