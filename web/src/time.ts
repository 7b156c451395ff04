/**
 * Times are shown and typed in the platform's time zone, as the server words them and as the code screen's
 * clock shows them, not in the device's: a phone set to 新疆时间 (UTC+6), or the console opened on a laptop
 * set to another zone, would otherwise show a declaration two hours off from the clock beside it, and take an
 * effective time typed into the console for another instant.
 */
import { computed, signal } from '@preact/signals';
import { dateTimeFormat, instantOfWallClock, wallClockMinute } from '../../src/shared/calendar';
import { session } from './api';
import { lang } from './prefs';

const deviceTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zone a public page's answer named, for pages seen before signing in. */
export const announcedTimeZone = signal<string | null>(null);

/** The platform's zone once the server has said it (with the session, or a public page's answer); the device's until then. */
export const platformTimeZone = computed(() => session.value?.timeZone ?? announcedTimeZone.value ?? deviceTimeZone);

const STYLES = {
  /** 2026/12/03 08:30 */
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  /** 08:30:05 */
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  /** 08:00, for an hour's label */
  hour: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function formatInstant(epochMs: number, style: keyof typeof STYLES = 'dateTime'): string {
  return dateTimeFormat(lang.value, { ...STYLES[style], hourCycle: 'h23', timeZone: platformTimeZone.value }).format(epochMs);
}

/** The value of a datetime-local input showing `epochMs`. */
export const inputValueOf = (epochMs: number): string => wallClockMinute(epochMs, platformTimeZone.value);

/** The instant a datetime-local input's value names; NaN when empty or not a time. */
export const instantOfInput = (value: string): number => instantOfWallClock(value, platformTimeZone.value);
