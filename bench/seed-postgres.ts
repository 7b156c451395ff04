/**
 * The same seed on PostgreSQL, for `DATABASE_URL=… npm run bench`: the schema from the real migrations,
 * then every table copied from the embedded seed (same master key, so sealed values, sessions and signing
 * keys carry over). A database already holding this seed is reused.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/container.ts';
import type { Seeded } from './seed.ts';

const ROWS_PER_INSERT = 1000;

export async function copySeedToPostgres(seeded: Seeded, databaseUrl: string, log: (line: string) => void): Promise<void> {
  const marker = path.basename(seeded.dataDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const found = await client.query<{ marker: string }>("select marker from bench_seed where marker = $1", [marker]).catch(() => ({ rows: [] }));
    if (found.rows.length > 0) return log(`reusing seed data in ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
    const started = Date.now();
    const deps = await createDeps(loadConfig({ dataDir: seeded.dataDir, databaseUrl, redisUrl: '', logLevel: 'silent' }, {})); // migrations
    await deps.close();
    const sqlite = new SQLite(path.join(seeded.dataDir, 'healthcode.sqlite'), { readonly: true });
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'")
      .pluck()
      .all() as string[];
    await client.query('begin');
    // Rows arrive table by table, not in foreign-key order.
    await client.query('set local session_replication_role = replica');
    await client.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')}`);
    for (const table of tables) {
      const columns = (sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
      const insert = async (rows: unknown[][]) => {
        const values = rows.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}`, rows.flat());
      };
      let rows: unknown[][] = [];
      let copied = 0;
      for (const row of sqlite.prepare(`select * from "${table}"`).raw().iterate() as IterableIterator<unknown[]>) {
        rows.push(row);
        if (rows.length === ROWS_PER_INSERT) {
          await insert(rows);
          copied += rows.length;
          rows = [];
          if (copied % 1_000_000 === 0) log(`  ${table}: ${copied}`);
        }
      }
      if (rows.length > 0) await insert(rows);
    }
    await client.query('create table if not exists bench_seed (marker text primary key)');
    await client.query('insert into bench_seed (marker) values ($1)', [marker]);
    await client.query('commit');
    await client.query('analyze');
    sqlite.close();
    log(`copied to PostgreSQL in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}
