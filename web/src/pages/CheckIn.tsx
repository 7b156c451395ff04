/**
 * What a venue code opens (/c/<token>): the holder is checked in at once and sees a full-screen pass for
 * the guard (venue, live clock, colour in colour + words + icon, masked name), shown only once stored.
 * Dependents can be checked in from the same pass.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type PassView, type PersonForHolder } from '../api';
import { Clock, useServerClock } from '../clock';
import { t } from '../i18n';
import { navigate, route } from '../router';
import { PassEntryWords } from '../status-badge';

export function CheckInPreview({ token }: { token: string }) {
  const [venue, setVenue] = useState<{ name: string; address: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ name: string; address: string }>('GET', `/venue-codes/${encodeURIComponent(token)}`)
      .then(setVenue)
      .catch((e) => setError(e instanceof ApiError ? e.message : t('networkError')));
  }, [token]);
  return (
    <section class="card">
      <h1>{venue?.name ?? t('venue')}</h1>
      {venue && <p class="note">{venue.address}</p>}
      {error && <p class="form-error">{error}</p>}
      {!error && (
        <button type="button" class="primary" onClick={() => navigate(`/sign-in?next=${encodeURIComponent(route.value)}`)}>
          {t('signInToCheckIn')}
        </button>
      )}
    </section>
  );
}

export function CheckIn({ token, self, people }: { token: string; self: string; people: PersonForHolder[] }) {
  const [pass, setPass] = useState<PassView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const started = useRef(false);
  const now = useServerClock(offset);

  async function checkIn(personIds: string[]): Promise<void> {
    try {
      const result = await api<PassView>('POST', '/checkins', { venueCode: token, personIds });
      setOffset(result.serverTime - Date.now());
      setPass((current) => (current ? { ...result, entries: [...current.entries, ...result.entries] } : result));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('networkError'));
    }
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void checkIn([self]);
  }, [token]);

  if (error && !pass) {
    return (
      <section class="card">
        <h1>{t('venue')}</h1>
        <p class="form-error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!pass) return <p class="loading">{t('working')}</p>;
  const checkedIn = new Set(pass.entries.map((e) => e.personId));
  const family = people.filter((p) => p.relationship !== 'self' && !checkedIn.has(p.personId));
  const allMayEnter = pass.entries.every((e) => e.mayEnter);
  return (
    <div class={`pass ${allMayEnter ? 'pass-ok' : 'pass-stop'}`} data-testid="pass">
      <p class="pass-title">{t('checkedIn')}</p>
      <h1 class="pass-venue" data-testid="pass-venue">
        {pass.venue.name}
      </h1>
      <Clock now={now} timeZone={pass.timeZone} />
      <ul class="pass-entries">
        {pass.entries.map((entry) => (
          <li class={`pass-entry status-${entry.status}`} data-status={entry.status}>
            <PassEntryWords entry={entry} />
          </li>
        ))}
      </ul>
      {error && <p class="form-error">{error}</p>}
      {family.length > 0 && (
        <div class="pass-family">
          <p>{t('addFamily')}</p>
          {family.map((p) => (
            <button type="button" onClick={() => void checkIn([p.personId])}>
              {t('checkInFor')} {p.name}
            </button>
          ))}
        </div>
      )}
      {/* The pass covers the whole screen; installed as an app, a phone shows no back button to leave it by. */}
      <button type="button" class="pass-done" onClick={() => navigate('/', true)}>
        {t('done')}
      </button>
    </div>
  );
}
