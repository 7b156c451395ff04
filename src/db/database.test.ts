import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { inTransaction } from './transactions.ts';

describe('embedded store', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'healthcode-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints the write-ahead log in the background, not in the committing request', async () => {
    const file = path.join(dir, 'store.sqlite');
    const { db } = openDatabase({ sqliteFile: file });
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      assert.equal(rows[0]!.wal_autocheckpoint, 0, 'commits never checkpoint');
      await sql`create table filler (id integer primary key, text text not null)`.execute(db);
      const sizeBefore = statSync(file).size;
      for (let i = 0; i < 20; i++) await sql`insert into filler (text) values (${'x'.repeat(10_000)})`.execute(db);
      const deadline = Date.now() + 5000;
      while (statSync(file).size <= sizeBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(statSync(file).size > sizeBefore + 150_000, 'the rows reached the database file');
    } finally {
      await db.destroy();
    }
  });

  it('commits batch writes in the writer thread, all or nothing, visible to the serving connection once acknowledged', async () => {
    const { db, writeBatch } = openDatabase({ sqliteFile: path.join(dir, 'batches.sqlite') });
    try {
      await sql`create table notes (id integer primary key, text text not null)`.execute(db);
      const note = (id: number, text: string) => sql`insert into notes (id, text) values (${id}, ${text})`.compile(db);
      await writeBatch([note(1, 'a'), note(2, 'b')]);
      const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(db);
      assert.equal(rows[0]!.n, 2);
      // The second statement repeats a key: the whole batch is refused and nothing of it stays.
      await assert.rejects(writeBatch([note(3, 'c'), note(1, 'again')]), /UNIQUE/);
      const after = await sql<{ n: number }>`select count(*) as n from notes`.execute(db);
      assert.equal(after.rows[0]!.n, 2);
    } finally {
      await db.destroy();
    }
  });

  it('commits batches that wait together in one go, each all or nothing: a failing batch fails alone', async () => {
    const file = path.join(dir, 'together.sqlite');
    const { db, writeBatch } = openDatabase({ sqliteFile: file });
    const other = new SQLite(file);
    try {
      await sql`create table notes (id integer primary key, text text not null)`.execute(db);
      const note = (id: number, text: string) => sql`insert into notes (id, text) values (${id}, ${text})`.compile(db);
      // Another connection holds the lock, so the batches sent meanwhile wait in the writer's queue.
      other.exec('begin immediate');
      const first = writeBatch([note(1, 'a')]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const failing = writeBatch([note(2, 'b'), note(1, 'again')]);
      const last = writeBatch([note(3, 'c'), note(4, 'd')]);
      other.exec('commit');
      await first;
      await assert.rejects(failing, /UNIQUE/);
      await last;
      const { rows } = await sql<{ id: number }>`select id from notes order by id`.execute(db);
      assert.deepEqual(rows.map((r) => r.id), [1, 3, 4]);
    } finally {
      other.close();
      await db.destroy();
    }
  });

  it('waits for another connection’s write lock off the event loop: the write goes through once the lock is free, and timers keep firing meanwhile', async () => {
    const file = path.join(dir, 'locked.sqlite');
    const { db } = openDatabase({ sqliteFile: file });
    const other = new SQLite(file);
    try {
      await sql`create table notes (id integer primary key)`.execute(db);
      other.exec('begin immediate; insert into notes (id) values (1);');
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      const write = inTransaction(db, (trx) => sql`insert into notes (id) values (2)`.execute(trx));
      await new Promise((resolve) => setTimeout(resolve, 100));
      other.exec('commit');
      await write;
      clearInterval(ticker);
      assert.ok(ticks >= 10, `the event loop ran while waiting (${ticks} ticks)`);
      const { rows } = await sql<{ id: number }>`select id from notes order by id`.execute(db);
      assert.deepEqual(rows.map((r) => r.id), [1, 2]);
    } finally {
      other.close();
      await db.destroy();
    }
  });
});
