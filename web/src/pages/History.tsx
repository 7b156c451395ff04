/** 查看打卡记录: the last 14 days of declarations, marking which one counts for each day. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type DeclarationView } from '../api';
import { SYMPTOM_OPTIONS, t } from '../i18n';
import { lang } from '../prefs';
import { formatInstant } from '../time';

export function History({ personId }: { personId: string }) {
  const [items, setItems] = useState<DeclarationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<DeclarationView[]>('GET', `/persons/${personId}/declarations`)
      .then(setItems)
      .catch((e) => setError(e instanceof ApiError ? e.message : t('networkError')));
  }, [personId]);
  const symptomName = (value: string) => SYMPTOM_OPTIONS.find((o) => o.value === value)?.[lang.value] ?? value;
  return (
    <section class="card">
      <h1>{t('history')}</h1>
      {error && <p class="form-error">{error}</p>}
      {items?.length === 0 && <p class="note">{t('noHistory')}</p>}
      <ol class="history" data-testid="history">
        {items?.map((d) => (
          <li class={d.counts ? 'history-item' : 'history-item superseded'}>
            <div class="history-when">
              {formatInstant(d.declaredAt)}
              <small>{d.counts ? t('counts') : t('superseded')}</small>
            </div>
            <div>
              {d.temperature.toFixed(1)}℃ · {d.symptoms.length ? d.symptoms.map(symptomName).join('、') : t('noSymptoms')}
            </div>
            <div class="note">{d.regionName}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
