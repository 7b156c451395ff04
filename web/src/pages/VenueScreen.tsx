/** A screen at the entrance showing the venue's rotating code, refreshed every rotation. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type VenueCodeView } from '../api';
import { Clock, useServerClock } from '../clock';
import { t } from '../i18n';
import { platformTimeZone } from '../time';

export function VenueScreen() {
  const [code, setCode] = useState<VenueCodeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const now = useServerClock(offset);
  useEffect(() => {
    let timer: number | undefined;
    const load = async () => {
      try {
        const fresh = await api<VenueCodeView>('GET', '/venues/mine/screen-code');
        setOffset((fresh.serverTime ?? Date.now()) - Date.now());
        setCode(fresh);
        setError(null);
        // Fetch the next code shortly after the current rotation ends (validUntil covers this one and the next).
        const rotation = ((fresh.validUntil ?? 0) - (fresh.serverTime ?? 0)) / 2;
        timer = window.setTimeout(load, Math.max(2_000, Math.min(rotation, 30_000)));
      } catch (e) {
        setError(e instanceof ApiError ? e.message : t('networkError'));
        timer = window.setTimeout(load, 5_000);
      }
    };
    void load();
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <div class="venue-screen">
      {error && <p class="form-error">{error}</p>}
      {code && (
        <>
          <h1>{code.venue.name}</h1>
          <div class="poster-qr" data-testid="screen-qr" dangerouslySetInnerHTML={{ __html: code.qrSvg }} />
          <Clock now={now} timeZone={code.timeZone ?? platformTimeZone.value} />
          <p class="note">{t('posterStep2')}</p>
        </>
      )}
    </div>
  );
}
