/** A live clock with seconds in the platform's time zone, corrected by the server's time: screenshots go stale. */
import { useEffect, useState } from 'preact/hooks';

export function useServerClock(offsetMs: number): Date {
  const [now, setNow] = useState(() => new Date(Date.now() + offsetMs));
  useEffect(() => {
    const tick = () => setNow(new Date(Date.now() + offsetMs));
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [offsetMs]);
  return now;
}

export function Clock({ now, timeZone }: { now: Date; timeZone: string }) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return (
    <div class="clock" aria-live="off">
      <span class="clock-date">{`${parts.year}-${parts.month}-${parts.day}`}</span>{' '}
      <span class="clock-time" data-testid="clock">{`${parts.hour}:${parts.minute}:${parts.second}`}</span>
    </div>
  );
}
