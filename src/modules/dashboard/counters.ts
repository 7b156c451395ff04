/**
 * Hourly counters for the dashboard (codes shown). Counting on the hot path is an in-memory increment;
 * the totals are added to `hourly_counters` every few seconds, so every process's counts add up.
 */
import type { Db } from '../../db/database.ts';
import { addToHourlyCounter } from './dashboard.repository.ts';

const HOUR = 3_600_000;

export type Counters = ReturnType<typeof createCounters>;

export function createCounters(db: Db, now: () => number) {
  let pending = new Map<string, number>();

  async function flush(): Promise<void> {
    const batch = pending;
    pending = new Map();
    for (const [key, count] of batch) {
      const [name, hour] = key.split('|') as [string, string];
      await addToHourlyCounter(db, name, Number(hour), count);
    }
  }

  return {
    increment(name: string): void {
      const key = `${name}|${Math.floor(now() / HOUR) * HOUR}`;
      pending.set(key, (pending.get(key) ?? 0) + 1);
    },
    flush,
  };
}
