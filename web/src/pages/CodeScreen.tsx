/**
 * 出示码: the code of the chosen person (self or a dependent), with a live clock and the time left so a
 * screenshot is recognisable, refreshed automatically before it expires.
 */
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type CodeView, type PersonForHolder } from '../api';
import { RELATIONSHIP_LABELS, t } from '../i18n';
import { lang } from '../prefs';
import { navigate } from '../router';
import { Clock, useServerClock } from '../clock';
import { HealthInfo, NucleicAcidLine, StatusBanner } from '../status-badge';
import { LinkedCodes } from '../linked-codes';

const REFRESH_BEFORE_EXPIRY_MS = 20_000;
const pad = (n: number) => String(n).padStart(2, '0');

export function CodeScreen({ personId, people }: { personId: string; people: PersonForHolder[] }) {
  const [code, setCode] = useState<CodeView | null>(null);
  const [qrSvg, setQrSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const refreshTimer = useRef<number | undefined>(undefined);
  const now = useServerClock(offset);

  async function load(): Promise<void> {
    try {
      const fresh = await api<CodeView>('GET', `/persons/${personId}/code`);
      setOffset(fresh.serverTime - Date.now());
      // Drawn here, not on the server: every holder's screen refreshes every few minutes.
      setQrSvg(fresh.url ? await QRCode.toString(fresh.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: fresh.qrColour, light: '#ffffff' } }) : null);
      setCode(fresh);
      setError(null);
      window.clearTimeout(refreshTimer.current);
      if (fresh.expiresAt) {
        const wait = Math.max(5_000, fresh.expiresAt - fresh.serverTime - REFRESH_BEFORE_EXPIRY_MS);
        refreshTimer.current = window.setTimeout(load, wait);
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('networkError'));
      refreshTimer.current = window.setTimeout(load, 10_000);
    }
  }

  useEffect(() => {
    setCode(null);
    void load();
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearTimeout(refreshTimer.current);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [personId, lang.value]);

  const secondsLeft = code?.expiresAt ? Math.max(0, Math.floor((code.expiresAt - now.getTime()) / 1000)) : null;
  const person = people.find((p) => p.personId === personId);

  return (
    <div class="stack">
      {people.length > 1 && (
        <nav class="person-tabs" aria-label={t('declaredFor')}>
          {people.map((p) => (
            <button
              type="button"
              class={p.personId === personId ? 'tab active' : 'tab'}
              aria-pressed={p.personId === personId}
              onClick={() => navigate(p.relationship === 'self' ? '/' : `/?person=${p.personId}`)}
            >
              {p.name}
              <small>{RELATIONSHIP_LABELS[p.relationship]?.[lang.value]}</small>
            </button>
          ))}
        </nav>
      )}
      <section class={`card code-card ${code ? `code-${code.status.status}` : ''}`} aria-labelledby="code-title">
        <h1 id="code-title" class="visually-hidden">
          {t('myCode')}
        </h1>
        {error && <p class="form-error">{error}</p>}
        {code ? (
          <>
            <StatusBanner status={code.status} />
            <p class="code-name" data-testid="code-name">
              {code.name}
              {person && person.relationship !== 'self' && <small> · {RELATIONSHIP_LABELS[person.relationship]?.[lang.value]}</small>}
            </p>
            <Clock now={now} timeZone={code.timeZone} />
            <NucleicAcidLine test={code.nucleicAcid} timeZone={code.timeZone} />
            {qrSvg ? (
              <>
                <div class="qr" data-testid="qr" role="img" aria-label={`${code.status.label} QR`} dangerouslySetInnerHTML={{ __html: qrSvg }} />
                <p class="time-left" data-testid="time-left">
                  {secondsLeft === 0 ? (
                    t('refreshing')
                  ) : (
                    <>
                      {t('timeLeft')} {Math.floor((secondsLeft ?? 0) / 60)}:{pad((secondsLeft ?? 0) % 60)}
                    </>
                  )}
                </p>
                <p class="note center">{t('screenshotWarning')}</p>
              </>
            ) : (
              <button type="button" class="primary" onClick={() => navigate(`/declare/${personId}`)}>
                {t('declare')}
              </button>
            )}
          </>
        ) : (
          !error && <p class="loading">{t('working')}</p>
        )}
      </section>
      {code && <HealthInfo status={code.status} personId={personId} />}
      {code && <LinkedCodes personId={personId} timeZone={code.timeZone} />}
      <div class="actions">
        <button type="button" class="primary" onClick={() => navigate(`/declare/${personId}`)}>
          {t('declare')}
        </button>
        <button type="button" onClick={() => navigate('/scan-venue')}>
          {t('scanVenue')}
        </button>
        <button type="button" onClick={() => navigate(`/history/${personId}`)}>
          {t('history')}
        </button>
        <button type="button" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </div>
      <div class="actions">
        <button type="button" class="quiet" onClick={() => navigate(`/paper/${personId}`)}>
          {t('printPaper')}
        </button>
        <button type="button" class="quiet" onClick={() => navigate('/venue')}>
          {t('venue')}
        </button>
        <button type="button" class="quiet" onClick={() => navigate('/dependents')}>
          {t('dependents')}
        </button>
        <button type="button" class="quiet" onClick={() => navigate('/risk-areas')}>
          {t('riskAreasTitle')}
        </button>
        <button type="button" class="quiet" onClick={() => navigate('/rules')}>
          {t('rulesTitle')}
        </button>
        <button type="button" class="quiet" onClick={() => navigate('/account')}>
          {t('account')}
        </button>
      </div>
    </div>
  );
}
