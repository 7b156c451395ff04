/**
 * 关联外省健康码: the holder's codes from other platforms, each with their live colour there, beside this
 * platform's code. A code is linked from a screenshot of it (read here) or its pasted content.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, type NucleicAcidView, type StatusView } from './api';
import { t } from './i18n';
import { qrTextInImage } from './qr-image';
import { NucleicAcidLine, StatusBanner } from './status-badge';

interface LinkedCode {
  id: string;
  issuer: { id: string; name: string };
  linkedAt: number;
  status: StatusView['status'] | null;
  statusLabel: string | null;
  name: string | null;
  nucleicAcid: NucleicAcidView | null;
}

export function LinkedCodes({ personId, timeZone }: { personId: string; timeZone: string }) {
  const [links, setLinks] = useState<LinkedCode[]>([]);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const path = `/persons/${personId}/linked-codes`;
  const load = () => api<LinkedCode[]>('GET', path).then(setLinks).catch(() => undefined);
  useEffect(() => void load(), [personId]);

  const link = async (code: string) => {
    try {
      await api('POST', path, { code });
      setPasted('');
      setError(null);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const linkFromImage = async (file: File | undefined) => {
    if (!file) return;
    const text = await qrTextInImage(file).catch(() => null);
    if (text) await link(text);
    else setError(t('linkNoQr'));
  };
  const unlink = async (id: string) => {
    if (!window.confirm(t('confirmUnlink'))) return;
    await api('DELETE', `${path}/${id}`).catch((e) => setError(errorText(e)));
    await load();
  };

  return (
    <section class="card linked-codes" aria-labelledby="linked-codes-title" data-testid="linked-codes">
      <h2 id="linked-codes-title">{t('linkedTitle')}</h2>
      {links.map((l) => (
        <div class="linked-code" data-issuer={l.issuer.id}>
          <p class="linked-issuer">
            <strong>{l.issuer.name}</strong> {l.name}
          </p>
          {l.status ? (
            <StatusBanner status={{ status: l.status, label: l.statusLabel ?? '' }} />
          ) : (
            <p class="note">{t('linkedUnavailable')}</p>
          )}
          {l.nucleicAcid && <NucleicAcidLine test={l.nucleicAcid} timeZone={timeZone} />}
          <button type="button" class="quiet small" onClick={() => void unlink(l.id)}>
            {t('unlink')}
          </button>
        </div>
      ))}
      <p class="note">{t('linkedNote')}</p>
      <label class="button-like">
        {t('linkFromImage')}
        <input type="file" accept="image/*" class="visually-hidden" data-testid="link-image" onChange={(e) => void linkFromImage(e.currentTarget.files?.[0])} />
      </label>
      <form
        class="link-paste"
        onSubmit={(e) => {
          e.preventDefault();
          if (pasted.trim()) void link(pasted.trim());
        }}
      >
        <input aria-label={t('linkPaste')} placeholder={t('linkPaste')} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
        <button type="submit">{t('linkSubmit')}</button>
      </form>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
