/** Colour is never the only signal: every status is shown as colour, icon and words together. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type NucleicAcidView, type PassView, type StatusView } from './api';
import { colon, t } from './i18n';
import { lang } from './prefs';

interface Appeal {
  id: string;
  factId: string;
  message: string;
  outcome: 'accepted' | 'rejected' | null;
  outcomeReason: string | null;
}

const APPEAL_WORDS = {
  file: 'appealFile',
  placeholder: 'appealPlaceholder',
  submit: 'appealSubmit',
  mine: 'appealMine',
  pending: 'appealPending',
  accepted: 'appealAccepted',
  rejected: 'appealRejected',
} as const;

/** 纠错: dispute the fact behind a reason, and see what became of earlier disputes. */
function useAppeals({ personId, status }: { personId: string; status: StatusView }) {
  const [appeals, setAppeals] = useState<Appeal[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => api<Appeal[]>('GET', `/persons/${personId}/appeals`).then(setAppeals).catch(() => undefined);
  useEffect(() => void load(), [personId, status.computedAt]);
  const words = (key: keyof typeof APPEAL_WORDS) => t(APPEAL_WORDS[key]);
  const file = async (appealable: { factType: string; factId: string }) => {
    try {
      await api('POST', `/persons/${personId}/appeals`, { ...appealable, message });
      setOpen(null);
      setMessage('');
      setError(null);
      void load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return { appeals, open, setOpen, message, setMessage, error, file, words };
}

export const STATUS_ICONS: Record<StatusView['status'], string> = { green: '✔', yellow: '!', red: '✖', pending: '…' };

export function StatusBanner({ status }: { status: Pick<StatusView, 'status' | 'label'> }) {
  return (
    <div class={`status-banner status-${status.status}`} role="status" data-status={status.status}>
      <span class="status-icon" aria-hidden="true">
        {STATUS_ICONS[status.status]}
      </span>
      <span class="status-label">{status.label}</span>
    </div>
  );
}

export function HealthInfo({ status, personId }: { status: StatusView; personId: string }) {
  const clear = status.status === 'green';
  const appeals = useAppeals({ personId, status });
  return (
    <section class="card health-info" aria-labelledby="health-info-title" data-testid="health-info">
      <h2 id="health-info-title" class={clear ? 'headline-clear' : 'headline-prompts'}>
        {status.headline}
      </h2>
      {status.reasons.length > 0 && (
        <ol class="reasons">
          {status.reasons.map((reason) => (
            <li class={`reason reason-${reason.status}`}>
              <strong>{reason.text}</strong>
              <span class="reason-clears">{reason.clears}</span>
              {reason.appealable && !appeals.appeals.some((a) => a.factId === reason.appealable!.factId && a.outcome === null) && (
                <>
                  <button type="button" class="quiet small" onClick={() => appeals.setOpen(reason.appealable!.factId)}>
                    {appeals.words('file')}
                  </button>
                  {appeals.open === reason.appealable.factId && (
                    <div class="appeal-form">
                      <textarea rows={2} value={appeals.message} aria-label={appeals.words('file')} placeholder={appeals.words('placeholder')} onInput={(e) => appeals.setMessage(e.currentTarget.value)} />
                      {appeals.error && <p class="form-error">{appeals.error}</p>}
                      <button type="button" class="primary" onClick={() => void appeals.file(reason.appealable!)}>
                        {appeals.words('submit')}
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {appeals.appeals.length > 0 && (
        <div class="my-appeals" data-testid="my-appeals">
          <h3>{appeals.words('mine')}</h3>
          {appeals.appeals.map((a) => (
            <p>
              {a.message} — <strong>{appeals.words(a.outcome ?? 'pending')}</strong>
              {a.outcomeReason && `${colon()}${a.outcomeReason}`}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

/** The line checkpoints read beside the colour: the latest test's result and age, with when it was sampled. */
export function NucleicAcidLine({ test, timeZone }: { test: NucleicAcidView; timeZone?: string }) {
  const sampled = test.sampledAt
    ? new Date(test.sampledAt).toLocaleString(lang.value, { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    : null;
  return (
    <p class={`nucleic-acid nucleic-acid-${test.line}`} data-testid="nucleic-acid" data-line={test.line}>
      <strong>{test.label}</strong>
      {sampled && (
        <small>
          {' '}
          · {t('sampledAt')} {sampled}
        </small>
      )}
    </p>
  );
}

/** One person on a check-in pass, for the guard to read: icon, masked name, colour in words, and whether they may enter. */
export function PassEntryWords({ entry }: { entry: PassView['entries'][number] }) {
  return (
    <>
      <span class="status-icon" aria-hidden="true">
        {STATUS_ICONS[entry.status]}
      </span>
      <span class="pass-name">{entry.name}</span>
      <span class="pass-label">{entry.statusLabel}</span>
      <span class="pass-verdict">{entry.mayEnter ? t('mayEnter') : t('mayNotEnter')}</span>
    </>
  );
}
