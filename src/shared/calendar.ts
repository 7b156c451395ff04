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

/** The instant the calendar day of `epochMs` began in `timeZone` (its local midnight). */
export function startOfCalendarDay(epochMs: number, timeZone: string): number {
  const midnightUtc = Date.parse(`${calendarDay(epochMs, timeZone)}T00:00:00Z`);
  // Twice, in case the offset at the guess differs from the offset at midnight (a daylight-saving change).
  const guess = midnightUtc - offsetAt(midnightUtc, timeZone);
  return midnightUtc - offsetAt(guess, timeZone);
}

/** The instant the next calendar day begins; days are 23 to 25 hours long where clocks change. */
export function startOfNextCalendarDay(epochMs: number, timeZone: string): number {
  return startOfCalendarDay(startOfCalendarDay(epochMs, timeZone) + 26 * HOUR, timeZone);
}
