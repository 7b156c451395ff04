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

/** 'YYYY-MM-DD' of an instant in `timeZone`. */
export function calendarDay(epochMs: number, timeZone: string): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}
