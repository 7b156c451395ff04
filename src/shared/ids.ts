import { publicRandomBytes } from '../crypto/random-pool.ts';

/**
 * Time-ordered unique ids (48-bit millisecond time + 80 random bits, 32 hex characters): they sort by
 * creation in both databases and reveal nothing but the creation time.
 */
export function newId(now: number = Date.now()): string {
  return now.toString(16).padStart(12, '0') + publicRandomBytes(10).toString('hex');
}
