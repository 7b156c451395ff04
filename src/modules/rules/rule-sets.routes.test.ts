import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, declarationBody, finishedJob, registeredHolder, residentId, TestClient, testTargets, type TestApp } from '../../../test/helpers.ts';
import { BASELINE_RULE_SET } from './rule-set.ts';

for (const target of testTargets()) {
  describe(`rule sets (${target})`, () => {
    let t: TestApp;
    let operator: TestClient;
    let approver: TestClient;
    before(async () => {
      t = await createTestApp(target);
      ({ operator, approver } = await authorityClients(t));
      const answers = ['no', 'unsure', 'unsure', 'yes', 'no'];
      for (const [i, answer] of answers.entries()) {
        const r = await registeredHolder(t.app, { name: `居民${'甲乙丙丁戊'[i]}`, idNumber: residentId(`1306021990010100${i}`), phone: `1380000020${i}` });
        await r.client.post(`/api/v1/persons/${r.account.person.id}/declarations`, declarationBody({ contactWithCase: answer }));
      }
    });
    after(() => t.close());

    const stricter = { ...BASELINE_RULE_SET.definition, yellow: { ...BASELINE_RULE_SET.definition.yellow, declaredContactAnswers: ['yes', 'unsure'] } };

    it('shows the active version and refuses an invalid definition with the path of each problem', async () => {
      const list = (await operator.get('/api/v1/authority/rule-sets')).json();
      assert.deepEqual(list.map((r: { version: string; active: boolean }) => [r.version, r.active]), [['baseline-1', true]]);
      const bad = await operator.post('/api/v1/authority/rule-sets/preview', { definition: { ...stricter, feverCelsius: 'hot', red: { recoveryDays: 0 } } });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error.fields.map((f: { field: string }) => f.field).sort(), ['definition.feverCelsius', 'definition.red.recoveryDays']);
      const problems = (await operator.post('/api/v1/authority/rule-sets/validate', { definition: { ...stricter, extra: 1, red: { recoveryDays: 0 } } })).json();
      assert.deepEqual(problems, [
        { field: 'extra', code: 'UNKNOWN_FIELD', message: '无此项' },
        { field: 'red.recoveryDays', code: 'BELOW_MINIMUM', message: '不能小于1' },
      ]);
    });

    it('a preview matches what publishing then does', async () => {
      const preview = (await operator.post('/api/v1/authority/rule-sets/preview', { definition: stricter })).json();
      assert.equal(preview.against, 'baseline-1');
      assert.equal(preview.matrix.green.yellow, 2);
      assert.equal(preview.matrix.yellow.yellow, 1);
      assert.equal(preview.matrix.green.green, 2);
      assert.equal(preview.examples.filter((e: { from: string; to: string }) => e.from === 'green' && e.to === 'yellow').length, 2);
      const before = await t.deps.db.selectFrom('person_status').select(['person_id', 'status']).execute();
      assert.equal((await approver.post('/api/v1/authority/rule-sets', { version: 'strict-2', definition: stricter, effectiveFrom: 0 })).statusCode, 404, 'only an admin publishes');
      const published = await operator.post('/api/v1/authority/rule-sets', { version: 'strict-2', definition: stricter, effectiveFrom: 0 });
      assert.equal(published.statusCode, 201);
      await finishedJob(operator, published.json().job.id, t);
      const after = await t.deps.db.selectFrom('person_status').select(['person_id', 'status', 'rule_set_version']).execute();
      const matrix: Record<string, Record<string, number>> = {};
      for (const row of after) {
        const from = before.find((b) => b.person_id === row.person_id)!.status;
        matrix[from] ??= {};
        matrix[from]![row.status] = (matrix[from]![row.status] ?? 0) + 1;
      }
      for (const [from, tos] of Object.entries(matrix)) for (const [to, n] of Object.entries(tos)) assert.equal(preview.matrix[from][to], n, `${from}→${to}`);
      assert.ok(after.every((r) => r.rule_set_version === 'strict-2'), 'every stored status names the version that decided it');
      const duplicate = await operator.post('/api/v1/authority/rule-sets', { version: 'strict-2', definition: stricter, effectiveFrom: 0 });
      assert.equal(duplicate.statusCode, 400);
    });

    it('shows anyone the rules in force and the limits they meet (赋码规则), the newly published set at once', async () => {
      const response = await new TestClient(t.app).get('/api/v1/rules');
      assert.equal(response.statusCode, 200, 'no sign-in needed');
      assert.equal(response.headers['cache-control'], 'public, max-age=60');
      const rules = response.json();
      assert.equal(rules.version, 'strict-2');
      assert.deepEqual(rules.definition, stricter);
      assert.equal(rules.timeZone, 'Asia/Shanghai');
      assert.deepEqual(rules.limits, { declarationsPerDay: 3, appealsPerDay: 1, maxDependents: 3, maxGuardians: 3 });
    });
  });
}
