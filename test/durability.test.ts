/**
 * Nothing acknowledged is ever lost: a real server process takes a stream of concurrent check-ins and is
 * killed with SIGKILL in the middle of it; every check-in it answered 201 for must be in the store. On the
 * embedded store also with two workers, whose check-ins the primary commits: all three processes are killed.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { createPostgresDatabase, declarationBody, residentId, testTargets, TEST_PASSWORD } from './helpers.ts';
import { HttpSession, startServerProcess, type ServerProcess } from './processes.ts';

const killWithWorkers = (server: ServerProcess) => {
  const workers = execSync(`pgrep -P ${server.process.pid} || true`).toString().split('\n').filter(Boolean).map(Number);
  server.process.kill('SIGKILL');
  for (const pid of workers) process.kill(pid, 'SIGKILL');
};

const runs = testTargets().flatMap((target) => (target === 'sqlite' ? [1, 2] : [1]).map((workers) => ({ target, workers })));

for (const { target, workers } of runs) {
  describe(`durability under kill -9 (${target}, ${workers} worker${workers > 1 ? 's' : ''})`, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'healthcode-durability-'));
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    let server: ServerProcess;

    before(async () => {
      database = target === 'postgres' ? await createPostgresDatabase() : undefined;
      server = await startServerProcess({ HEALTHCODE_DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '' }, workers);
    });
    after(async () => {
      killWithWorkers(server);
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('loses no acknowledged check-in', async () => {
      const manager = new HttpSession(server.base);
      const first = await manager.post('/api/v1/auth/register', { name: '王经理', idType: 'resident_id', idNumber: residentId('13060219700101001'), phone: '13700000001', password: TEST_PASSWORD });
      assert.equal(first.status, 201, JSON.stringify(first.json));
      assert.equal((await manager.post('/api/v1/venues', { name: '东关菜市场', category: 'mall', address: '东关大街88号', regionCode: '130606', contactName: '王经理', contactPhone: '13700000001' })).status, 201);
      const poster = (await manager.get('/api/v1/venues/mine/poster')).json;
      const visitor = new HttpSession(server.base);
      const registered = await visitor.post('/api/v1/auth/register', { name: '张伟', idType: 'resident_id', idNumber: residentId('13060219850312001'), phone: '13800000001', password: TEST_PASSWORD });
      const personId = registered.json.person.id as string;
      await visitor.post(`/api/v1/persons/${personId}/declarations`, declarationBody());

      const acknowledged: string[] = [];
      let killed = false;
      const stream = async () => {
        while (!killed) {
          try {
            const response = await visitor.post('/api/v1/checkins', { venueCode: poster.url, personIds: [personId] });
            if (response.status === 201) acknowledged.push(response.json.entries[0].checkinId);
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const streams = Array.from({ length: 6 }, stream);
      while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 5));
      killWithWorkers(server);
      killed = true;
      await Promise.all(streams);

      const { db } = openDatabase({ databaseUrl: database?.url, sqliteFile: path.join(dataDir, 'healthcode.sqlite') });
      try {
        const stored = new Set((await db.selectFrom('checkins').select('id').execute()).map((r) => r.id));
        const lost = acknowledged.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged check-ins lost`);
        assert.ok(acknowledged.length >= 150);
      } finally {
        await db.destroy();
      }
    });
  });
}
