/**
 * 中高风险地区查询: the medium- and high-risk areas in force now, for anyone, signed in or not, so that a
 * trip can be weighed before it is made; narrowed by typing part of a place's name.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { t } from '../i18n';
import { announcedTimeZone, formatInstant } from '../time';
import { lang } from '../prefs';

interface RiskAreaView {
  regionCode: string;
  regionName: string;
  level: 'high' | 'medium';
  validFrom: number;
  validTo: number | null;
}

export function RiskAreaQuery() {
  const [list, setList] = useState<{ at: number; timeZone: string; areas: RiskAreaView[] } | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ at: number; timeZone: string; areas: RiskAreaView[] }>('GET', '/risk-areas')
      .then((found) => {
        announcedTimeZone.value = found.timeZone;
        setList(found);
      })
      .catch((e) => setError(errorText(e)));
  }, [lang.value]);
  // A place is typed as it is written or in lower case (baoding for Baoding).
  const shown = list?.areas.filter((a) => a.regionName.toLowerCase().includes(filter.trim().toLowerCase())) ?? [];
  return (
    <section class="card">
      <h1>{t('riskAreasTitle')}</h1>
      {list && <p class="note">{t('riskAreasAsOf').replace('{time}', formatInstant(list.at))}</p>}
      {error && <p class="form-error">{error}</p>}
      {list && list.areas.length === 0 && <p data-testid="no-risk-areas">{t('riskAreasNone')}</p>}
      {list && list.areas.length > 0 && (
        <>
          <label>
            {t('riskAreasFilter')} <input value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
          </label>
          {(['high', 'medium'] as const).map((level) => {
            const areas = shown.filter((a) => a.level === level);
            return (
              <section class="risk-group" data-testid={`risk-${level}`}>
                <h2 class={`risk-${level}`}>
                  {t(level === 'high' ? 'riskAreasHigh' : 'riskAreasMedium')} ({areas.length})
                </h2>
                <ul class="history">
                  {areas.map((a) => (
                    <li class="history-item">
                      <div>{a.regionName}</div>
                      <div class="note">
                        {t('riskAreasSince').replace('{time}', formatInstant(a.validFrom))}
                        {a.validTo !== null && ` — ${formatInstant(a.validTo)}`}
                      </div>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}
