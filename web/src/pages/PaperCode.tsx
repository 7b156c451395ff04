/** 纸质码/爱心码: a print layout (A6 card or A4 sheet) of a paper code valid for days. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type StatusView } from '../api';
import { t } from '../i18n';
import { formatInstant } from '../time';

interface PaperCodeView {
  id: string;
  name: string;
  status: StatusView;
  qrSvg: string;
  issuedAt: number;
  expiresAt: number;
}

export function PaperCode({ personId }: { personId: string }) {
  const [paper, setPaper] = useState<PaperCodeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<'a6' | 'a4'>('a6');

  useEffect(() => {
    api<PaperCodeView>('POST', `/persons/${personId}/paper-codes`, {})
      .then(setPaper)
      .catch((e) => setError(e instanceof ApiError ? e.message : t('networkError')));
  }, [personId]);
  useEffect(() => {
    document.documentElement.dataset.paper = size;
    return () => void delete document.documentElement.dataset.paper;
  }, [size]);

  if (error) return <p class="form-error">{error}</p>;
  if (!paper) return <p class="loading">{t('working')}</p>;
  const until = formatInstant(paper.expiresAt);
  return (
    <div class="stack">
      <div class="card no-print actions">
        <label>
          {t('paperSize')}{' '}
          <select value={size} onChange={(e) => setSize(e.currentTarget.value as 'a6' | 'a4')}>
            <option value="a6">A6</option>
            <option value="a4">A4</option>
          </select>
        </label>
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      <article class={`paper-code paper-${size}`} data-testid="paper-code">
        <h1>{t('paperTitle')}</h1>
        <p class="paper-name">{paper.name}</p>
        <div class="qr" dangerouslySetInnerHTML={{ __html: paper.qrSvg }} />
        <p>
          {t('paperValidUntil')} {until}
        </p>
        <p class="paper-id">No. {paper.id}</p>
        <p class="note">{t('paperNote')}</p>
      </article>
    </div>
  );
}
