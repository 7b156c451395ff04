/**
 * Development keys live in `<data dir>/keys/`, generated on first start so that no secret is ever
 * committed. Production supplies keys through configuration instead.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Reads a key file, creating it with `create()` (mode 0600) when it does not exist yet. */
export function readOrCreateKeyFile(dataPath: string, name: string, create: () => Buffer = () => randomBytes(32)): Buffer {
  const dir = path.join(dataPath, 'keys');
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = create();
  try {
    // 'wx' fails if another process created the file meanwhile; then its key wins.
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file);
  }
}
