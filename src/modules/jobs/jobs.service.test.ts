/**
 * A recompute is shared by every process: here two sets of dependencies on one store, told about the job
 * over Redis as two processes (or two machines) are.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig, testRedisUrl } from '../../config.ts';
import { createDeps, type Deps } from '../../container.ts';
import { createPostgresDatabase, createTestApp, testTargets } from '../../../test/helpers.ts';
import { insertJob } from './jobs.repository.ts';

/** Only the rows matter: no facts, so each person is recomputed from nothing, away from the stored red of rule set 'old'. */
async function insertPeopleWithOldStatuses(deps: Deps, people: string[]): Promise<void> {
  for (let i = 0; i < people.length; i += 1000) {
    const some = people.slice(i, i + 1000);
    await deps.db
      .insertInto('persons')
      .values(some.map((id) => ({ id, id_type: 'resident_id', id_lookup: id, id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: 0 })))
      .execute();
    await deps.db
      .insertInto('person_status')
      .values(some.map((person_id) => ({ person_id, status: 'red', reasons: '{"reasons":[],"clearsAt":null}', rule_set_version: 'old', computed_at: 0, reevaluate_at: null })))
      .execute();
  }
}

for (const target of testTargets()) {
  describe(`a recompute shared by two processes (${target})`, { skip: testRedisUrl() ? false : 'needs HEALTHCODE_TEST_REDIS' }, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-jobs-'));
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    const processes: Deps[] = [];
    before(async () => {
      database = target === 'postgres' ? await createPostgresDatabase() : undefined;
      const config = loadConfig({ dataDir, logLevel: 'silent', databaseUrl: database?.url ?? '', redisUrl: testRedisUrl()! }, {});
      processes.push(await createDeps(config), await createDeps(config));
      await new Promise((resolve) => setTimeout(resolve, 300)); // until both have subscribed on Redis, as running servers long have
    });
    after(async () => {
      for (const deps of processes) await deps.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('splits the people between them, and every one of them is recomputed once the job is done', async () => {
      const [first, second] = processes as [Deps, Deps];
      const people = Array.from({ length: 3000 }, (_, i) => `person-${String(i).padStart(5, '0')}`);
      await insertPeopleWithOldStatuses(first, people);
      const batches = processes.map(() => 0);
      processes.forEach((deps, i) => {
        const recomputeBatch = deps.status.recomputeBatch;
        deps.status.recomputeBatch = async (...args) => {
          batches[i]!++;
          await new Promise((resolve) => setTimeout(resolve, 20)); // long enough for the other to claim a batch meanwhile
          return recomputeBatch(...args);
        };
      });
      const job = await first.jobs.recompute(people, null, 'test');
      await first.jobs.settled(job.id);
      await second.jobs.settled(job.id);
      assert.ok(batches.every((n) => n > 0), `both took batches: ${batches.join(', ')}`);
      assert.equal(batches[0]! + batches[1]!, 6, 'each batch once');
      const rows = await second.db.selectFrom('person_status').select(['rule_set_version']).where('person_id', 'in', people).execute();
      assert.ok(rows.every((row) => row.rule_set_version !== 'old'), 'everyone recomputed');
      const finished = await first.db.selectFrom('jobs').select(['status', 'done', 'total']).where('id', '=', job.id).executeTakeFirstOrThrow();
      assert.deepEqual(finished, { status: 'done', done: 3000, total: 3000 });
    });
  });
}

for (const target of testTargets()) {
  describe(`a recompute whose processes died (${target})`, () => {
    it('is started again once it has made no progress for a while, and one under way is left alone', async () => {
      const t = await createTestApp(target);
      try {
        const now = Date.now();
        const job = (id: string, progressedAt: number) => ({ id, kind: 'recompute', status: 'running', total: 2, claimed: 500, progressed_at: progressedAt, done: 0, errors: '[]', created_by: null, created_at: 0, finished_at: null });
        const payload = JSON.stringify({ personIds: ['a', 'b'], cause: 'test' });
        // Both batches claimed by processes that died before finishing (nobody has a stored status: nothing is written).
        await insertJob(t.deps.db, job('stalled', now - 120_000), payload);
        await insertJob(t.deps.db, job('under-way', now - 1_000), payload);
        await t.deps.jobs.resumeUnfinished(60_000);
        await t.deps.jobs.settled('stalled');
        const rows = await t.deps.db.selectFrom('jobs').select(['id', 'status', 'done']).where('id', 'in', ['stalled', 'under-way']).orderBy('id').execute();
        assert.deepEqual(rows, [
          { id: 'stalled', status: 'done', done: 2 },
          { id: 'under-way', status: 'running', done: 0 },
        ]);
        // Who a recompute was about is not kept once it is done: only a running job reads its payload.
        const payloads = await t.deps.db.selectFrom('job_payloads').select('job_id').where('job_id', 'in', ['stalled', 'under-way']).execute();
        assert.deepEqual(payloads, [{ job_id: 'under-way' }]);
      } finally {
        await t.close();
      }
    });
  });
}

for (const target of testTargets()) {
  describe(`a process that stops during a recompute (${target})`, () => {
    it('commits the batches under way and claims no more; the job stays running and its next start finishes it', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-jobs-'));
      const database = target === 'postgres' ? await createPostgresDatabase() : undefined;
      const config = loadConfig({ dataDir, logLevel: 'silent', databaseUrl: database?.url ?? '' }, {});
      try {
        const stopping = await createDeps(config);
        const people = Array.from({ length: 5000 }, (_, i) => `person-${String(i).padStart(5, '0')}`);
        await insertPeopleWithOldStatuses(stopping, people);
        let begun = 0;
        let committed = 0;
        const recomputeBatch = stopping.status.recomputeBatch;
        stopping.status.recomputeBatch = async (...args) => {
          begun++;
          await new Promise((resolve) => setTimeout(resolve, 50)); // still under way when the process stops
          await recomputeBatch(...args);
          committed++;
        };
        const job = await stopping.jobs.recompute(people, null, 'test');
        while (begun === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        await stopping.close();
        assert.ok(begun > 0 && begun < 10, `stopped part way: ${begun} of 10 batches begun`);
        assert.equal(committed, begun, 'every batch begun was committed');

        const restarted = await createDeps(config);
        try {
          const left = await restarted.db.selectFrom('jobs').select(['status', 'done']).where('id', '=', job.id).executeTakeFirstOrThrow();
          assert.deepEqual(left, { status: 'running', done: committed * 500 });
          await restarted.jobs.resumeUnfinished();
          await restarted.jobs.settled(job.id);
          const finished = await restarted.db.selectFrom('jobs').select(['status', 'done']).where('id', '=', job.id).executeTakeFirstOrThrow();
          assert.deepEqual(finished, { status: 'done', done: 5000 });
          const rows = await restarted.db.selectFrom('person_status').select(['rule_set_version']).where('person_id', 'in', people).execute();
          assert.ok(rows.every((row) => row.rule_set_version !== 'old'), 'everyone recomputed');
        } finally {
          await restarted.close();
        }
      } finally {
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('lets an import under way end without waiting for the recompute it started, which is left for the next start', async () => {
      const t = await createTestApp(target);
      try {
        const people = Array.from({ length: 2000 }, (_, i) => `person-${String(i).padStart(5, '0')}`);
        await insertPeopleWithOldStatuses(t.deps, people);
        const recomputeBatch = t.deps.status.recomputeBatch;
        t.deps.status.recomputeBatch = async (...args) => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return recomputeBatch(...args);
        };
        let recomputeId = '';
        let stop: Promise<void> | undefined;
        // As an import does: its facts written, it recomputes the people they concern and waits for that.
        const imported = await t.deps.jobs.run('import:test', people.length, null, async () => {
          recomputeId = (await t.deps.jobs.recompute(people, null, 'import:test')).id;
          stop = t.deps.jobs.stop();
          await t.deps.jobs.settled(recomputeId);
          return {};
        });
        while (!stop) await new Promise((resolve) => setTimeout(resolve, 5));
        await stop;
        const jobs = await t.deps.db.selectFrom('jobs').select(['id', 'status']).where('id', 'in', [imported.id, recomputeId]).execute();
        assert.deepEqual(Object.fromEntries(jobs.map((j) => [j.id, j.status])), { [imported.id]: 'done', [recomputeId]: 'running' });
      } finally {
        await t.close();
      }
    });
  });
}
