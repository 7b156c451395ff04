import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4 KiB at a time: one call to the system's generator per ~400 ids instead of one each.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/**
 * Time-ordered unique ids (48-bit millisecond time + 80 random bits, 32 hex characters): they sort by
 * creation in both databases and reveal nothing but the creation time.
 */
export function newId(now: number = Date.now()): string {
  return now.toString(16).padStart(12, '0') + randomHex(10);
}
