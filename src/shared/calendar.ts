/**
 * Dates in the platform's time zone. Building an Intl.DateTimeFormat costs far more than using one (it
 * was a sixth of a code request's CPU), so each locale and option set is built once and kept.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;
interface CalendarDay {
  /** 'YYYY-MM-DD' */
  day: string;
  /** Days since 1970-01-01 */
  number: number;
}
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; days: Map<number, CalendarDay> }>();

/**
 * The calendar day of an instant in `timeZone`. Asked for every fact the engine reads (formatting was a tenth
 * of a bulk recompute, and parsing the day back into a number a fiftieth), so answers are kept per quarter
 * hour: in every zone in use today a day begins on a quarter hour, so all instants of one quarter hour share
 * their day.
 */
function dayOf(epochMs: number, timeZone: string): CalendarDay {
  let zone = dayFormats.get(timeZone);
  if (!zone) {
    zone = { format: dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), days: new Map() };
    dayFormats.set(timeZone, zone);
  }
  const quarter = Math.floor(epochMs / QUARTER_HOUR);
  let found = zone.days.get(quarter);
  if (found === undefined) {
    const day = zone.format.format(epochMs);
    found = { day, number: Date.parse(`${day}T00:00:00Z`) / DAY };
    // A year of quarter hours; beyond that, start again rather than grow.
    if (zone.days.size >= 35_040) zone.days.clear();
    zone.days.set(quarter, found);
  }
  return found;
}

/** 'YYYY-MM-DD' of an instant in `timeZone`. */
export const calendarDay = (epochMs: number, timeZone: string): string => dayOf(epochMs, timeZone).day;

/** The calendar day of an instant in `timeZone` as days since 1970-01-01. */
export const calendarDayNumber = (epochMs: number, timeZone: string): number => dayOf(epochMs, timeZone).number;

const HOUR = 3_600_000;

/** The zone's offset from UTC at an instant, in milliseconds (+8 h for Asia/Shanghai). */
function offsetAt(epochMs: number, timeZone: string): number {
  const name = dateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(epochMs)
    .find((part) => part.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // 'GMT' itself
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * 60_000);
}

/**
 * The instant a wall-clock time ('YYYY-MM-DDTHH:mm', seconds optional) names in `timeZone`; NaN when the text
 * is not one. Where clocks change, a time shown twice names the first instant that showed it, and a time that
 * was skipped names the instant as many minutes after the change (so a day whose midnight was skipped begins
 * at 01:00, not on the day before).
 */
export function instantOfWallClock(text: string, timeZone: string): number {
  const asIfUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? Date.parse(`${text}Z`) : Number.NaN;
  if (Number.isNaN(asIfUtc)) return asIfUtc;
  // The offsets a day either side: the same, but for a change of clocks in between.
  const candidates = [offsetAt(asIfUtc - DAY, timeZone), offsetAt(asIfUtc + DAY, timeZone)].map((offset) => ({ at: asIfUtc - offset, offset }));
  const shown = candidates.filter(({ at, offset }) => offsetAt(at, timeZone) === offset).map(({ at }) => at);
  return shown.length ? Math.min(...shown) : Math.max(...candidates.map(({ at }) => at));
}

/** 'YYYY-MM-DDTHH:mm' of an instant in `timeZone`: what a clock on the wall there showed (a datetime-local input's value). */
export function wallClockMinute(epochMs: number, timeZone: string): string {
  const parts = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(epochMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** The instant the calendar day of `epochMs` began in `timeZone` (its local midnight). */
export function startOfCalendarDay(epochMs: number, timeZone: string): number {
  return instantOfWallClock(`${calendarDay(epochMs, timeZone)}T00:00`, timeZone);
}

/** The instant the next calendar day begins; days are 23 to 25 hours long where clocks change. */
export function startOfNextCalendarDay(epochMs: number, timeZone: string): number {
  return startOfCalendarDay(startOfCalendarDay(epochMs, timeZone) + 26 * HOUR, timeZone);
}

/** The last `count` calendar days in `timeZone` ('YYYY-MM-DD'), the day of `epochMs` last. */
export function lastCalendarDays(epochMs: number, count: number, timeZone: string): string[] {
  // Counted back from noon, so that a day of 23 or 25 hours does not skip or repeat one.
  const noon = startOfCalendarDay(epochMs, timeZone) + 12 * HOUR;
  return Array.from({ length: count }, (_, i) => calendarDay(noon - (count - 1 - i) * 24 * HOUR, timeZone));
}
