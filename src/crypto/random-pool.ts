import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for values that are public once used (ids, AES-GCM IVs), from the system's CSPRNG drawn 4 KiB
 * at a time: one draw per value was a twentieth of a declaration's time (two sealed fields) in a CPU profile, and one
 * per id was measurable on every check-in. Each byte is handed out once. Secrets (session tokens, keys, salts)
 * are drawn on their own, so that a read of this buffer could never reveal one.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function publicRandomBytes(size: number): Buffer {
  if (size > pool.length) return randomFillSync(Buffer.alloc(size));
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}
