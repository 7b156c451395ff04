import { randomBytes } from 'node:crypto';

/**
 * Time-ordered unique ids (48-bit millisecond time + 80 random bits, 32 hex characters): they sort by
 * creation in both databases and reveal nothing but the creation time.
 */
export function newId(now: number = Date.now()): string {
  return now.toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
}
