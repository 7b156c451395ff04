/**
 * A copy of the embedded store taken while it serves (`healthcode backup FILE`). `VACUUM INTO` writes one
 * snapshot of the store, as a single read transaction sees it, to a new file, compacted: in WAL mode that
 * read neither waits for the writer nor holds it up. SQLite's online backup API was not chosen: it starts
 * over whenever another connection writes, which under steady check-ins is always. While the copy is made
 * the log cannot be checkpointed past its snapshot, so it grows by what is written meanwhile.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Copies the store at `storeFile` into `destination`, which must not exist yet; answers the copy's size. */
export function backupEmbeddedStore(storeFile: string, destination: string): { bytes: number } {
  const store = new Database(storeFile, { fileMustExist: true, timeout: 5_000 });
  try {
    store.prepare('vacuum into ?').run(destination);
  } finally {
    store.close();
  }
  return { bytes: statSync(destination).size };
}
