/**
 * 查看打卡记录: the last 14 days of declarations, marking which one counts for each day, the places
 * checked in at (14天内个人到访地), each with the risk level there now, and how the colour changed
 * (赋码记录: each change with its reasons, so a holder can see why they are not green yet).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type DeclarationView } from '../api';
import { DeclarationItem } from '../declaration-item';
import { riskWord, t } from '../i18n';
import { StatusChanges } from '../status-changes';
import { formatInstant } from '../time';
import { lang } from '../prefs';

interface VisitView {
  checkinId: string;
  checkedInAt: number;
  method: 'scan' | 'manual' | 'paper';
  venueName: string;
  regionName: string;
  riskLevel: 'low' | 'medium' | 'high' | null;
}

export function History({ personId }: { personId: string }) {
  const [items, setItems] = useState<DeclarationView[] | null>(null);
  const [visits, setVisits] = useState<VisitView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const failed = (e: unknown) => setError(e instanceof ApiError ? e.message : t('networkError'));
    api<DeclarationView[]>('GET', `/persons/${personId}/declarations`).then(setItems).catch(failed);
    api<VisitView[]>('GET', `/persons/${personId}/visits`).then(setVisits).catch(failed);
  }, [personId, lang.value]);
  return (
    <section class="card">
      <h1>{t('history')}</h1>
      {error && <p class="form-error">{error}</p>}
      {items?.length === 0 && <p class="note">{t('noHistory')}</p>}
      <ol class="history" data-testid="history">
        {items?.map((d) => (
          <DeclarationItem declaration={d} />
        ))}
      </ol>
      <h2>{t('visits')}</h2>
      {visits?.length === 0 && <p class="note">{t('noVisits')}</p>}
      <ol class="history" data-testid="visits">
        {visits?.map((v) => (
          <li class="history-item">
            <div class="history-when">
              {formatInstant(v.checkedInAt)}
              {v.method !== 'scan' && <small>{t('registeredByStaff')}</small>}
            </div>
            <div>{v.venueName}</div>
            <div class="note">
              {v.regionName}
              {v.riskLevel && <strong class={`risk-${v.riskLevel}`}> · {riskWord(v.riskLevel)}</strong>}
            </div>
          </li>
        ))}
      </ol>
      <h2>{t('statusChanges')}</h2>
      <StatusChanges path={`/persons/${personId}/status-history`} />
    </section>
  );
}
