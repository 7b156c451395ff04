/**
 * 扫场所码: the holder scans a venue's code from inside the app (installed, there is no WeChat 扫一扫 at
 * hand) and lands on its check-in, as the phone's camera would have opened it. A health code or anything
 * else is named for what it is, and scanning goes on.
 */
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { useQrCamera } from '../qr-camera';
import { navigate } from '../router';

/** The check-in path a venue code's URL leads to (any host: the server judges the token), or null. */
export function venueCheckInPath(scanned: string): string | null {
  const match = /\/c\/([A-Za-z0-9._~-]+)$/.exec(scanned.trim());
  return match ? `/c/${match[1]}` : null;
}

export function ScanVenue() {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useQrCamera({
    video,
    canvas,
    onRead: (text) => {
      const path = venueCheckInPath(text);
      if (path) navigate(path);
      else setProblem(t(/\/v\/[^/]+$/.test(text.trim()) ? 'scannedHealthCode' : 'notVenueCode'));
    },
    onUnavailable: () => setProblem(t('venueCameraUnavailable')),
  });
  return (
    <section class="card scan">
      <h1>{t('scanVenue')}</h1>
      <div class="viewfinder">
        <video ref={video} muted playsInline aria-label={t('scanVenueHint')} />
        <canvas ref={canvas} hidden />
        <span class="viewfinder-hint">{t('scanVenueHint')}</span>
      </div>
      {problem && (
        <p class="form-error" role="alert" data-testid="scan-venue-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
