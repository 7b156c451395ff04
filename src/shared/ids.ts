import { publicRandomBytes } from '../crypto/random-pool.ts';

/**
 * Time-ordered unique ids (48-bit millisecond time + 80 random bits, 32 hex characters): they sort by
 * creation in both databases and reveal nothing but the creation time.
 */
export function newId(now: number = Date.now()): string {
  return idsFrom(now) + publicRandomBytes(10).toString('hex');
}

/** The lower bound of the ids made at `at`: every id made earlier sorts before it, so `id < idsFrom(at)` is a range of the key. */
export function idsFrom(at: number): string {
  return at.toString(16).padStart(12, '0');
}
