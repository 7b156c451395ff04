import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createTestApp,
  declarationBody,
  registeredHolder,
  residentId,
  testTargets,
  TestClient,
  TEST_PASSWORD,
  type TestApp,
} from '../../../test/helpers.ts';

const elder = (n: number) => ({ name: `老人${'甲乙丙丁戊'[n]}`, idType: 'resident_id', idNumber: residentId(`1306021940010100${n}`), relationship: 'parent' });

for (const target of testTargets()) {
  describe(`proxy application 代领 (${target})`, () => {
    let t: TestApp;
    let guardian: TestClient;
    let guardianPersonId: string;
    const guardians: TestClient[] = [];
    before(async () => {
      t = await createTestApp(target);
      const registered = await registeredHolder(t.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' });
      guardian = registered.client;
      guardianPersonId = registered.account.person.id;
      for (let i = 2; i <= 4; i++) {
        guardians.push((await registeredHolder(t.app, { name: `家属${'甲乙丙丁'[i - 2]}`, idNumber: residentId(`1306021986031200${i}`), phone: `1380000000${i}` })).client);
      }
    });
    after(() => t.close());

    let dependentId: string;

    it('adds a dependent, lists own code first, and declares and shows the code for them', async () => {
      const added = await guardian.post('/api/v1/dependents', elder(0));
      assert.equal(added.statusCode, 201);
      assert.deepEqual({ ...(added.json() as object), personId: undefined }, {
        personId: undefined,
        name: '老人甲',
        idTypeLabel: '居民身份证',
        idNumber: `1****************${elder(0).idNumber.at(-1)}`,
        relationship: 'parent',
      });
      dependentId = added.json().personId;
      const people = (await guardian.get('/api/v1/people')).json();
      assert.deepEqual(people.map((p: { relationship: string }) => p.relationship), ['self', 'parent']);
      assert.equal((await guardian.post(`/api/v1/persons/${dependentId}/declarations`, declarationBody())).statusCode, 201);
      const code = (await guardian.get(`/api/v1/persons/${dependentId}/code`)).json();
      assert.deepEqual([code.status.status, code.name], ['green', '老*甲']);
    });

    it('allows at most 3 dependents per guardian', async () => {
      for (const n of [1, 2]) assert.equal((await guardian.post('/api/v1/dependents', elder(n))).statusCode, 201);
      const fourth = await guardian.post('/api/v1/dependents', elder(3));
      assert.equal(fourth.statusCode, 409);
      assert.equal(fourth.json().error.code, 'TOO_MANY_DEPENDENTS');
      assert.match(fourth.json().error.message, /最多为3人代领/);
    });

    it('allows at most 3 guardians per person, and the name must match the document', async () => {
      const mismatch = await guardians[0]!.post('/api/v1/dependents', { ...elder(0), name: '别人' });
      assert.equal(mismatch.statusCode, 400);
      assert.equal(mismatch.json().error.fields[0].code, 'NAME_MISMATCH');
      assert.equal((await guardians[0]!.post('/api/v1/dependents', elder(0))).statusCode, 201);
      assert.equal((await guardians[1]!.post('/api/v1/dependents', elder(0))).statusCode, 201);
      const fourth = await guardians[2]!.post('/api/v1/dependents', elder(0));
      assert.equal(fourth.statusCode, 409);
      assert.equal(fourth.json().error.code, 'TOO_MANY_GUARDIANS');
      assert.equal((await guardians[0]!.post('/api/v1/dependents', elder(0))).json().error.code, 'ALREADY_DEPENDENT');
    });

    it('refuses to proxy someone who holds their own code, including oneself', async () => {
      const self = await guardians[2]!.post('/api/v1/dependents', { name: '家属丙', idType: 'resident_id', idNumber: residentId('13060219860312004'), relationship: 'other' });
      assert.equal(self.json().error.code, 'HOLDS_OWN_CODE');
      const holder = await guardians[2]!.post('/api/v1/dependents', { name: '张伟', idType: 'resident_id', idNumber: residentId('13060219850312001'), relationship: 'other' });
      assert.equal(holder.statusCode, 409);
      assert.equal(holder.json().error.code, 'HOLDS_OWN_CODE');
    });

    it('keeps dependents private to their guardians', async () => {
      const stranger = (await registeredHolder(t.app, { name: '路人', idNumber: residentId('11010519900101005'), phone: '13800000009' })).client;
      assert.equal((await stranger.get(`/api/v1/persons/${dependentId}/code`)).statusCode, 404);
      assert.equal((await stranger.post(`/api/v1/persons/${dependentId}/declarations`, declarationBody())).statusCode, 404);
      assert.equal((await stranger.delete(`/api/v1/dependents/${dependentId}`)).statusCode, 404);
      assert.equal((await stranger.get(`/api/v1/persons/${guardianPersonId}/code`)).statusCode, 404);
    });

    it('lets the person take their code over by registering: same person and history, guardians released', async () => {
      const own = new TestClient(t.app);
      const registered = await own.post('/api/v1/auth/register', { ...elder(0), phone: '13900000099', password: TEST_PASSWORD });
      assert.equal(registered.statusCode, 201);
      assert.equal(registered.json().person.id, dependentId);
      assert.equal((await own.get(`/api/v1/persons/${dependentId}/declarations`)).json().length, 1, 'the declaration made by the guardian stays');
      assert.equal((await guardian.get(`/api/v1/persons/${dependentId}/code`)).statusCode, 404, 'the guardian no longer holds it');
      assert.deepEqual((await guardian.get('/api/v1/people')).json().map((p: { name: string }) => p.name), ['张伟', '老人乙', '老人丙']);
      const again = await new TestClient(t.app).post('/api/v1/auth/register', { ...elder(0), phone: '13900000098', password: TEST_PASSWORD });
      assert.equal(again.json().error.code, 'ALREADY_REGISTERED', 'one person, one code');
    });

    it('removes a dependent', async () => {
      const people = (await guardian.get('/api/v1/people')).json();
      const removed = await guardian.delete(`/api/v1/dependents/${people[1].personId}`);
      assert.equal(removed.statusCode, 204);
      assert.equal((await guardian.get('/api/v1/people')).json().length, 2);
      assert.equal((await guardian.get(`/api/v1/persons/${people[1].personId}/code`)).statusCode, 404);
    });
  });
}
