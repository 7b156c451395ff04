import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { asOneStatement, openDatabase, type Db } from './database.ts';
import { testPostgresUrl } from '../config.ts';
import { createPostgresDatabase } from '../../test/helpers.ts';
import { EmbeddedDialect, withStatementCache } from './embedded-dialect.ts';
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

  it('commits batches that wait together in one go, each all or nothing: a failing batch fails alone, and a request to sync the log among them is answered', async () => {
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
      const synced = writeBatch([]);
      const last = writeBatch([note(3, 'c'), note(4, 'd')]);
      other.exec('commit');
      await first;
      await assert.rejects(failing, /UNIQUE/);
      await last;
      await synced;
      const { rows } = await sql<{ id: number }>`select id from notes order by id`.execute(db);
      assert.deepEqual(rows.map((r) => r.id), [1, 3, 4]);
    } finally {
      other.close();
      await db.destroy();
    }
  });

  it('answers a transaction, or a statement that writes outside one, once the writer thread has synced the log, not by waiting for the disk on the event loop; the connection serves others meanwhile', async () => {
    const sqlite = new SQLite(path.join(dir, 'sync.sqlite'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    let syncs = 0;
    let logSynced!: () => void;
    const syncLog = () => {
      syncs++;
      return new Promise<void>((resolve) => (logSynced = resolve));
    };
    const db = new Kysely({ dialect: new EmbeddedDialect({ database: withStatementCache(sqlite, () => undefined) }, syncLog) }) as unknown as Db;
    const synchronous = () => sqlite.pragma('synchronous', { simple: true });
    try {
      // A statement that writes outside a transaction commits by itself, and is answered in the same way.
      let created = false;
      const create = sql`create table notes (id integer primary key)`.execute(db).then(() => (created = true));
      while (syncs === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual((await sql<{ n: number }>`select count(*) as n from notes`.execute(db)).rows, [{ n: 0 }], 'committed, and the connection serves others');
      assert.equal(created, false, 'not answered before the log is on disk');
      assert.equal(synchronous(), 2);
      logSynced();
      await create;
      assert.equal(syncs, 1, 'a read syncs nothing');
      let answered = false;
      const write = inTransaction(db, (trx) => sql`insert into notes (id) values (1)`.execute(trx)).then(() => (answered = true));
      while (syncs < 2) await new Promise((resolve) => setImmediate(resolve));
      const { rows } = await sql<{ id: number }>`select id from notes`.execute(db);
      assert.deepEqual(rows, [{ id: 1 }]);
      assert.equal(answered, false, 'not answered before the log is on disk');
      assert.equal(synchronous(), 2, 'the connection is back to FULL for everything else');
      logSynced();
      await write;
      assert.equal(answered, true);
      await assert.rejects(inTransaction(db, () => Promise.reject(new Error('refused'))), /refused/);
      assert.equal(synchronous(), 2, 'and after a rollback');
      assert.equal(syncs, 2, 'nothing to sync after a rollback');
      await assert.rejects(sql`insert into notes (id) values (1)`.execute(db), /UNIQUE/);
      assert.equal(synchronous(), 2, 'and after a statement that failed');
      assert.equal(syncs, 2, 'nothing to sync after a statement that failed');
    } finally {
      await db.destroy();
    }
  });

  it('syncs the log for an empty batch, so a transaction on a store file is answered', async () => {
    const { db, writeBatch } = openDatabase({ sqliteFile: path.join(dir, 'empty-batch.sqlite') });
    try {
      await writeBatch([]);
      await sql`create table notes (id integer primary key)`.execute(db);
      await inTransaction(db, (trx) => sql`insert into notes (id) values (1)`.execute(trx));
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      assert.equal(rows[0]!.synchronous, 2);
    } finally {
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

describe('group commits on PostgreSQL', { skip: !testPostgresUrl() && 'HEALTHCODE_TEST_PG is not set' }, () => {
  it('stores a group’s statements as one statement: each value in its place, all or nothing', async () => {
    const database = await createPostgresDatabase();
    const { db, commitGroup } = openDatabase({ databaseUrl: database.url });
    try {
      await sql`create table notes (id integer primary key, text text not null)`.execute(db);
      await sql`create table tags (note_id integer not null, tag text not null)`.execute(db);
      const note = (id: number, text: string) => sql`insert into notes (id, text) values (${id}, ${text})`.compile(db);
      const tag = (noteId: number, text: string) => sql`insert into tags (note_id, tag) values (${noteId}, ${text})`.compile(db);
      const group = [note(1, 'a'), tag(1, 'x'), note(2, 'b')];
      assert.match(asOneStatement(group).sql, /^with q0 as \(insert into notes .* values \(\$1, \$2\)\), q1 as \(.*\$3, \$4\)\), q2 as \(.*\$5, \$6\)\) select 1$/);
      await commitGroup(group);
      assert.deepEqual((await sql<{ id: number; text: string }>`select id, text from notes order by id`.execute(db)).rows, [{ id: 1, text: 'a' }, { id: 2, text: 'b' }]);
      assert.deepEqual((await sql`select note_id, tag from tags`.execute(db)).rows, [{ note_id: 1, tag: 'x' }]);
      // The last part repeats a key: nothing of the group stays.
      await assert.rejects(commitGroup([tag(3, 'y'), note(3, 'c'), note(1, 'again')]), /duplicate key/);
      assert.equal((await sql`select 1 from notes where id = 3`.execute(db)).rows.length, 0);
      assert.equal((await sql`select 1 from tags where note_id = 3`.execute(db)).rows.length, 0);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
