/**
 * The operator's commands that work on a store another process may be serving: `healthcode backup`,
 * `healthcode import`, `admin create` and `keys rotate`, run as real processes against a store on disk (and on
 * PostgreSQL, for the import).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { loadConfig, testRedisUrl } from '../src/config.ts';
import { createDeps, embeddedStoreFile, type Deps } from '../src/container.ts';
import { listAuditEntries } from '../src/modules/audit/audit.repository.ts';
import { createPostgresDatabase, residentId, testTargets, TEST_PASSWORD, within } from './helpers.ts';
import { healthcode } from './processes.ts';

const HOLDER = { idType: 'resident_id' as const, name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002', password: TEST_PASSWORD };
const OPERATOR_PHONE = '13900000001';

/** A store on disk (or a PostgreSQL database) holding one resident and one authority operator. */
async function storeWithPeople(databaseUrl: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-cli-'));
  const env = { HEALTHCODE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, REDIS_URL: '' };
  const config = loadConfig({}, env);
  const deps = await createDeps(config, { log: () => {} });
  const holder = await deps.accounts.register(deps.db, HOLDER);
  const operator = await deps.accounts.createStaffAccount(deps.db, { name: '防控操作员', phone: OPERATOR_PHONE, password: TEST_PASSWORD, roles: ['authority_operator'] });
  return { dataDir, env, config, deps, personId: holder.actor.personId!, operator };
}

describe('healthcode backup, admin create, disable and enable, keys rotate', () => {
  let store: Awaited<ReturnType<typeof storeWithPeople>>;
  before(async () => {
    store = await storeWithPeople('');
  });
  after(async () => {
    await store.deps.close();
    rmSync(store.dataDir, { recursive: true, force: true });
  });

  it('copies the store while it is open and being written, without what is not committed; the copy opens with the same keys', async () => {
    // Another connection in the middle of a write: the copy neither waits for it nor holds what it has not committed.
    const writer = new Database(embeddedStoreFile(store.config));
    writer.exec('begin immediate');
    writer.prepare("insert into audit_log (id, at, actor_account_id, action, subject_person_id, reason, details) values ('uncommitted', 0, null, 'test', null, null, '{}')").run();
    const backup = path.join(store.dataDir, 'backup.sqlite');
    const running = healthcode(['backup', backup], store.env);
    // The copy is under way while the write is: then the write ends, so that the backup can record itself.
    while (!existsSync(backup)) await new Promise((resolve) => setTimeout(resolve, 10));
    writer.exec('rollback');
    writer.close();
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /copied to .*backup\.sqlite/);
    assert.match(result.stdout, new RegExp(`keep ${path.join(store.dataDir, 'keys')} safe`), 'the operator is told where the key the copy needs is');

    const copy = new Database(backup, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(copy.prepare("select id from audit_log where id = 'uncommitted'").all(), []);
    copy.close();
    const [recorded] = await store.deps.audit.list(store.deps.db, store.operator, { actionPrefix: 'store.backup', limit: 1 });
    assert.deepEqual(recorded?.details, { file: backup, bytes: statSync(backup).size, operator: userInfo().username }, 'the audit log says who copied everyone’s data, and where to');

    // Restored: the same person, their name decrypted with the keys kept apart.
    const restored = await createDeps(store.config, { sqliteFile: backup, log: () => {} });
    try {
      const person = await restored.identity.findByDocument(restored.db, 'resident_id', HOLDER.idNumber);
      assert.equal(person?.id, store.personId);
      assert.equal(person?.name, HOLDER.name);
    } finally {
      await restored.close();
    }
  });

  it('refuses to write over a file, says what to do on PostgreSQL, and that there is nothing to copy before a first start', async () => {
    const taken = path.join(store.dataDir, 'taken.sqlite');
    writeFileSync(taken, 'precious');
    const overwrite = await healthcode(['backup', taken], store.env);
    assert.equal(overwrite.code, 1);
    assert.match(overwrite.stderr, /exists already/);

    const postgres = await healthcode(['backup', path.join(store.dataDir, 'pg.sqlite')], { ...store.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    assert.equal(postgres.code, 1);
    assert.match(postgres.stderr, /pg_dump/);

    const empty = mkdtempSync(path.join(tmpdir(), 'healthcode-cli-empty-'));
    const nothing = await healthcode(['backup', path.join(empty, 'b.sqlite')], { ...store.env, HEALTHCODE_DATA_DIR: empty });
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /There is no store/);
    assert.equal(existsSync(path.join(empty, 'healthcode.sqlite')), false, 'no empty store was made to copy');
    rmSync(empty, { recursive: true, force: true });
  });

  it('admin create and keys rotate are in the audit log under the system user who ran them, as the console shows them', async () => {
    const created = await healthcode(['admin', 'create', '--phone', '13900000009', '--name', '值班管理员'], store.env, `${TEST_PASSWORD}\n`);
    assert.equal(created.code, 0, created.stderr);
    const rotated = await healthcode(['keys', 'rotate'], store.env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const kid = /new signing key (\S+);/.exec(rotated.stdout)?.[1];

    const entries = await store.deps.audit.list(store.deps.db, store.operator, { limit: 10 });
    const shown = entries.filter((e) => e.action === 'staff.create' || e.action === 'signing_key.rotate').map((e) => ({ action: e.action, actorName: e.actorName, details: e.details }));
    const operator = userInfo().username;
    const admin = await store.deps.accounts.actorByPhone(store.deps.db, '13900000009');
    assert.deepEqual(shown, [
      { action: 'signing_key.rotate', actorName: `${operator} (CLI)`, details: { kid, operator } },
      { action: 'staff.create', actorName: `${operator} (CLI)`, details: { accountId: admin?.accountId, roles: ['authority_admin'], operator } },
    ]);
  });

  it('admin disable and enable a staff account by its phone, with a reason, audited under the system user; never a resident', async () => {
    const disabled = await healthcode(['admin', 'disable', '--phone', '13900000009', '--reason', '已离职，停用账号'], store.env);
    assert.equal(disabled.code, 0, disabled.stderr);
    await assert.rejects(store.deps.accounts.signIn(store.deps.db, { phone: '13900000009', password: TEST_PASSWORD }), { code: 'ACCOUNT_DISABLED' });
    const noReason = await healthcode(['admin', 'enable', '--phone', '13900000009', '--reason', ''], store.env);
    assert.equal(noReason.code, 1);
    assert.match(noReason.stderr, /Give a reason/);
    const enabled = await healthcode(['admin', 'enable', '--phone', '13900000009', '--reason', '返聘，恢复账号'], store.env);
    assert.equal(enabled.code, 0, enabled.stderr);
    assert.ok(await store.deps.accounts.signIn(store.deps.db, { phone: '13900000009', password: TEST_PASSWORD }));

    const entries = await store.deps.audit.list(store.deps.db, store.operator, { actionPrefix: 'staff.', limit: 10 });
    const operator = userInfo().username;
    assert.deepEqual(
      entries.filter((e) => e.action !== 'staff.create').map((e) => [e.action, e.actorName, e.reason]),
      [
        ['staff.enable', `${operator} (CLI)`, '返聘，恢复账号'],
        ['staff.disable', `${operator} (CLI)`, '已离职，停用账号'],
      ],
    );
    const resident = await healthcode(['admin', 'disable', '--phone', HOLDER.phone, '--reason', '居民账号不能停用'], store.env);
    assert.equal(resident.code, 1, 'a resident’s account is not staff');
  });

  it('with REDIS_URL unreachable, still makes the change, and says when servers will see it', async () => {
    await store.deps.accounts.createStaffAccount(store.deps.db, { name: '审核员', phone: '13900000029', password: TEST_PASSWORD, roles: ['verifier'] });
    const disabled = await healthcode(['admin', 'disable', '--phone', '13900000029', '--reason', '已离职，停用账号'], { ...store.env, REDIS_URL: 'redis://127.0.0.1:1' });
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stderr, /Redis \(REDIS_URL\) cannot be reached: running servers see this change when their caches expire, within 30 s/);
    await assert.rejects(store.deps.accounts.signIn(store.deps.db, { phone: '13900000029', password: TEST_PASSWORD }), { code: 'ACCOUNT_DISABLED' });
  });

  it('with REDIS_URL, publishes what it changed to every server: a disabled account, a new signing key', { skip: testRedisUrl() ? false : 'needs HEALTHCODE_TEST_REDIS' }, async () => {
    const subscriber = new Redis(testRedisUrl()!);
    const published: { topic: string; keys: string[] }[] = [];
    subscriber.on('message', (_channel: string, text: string) => published.push(JSON.parse(text)));
    try {
      await subscriber.subscribe('healthcode:invalidate');
      const env = { ...store.env, REDIS_URL: testRedisUrl()! };
      const verifier = await store.deps.accounts.createStaffAccount(store.deps.db, { name: '核验员', phone: '13900000019', password: TEST_PASSWORD, roles: ['verifier'] });
      const disabled = await healthcode(['admin', 'disable', '--phone', '13900000019', '--reason', '已离职，停用账号'], env);
      assert.equal(disabled.code, 0, disabled.stderr);
      const rotated = await healthcode(['keys', 'rotate'], env);
      assert.equal(rotated.code, 0, rotated.stderr);
      const kid = /new signing key (\S+);/.exec(rotated.stdout)?.[1];
      const relevant = () => published.filter((m) => m.topic === 'account' || m.topic === 'signing_key').map((m) => [m.topic, m.keys]);
      await within(1000, async () => relevant().length, 2);
      assert.deepEqual(relevant(), [['account', [verifier.accountId]], ['signing_key', [kid]]]);
    } finally {
      subscriber.disconnect();
    }
  });
});

for (const target of testTargets()) {
  describe(`healthcode import (${target})`, () => {
    let store: Awaited<ReturnType<typeof storeWithPeople>>;
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    let deps: Deps;
    before(async () => {
      database = target === 'postgres' ? await createPostgresDatabase() : undefined;
      store = await storeWithPeople(database?.url ?? '');
      deps = store.deps;
    });
    after(async () => {
      await deps.close();
      await database?.drop();
      rmSync(store.dataDir, { recursive: true, force: true });
    });

    const labResults = () => deps.db.selectFrom('lab_results').select(['person_id', 'result', 'lab']).execute();
    const csvFile = (name: string, lines: string[]) => {
      const file = path.join(store.dataDir, name);
      writeFileSync(file, ['id_type,id_number,name,sampled_at,result,lab', ...lines].join('\n'));
      return file;
    };

    it('reports every bad row with its line, in English and Chinese, and writes nothing', async () => {
      const file = csvFile('bad.csv', [`resident_id,${HOLDER.idNumber},${HOLDER.name},2026-12-01 08:00,negative,保定市第一医院`, 'resident_id,123,某人,昨天,maybe,x']);
      const result = await healthcode(['import', 'lab_result', file, '--as', OPERATOR_PHONE], store.env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /line 3, id_number: A resident ID number has 18 characters .* \/ 居民身份证号码应为18位/);
      assert.match(result.stderr, /line 3, sampled_at: /);
      assert.match(result.stderr, /line 3, result: /);
      assert.match(result.stderr, /3 problems in .*bad\.csv; nothing was imported/);
      assert.deepEqual(await labResults(), []);
    });

    it('imports as the named authority account, audited under its name; no other account may', async () => {
      const file = csvFile('good.csv', [`resident_id,${HOLDER.idNumber},${HOLDER.name},2026-12-01 08:00,negative,保定市第一医院`]);
      const holderTries = await healthcode(['import', 'lab_result', file, '--as', HOLDER.phone], store.env);
      assert.equal(holderTries.code, 1);
      assert.match(holderTries.stderr, /No authority operator or admin account has the phone/);
      assert.deepEqual(await labResults(), []);

      const result = await healthcode(['import', 'lab_result', file, '--as', OPERATOR_PHONE], store.env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /1 row of lab_result imported/);
      assert.deepEqual(await labResults(), [{ person_id: store.personId, result: 'negative', lab: '保定市第一医院' }]);
      const [entry] = await listAuditEntries(deps.db, { actionPrefix: 'fact.lab_result.import', limit: 1 });
      assert.equal(entry?.actorAccountId, store.operator.accountId);
    });

    it('says how to use it when the kind or the account is missing', async () => {
      const result = await healthcode(['import', 'vaccinations', 'x.csv'], store.env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /usage: healthcode import case\|close_contact\|lab_result\|popup FILE --as PHONE/);
    });
  });
}
