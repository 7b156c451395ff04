/**
 * One health declaration in a list: when, whether it counts for its day, temperature and symptoms, where
 * and the risk level there now (健康打卡城市防疫风险等级), and whether the authority found it false (不实申报). The holder's 查看打卡记录 and the console's 人员查询
 * show it alike; the console adds its action as children.
 */
import type { ComponentChildren } from 'preact';
import type { DeclarationView } from './api';
import { bracketed, listed, riskWord, SYMPTOM_OPTIONS, t } from './i18n';
import { lang } from './prefs';
import { formatInstant } from './time';

export function DeclarationItem({ declaration: d, children }: { declaration: Omit<DeclarationView, 'address'>; children?: ComponentChildren }) {
  const symptomName = (value: string) => SYMPTOM_OPTIONS.find((o) => o.value === value)?.[lang.value] ?? value;
  return (
    <li class={d.counts ? 'history-item' : 'history-item superseded'} data-declaration={d.id}>
      <div class="history-when">
        {formatInstant(d.declaredAt)}
        <small>{d.counts ? t('counts') : t('superseded')}</small>
      </div>
      <div>
        {d.temperature.toFixed(1)}℃ · {d.symptoms.length ? listed(d.symptoms.map(symptomName)) : t('noSymptoms')}
      </div>
      <div class="note">
        {d.regionName}
        {d.riskLevel && <strong class={`risk-${d.riskLevel}`}> · {riskWord(d.riskLevel)}</strong>}
      </div>
      {d.markedFalseAt !== null && (
        <div class="status-word status-word-red" data-testid="marked-false">
          {t('markedFalse')}
          {bracketed(formatInstant(d.markedFalseAt))}
        </div>
      )}
      {children}
    </li>
  );
}
