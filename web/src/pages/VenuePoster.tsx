/** The printable venue poster (A4): name, QR, and the three steps for visitors in Chinese with English below. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type VenueCodeView } from '../api';
import { t } from '../i18n';

const STEPS = [
  { zh: '打开微信“扫一扫”或手机相机', en: 'Open WeChat “Scan” or your phone camera' },
  { zh: '扫描上方场所码，登录健康码完成登记', en: 'Scan the code above and sign in to check in' },
  { zh: '向工作人员出示登记成功页面', en: 'Show the check-in pass to the staff' },
];

/** Draws the poster on a canvas (QR from its SVG) and downloads it as PNG. */
async function downloadPng(code: VenueCodeView): Promise<void> {
  const width = 1240;
  const height = 1754; // A4 at 150 dpi
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#0b7a3e';
  g.fillRect(0, 0, width, 180);
  g.fillStyle = '#ffffff';
  g.textAlign = 'center';
  g.font = 'bold 84px sans-serif';
  g.fillText('场所码 Venue code', width / 2, 125);
  g.fillStyle = '#1d1d1f';
  g.font = 'bold 64px sans-serif';
  g.fillText(code.venue.name, width / 2, 300);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.qrSvg)}`;
  await image.decode();
  g.drawImage(image, (width - 760) / 2, 360, 760, 760);
  g.textAlign = 'left';
  STEPS.forEach((step, i) => {
    const y = 1240 + i * 150;
    g.font = 'bold 46px sans-serif';
    g.fillText(`${i + 1}. ${step.zh}`, 120, y);
    g.font = '34px sans-serif';
    g.fillStyle = '#5f6368';
    g.fillText(step.en, 170, y + 50);
    g.fillStyle = '#1d1d1f';
  });
  const link = document.createElement('a');
  link.download = `venue-code-${code.venue.name}.png`;
  link.href = canvas.toDataURL('image/png');
  link.click();
}

export function VenuePoster() {
  const [code, setCode] = useState<VenueCodeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<VenueCodeView>('GET', '/venues/mine/poster')
      .then(setCode)
      .catch((e) => setError(e instanceof ApiError ? e.message : t('networkError')));
  }, []);
  if (error) return <p class="form-error">{error}</p>;
  if (!code) return <p class="loading">{t('working')}</p>;
  return (
    <div class="stack">
      <div class="card no-print actions">
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('printPdf')}
        </button>
        <button type="button" onClick={() => void downloadPng(code)}>
          {t('downloadPng')}
        </button>
      </div>
      <article class="poster" data-testid="poster">
        <header class="poster-head">场所码 · Venue code</header>
        <h1 class="poster-name">{code.venue.name}</h1>
        <div class="poster-qr" data-testid="poster-qr" dangerouslySetInnerHTML={{ __html: code.qrSvg }} />
        <ol class="poster-steps">
          {STEPS.map((step) => (
            <li>
              <strong>{step.zh}</strong>
              <span>{step.en}</span>
            </li>
          ))}
        </ol>
        <footer class="poster-foot">{code.venue.address}</footer>
      </article>
    </div>
  );
}
