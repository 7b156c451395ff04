/**
 * 扫描码: the verifier's scan page. The camera is read frame by frame (jsQR); a code can also be typed or
 * pasted. Online, the server verifies and records the check; when the network is gone, the code is
 * verified here against the cached trust list, marked 离线核验, and queued for upload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, session, sessionFromDevice, type NucleicAcidView } from '../api';
import { readJson, writeJson } from '../device-storage';
import { colourName, t } from '../i18n';
import { trustListIsStale, verifyOffline, type TrustList } from '../offline-verify';
import { NucleicAcidLine, STATUS_ICONS } from '../status-badge';
import { keepScreenAwake, playSound, soundFor, unlockSound } from '../kiosk';
import { navigate, route } from '../router';
import { useQrCamera } from '../qr-camera';
import { formatInstant } from '../time';

interface Shown {
  mode: 'online' | 'offline';
  result: string;
  message: string;
  status: 'green' | 'yellow' | 'red' | 'pending' | null;
  statusLabel: string | null;
  statusSource: 'live' | 'token' | null;
  kindLabel: string;
  name: string | null;
  idNumber: string | null;
  reasons: string[];
  nucleicAcid: NucleicAcidView | null;
  issuer: { id: string; name: string } | null;
  checkedAt: number;
}

interface QueuedCheck {
  id: string;
  token: string;
  checkedAt: number;
  /**
   * The account that made the check: only it uploads the check, as its own, so that a device handed to
   * another verifier does not record the first one's checks as theirs. (Absent in queues kept before.)
   */
  accountId?: string;
}

const madeBy = (check: QueuedCheck, accountId: string | undefined) => (check.accountId ?? accountId) === accountId;

const TRUST_KEY = 'hc.trustList';
const QUEUE_KEY = 'hc.offlineChecks';
const TRUST_REFRESH_MS = 10 * 60_000;
/**
 * Checks sent per upload. The server takes at most 500 at once, and a request body of 64 KB by default
 * (HEALTHCODE_BODY_LIMIT_BYTES), about 150 checks of real codes: a queue sent whole past either was refused
 * every time, and nothing of it ever arrived.
 */
const UPLOAD_BATCH = 100;
/** The server refuses checks older than this (OFFLINE_MAX_AGE_MS): one of them in a batch would have it refused whole, every time. */
const UPLOAD_MAX_AGE_MS = 7 * 86_400_000;

// Offline the server cannot word the result, so the page does (the same words as the server's).
const OFFLINE_WORDS = { valid: 'offlineValid', expired: 'offlineExpired', invalid: 'offlineInvalid', untrusted: 'offlineUntrusted' } as const;

// Kiosk mode: a result stays up this long, then scanning goes on by itself; the code just checked, still
// in front of the camera, is not checked again until this long after its result went away.
const KIOSK_RESULT_MS = { pass: 1500, caution: 3000, stop: 4000 } as const;
const KIOSK_SAME_CODE_MS = 5000;

export function Scan({ initialToken }: { initialToken?: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const busy = useRef(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [cameraError, setCameraError] = useState(false);
  const [typed, setTyped] = useState('');
  const [queue, setQueue] = useState<QueuedCheck[]>(() => readJson(QUEUE_KEY, []));
  const [trust, setTrust] = useState<TrustList | null>(() => readJson<TrustList | null>(TRUST_KEY, null));
  const [now, setNow] = useState(Date.now());
  const kiosk = new URLSearchParams(route.value.split('?')[1] ?? '').get('kiosk') === '1';
  const kioskRef = useRef(kiosk);
  kioskRef.current = kiosk;
  const lastScanned = useRef<{ text: string; until: number } | null>(null);

  /** Changes the stored queue (read afresh: an upload may be under way) and what the page shows of it. */
  const updateQueue = (change: (queue: QueuedCheck[]) => QueuedCheck[]) => {
    const next = change(readJson<QueuedCheck[]>(QUEUE_KEY, []));
    writeJson(QUEUE_KEY, next);
    setQueue(next);
    return next;
  };
  const enqueue = (check: QueuedCheck) => updateQueue((queue) => [...queue, check]);

  async function upload(): Promise<void> {
    const me = session.value?.accountId;
    const oldest = Date.now() - UPLOAD_MAX_AGE_MS;
    const pending = updateQueue((queue) => queue.filter((check) => check.checkedAt >= oldest)).filter((check) => madeBy(check, me));
    for (let start = 0; start < pending.length; start += UPLOAD_BATCH) {
      const batch = pending.slice(start, start + UPLOAD_BATCH);
      try {
        await api('POST', '/verifications/offline', { checks: batch.map(({ id, token, checkedAt }) => ({ id, token, checkedAt })) });
      } catch {
        return; // still offline: kept for the next attempt
      }
      const sent = new Set(batch.map((c) => c.id));
      updateQueue((queue) => queue.filter((check) => !sent.has(check.id)));
    }
  }

  async function refreshTrust(): Promise<void> {
    try {
      const fresh = await api<TrustList>('GET', '/trust-list');
      writeJson(TRUST_KEY, fresh);
      setTrust(fresh);
    } catch {
      /* offline: the cached list stays */
    }
  }

  async function check(scanned: string): Promise<void> {
    if (busy.current) return;
    if (kioskRef.current && lastScanned.current?.text === scanned && Date.now() < lastScanned.current.until) return;
    busy.current = true;
    lastScanned.current = { text: scanned, until: Infinity };
    const checkedAt = Date.now();
    try {
      const outcome = await api<Omit<Shown, 'mode'>>('POST', '/verifications', { token: scanned }, { retryWhenBusy: false });
      setShown({ ...outcome, mode: 'online' });
      void upload();
    } catch (error) {
      // Unreachable or overloaded, the server did not check the code: it is checked here, and uploaded later.
      if (error instanceof ApiError && error.status !== 0 && error.code !== 'OVERLOADED') {
        setShown({ mode: 'online', result: 'invalid', message: error.message, status: null, statusLabel: null, statusSource: null, kindLabel: '', name: null, idNumber: null, reasons: [], nucleicAcid: null, issuer: null, checkedAt });
        return;
      }
      const list = readJson<TrustList | null>(TRUST_KEY, null);
      const outcome = list ? await verifyOffline(scanned, list, checkedAt) : null;
      enqueue({ id: `${checkedAt.toString(36)}-${Math.random().toString(36).slice(2, 10)}`, token: scanned, checkedAt, accountId: session.value?.accountId });
      setShown({
        mode: 'offline',
        result: outcome?.result ?? 'untrusted',
        message: t(OFFLINE_WORDS[outcome?.result ?? 'untrusted']),
        status: outcome?.result === 'valid' ? outcome.status : null,
        statusLabel: outcome?.result === 'valid' && outcome.status ? colourName(outcome.status) : null,
        statusSource: 'token',
        kindLabel: outcome?.kind === 'paper' ? t('paperCode') : '',
        name: outcome?.name ?? null,
        idNumber: null,
        reasons: [],
        nucleicAcid: null,
        issuer: outcome?.issuer ?? null,
        checkedAt,
      });
    } finally {
      busy.current = false;
    }
  }

  useEffect(() => {
    void refreshTrust();
    void upload();
    if (initialToken) void check(initialToken);
    const onOnline = () => (void upload(), void refreshTrust());
    window.addEventListener('online', onOnline);
    const timers = [setInterval(() => void refreshTrust(), TRUST_REFRESH_MS), setInterval(() => (setNow(Date.now()), void upload()), 15_000)];
    return () => {
      window.removeEventListener('online', onOnline);
      timers.forEach(clearInterval);
    };
  }, []);

  // The camera, read while no result is shown and no check is under way.
  useQrCamera({ video, canvas, paused: () => shownRef.current !== null || busy.current, onRead: (text) => void check(text), onUnavailable: () => setCameraError(true) });

  const shownRef = useRef<Shown | null>(null);
  shownRef.current = shown;

  // In kiosk mode each result is heard, then put away by itself.
  const sound = shown ? soundFor(shown.result, shown.status) : null;
  useEffect(() => {
    if (!kiosk || !shown || !sound) return;
    playSound(sound);
    const timer = window.setTimeout(() => setShown(null), KIOSK_RESULT_MS[sound]);
    return () => {
      window.clearTimeout(timer);
      if (lastScanned.current) lastScanned.current.until = Date.now() + KIOSK_SAME_CODE_MS;
    };
  }, [shown, kiosk]);

  useEffect(() => {
    if (!kiosk) return;
    const release = keepScreenAwake();
    return () => void release.then((letSleep) => letSleep());
  }, [kiosk]);

  const startKiosk = () => {
    unlockSound();
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
    navigate('/scan?kiosk=1');
  };
  const stopKiosk = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    navigate('/scan');
  };

  const stale = trust && trustListIsStale(trust, now);
  const mine = queue.filter((check) => madeBy(check, session.value?.accountId));
  const refused = shown && shown.result !== 'valid';
  const colour = refused ? 'refused' : (shown?.status ?? 'pending');

  return (
    <div class={kiosk ? 'stack scan kiosk' : 'stack scan'}>
      <section class="card">
        <h1>{kiosk ? t('kioskStart') : t('scan')}</h1>
        {kiosk && <p class="kiosk-hint">{t('kioskHint')}</p>}
        <div class="viewfinder">
          <video ref={video} muted playsInline aria-label={t('scanHint')} />
          <canvas ref={canvas} hidden />
          <span class="viewfinder-hint">{t('scanHint')}</span>
        </div>
        {cameraError && <p class="note">{t('cameraUnavailable')}</p>}
        {!kiosk && (
          <form
            class="paste"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim()) void check(typed.trim());
            }}
          >
            <label for="scan-input">{t('pasteLabel')}</label>
            <div class="paste-row">
              <input id="scan-input" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
              <button type="submit">{t('verify')}</button>
            </div>
          </form>
        )}
        <div class="actions">
          <button type="button" class="quiet" onClick={kiosk ? stopKiosk : startKiosk}>
            {kiosk ? t('kioskStop') : t('kioskStart')}
          </button>
          {!kiosk && !sessionFromDevice.value && (
            // At the end of a shift the verifier signs out here; the scan page is their home, with no other way there.
            // Opened offline, the account page is out of reach: signing out needs the server.
            <button type="button" class="quiet" onClick={() => navigate('/account')}>
              {t('account')}
            </button>
          )}
        </div>
        <p class="note" data-testid="scan-state">
          {navigator.onLine ? t('online') : t('offline')}
          {mine.length > 0 && ` · ${mine.length} ${t('pendingUploads')}`}
        </p>
        {!trust && <p class="form-error">{t('noTrustList')}</p>}
        {stale && <p class="form-error">{t('trustListStale').replace('{hours}', String(Math.round(trust.maxAgeSeconds / 3600)))}</p>}
      </section>
      {shown && (
        <div class={`scan-result result-${colour}`} role="alertdialog" aria-live="assertive" data-testid="scan-result" data-result={shown.result} data-status={shown.status ?? ''} data-mode={shown.mode} data-sound={kiosk ? sound : undefined}>
          <div class="result-icon" aria-hidden="true">
            {refused ? '✖' : STATUS_ICONS[shown.status ?? 'pending']}
          </div>
          <div class="result-words">{refused ? shown.message : shown.statusLabel}</div>
          {shown.kindLabel && <div class="result-kind">{shown.kindLabel}</div>}
          {shown.name && (
            <div class="result-person">
              {shown.name} {shown.idNumber}
            </div>
          )}
          {shown.nucleicAcid && <NucleicAcidLine test={shown.nucleicAcid} />}
          {shown.reasons.length > 0 && (
            <ul class="result-reasons">
              {shown.reasons.map((r) => (
                <li>{r}</li>
              ))}
            </ul>
          )}
          <dl class="result-facts">
            <dt>{t('issuer')}</dt>
            <dd>{shown.issuer?.name ?? '—'}</dd>
            <dt>{t('checkedAt')}</dt>
            <dd>{formatInstant(shown.checkedAt, 'time')}</dd>
          </dl>
          <div class="result-mode" data-testid="result-mode">
            {shown.mode === 'online' ? t('online') : t('offline')}
          </div>
          {shown.mode === 'offline' && <p class="result-note">{t('offlineNote')}</p>}
          {shown.mode === 'online' && shown.statusSource === 'token' && <p class="result-note">{t('statusFromToken')}</p>}
          <button type="button" class="next" onClick={() => setShown(null)}>
            {t('nextScan')}
          </button>
        </div>
      )}
    </div>
  );
}
