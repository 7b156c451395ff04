import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { SqliteWriter } from './sqlite-writer.ts';

describe('store writer thread', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'healthcode-writer-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fails writes with the reason its thread stopped, fails them at once while it waits to start another, and recovers', async () => {
    // A directory where the store should be: the thread cannot open it and stops as soon as it starts.
    const file = path.join(dir, 'store.sqlite');
    mkdirSync(file);
    const writer = new SqliteWriter(file);
    try {
      const create = [{ sql: 'create table notes (id integer primary key)', parameters: [] }];
      await assert.rejects(writer.write(create), /writer thread stopped: unable to open database file/);
      const started = Date.now();
      await assert.rejects(writer.write(create), /unable to open database file/);
      assert.ok(Date.now() - started < 500, 'no write waits for a thread that is not there');

      rmSync(file, { recursive: true });
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          await writer.write(create);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await writer.write([{ sql: 'insert into notes (id) values (?)', parameters: [1] }]);
      const store = new SQLite(file, { readonly: true });
      assert.deepEqual(store.prepare('select id from notes').all(), [{ id: 1 }]);
      store.close();
    } finally {
      await writer.close();
    }
  });
});
