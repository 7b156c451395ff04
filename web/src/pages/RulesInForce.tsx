/**
 * 赋码规则: the rules that decide everyone's colour, as in force now, and the limits residents meet (how
 * often to declare, to file a correction, how many people to hold codes for); for anyone, signed in or not.
 * The thresholds are the published rule set's, named as the console's rule form names them.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { colon, colourName, listed, t, w } from '../i18n';
import { CHOICES, NUMBERS, POPUP_NUMBERS, POPUPS, valueAt, type Definition } from '../rule-fields';
import { announcedTimeZone, formatInstant } from '../time';

interface RulesView {
  version: string;
  effectiveFrom: number;
  timeZone: string;
  definition: Definition;
  limits: { declarationsPerDay: number; appealsPerDay: number; maxDependents: number; maxGuardians: number };
}

export function RulesInForce() {
  const [rules, setRules] = useState<RulesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<RulesView>('GET', '/rules')
      .then((found) => {
        announcedTimeZone.value = found.timeZone;
        setRules(found);
      })
      .catch((e) => setError(errorText(e)));
  }, []);
  if (error) return <p class="form-error">{error}</p>;
  if (!rules) return <p class="loading">{t('working')}</p>;
  const { definition, limits } = rules;
  const row = (label: [string, string], value: string) => (
    <>
      <dt>{w(...label)}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <section class="card" data-testid="rules-in-force">
      <h1>{t('rulesTitle')}</h1>
      <p class="note">
        {t('rulesVersion')}
        {colon()}
        {rules.version}
        {/* The baseline set is in force from the start (time 0): no date to give. */}
        {rules.effectiveFrom > 0 && ` · ${t('rulesSince').replace('{time}', formatInstant(rules.effectiveFrom))}`}
      </p>
      <p>{t('colourLegend')}</p>
      <p>{t('rulesCauses')}</p>
      <dl class="facts" data-testid="rule-thresholds">
        {NUMBERS.map((n) => row(n.label, `${String(valueAt(definition, n.field))} ${w(...n.unit)}`))}
        {CHOICES.map((c) => {
          const chosen = (valueAt(definition, c.field) as string[] | undefined) ?? [];
          return row(c.label, listed(c.options.filter((o) => chosen.includes(o.value)).map((o) => o.name())) || '—');
        })}
      </dl>
      {POPUPS.map((p) => (
        <>
          <h2>{w(...p.label)}</h2>
          <dl class="facts">
            {row(['赋码', 'Colour'], colourName(String(valueAt(definition, `popups.${p.type}.status`))))}
            {POPUP_NUMBERS
              // How far apart tests must be says nothing when one test clears it.
              .filter((n) => n.key !== 'minHoursBetweenTests' || Number(valueAt(definition, `popups.${p.type}.negativeTestsRequired`)) > 1)
              .map((n) => row(n.label, `${String(valueAt(definition, `popups.${p.type}.${n.key}`))} ${w(...n.unit)}`))}
          </dl>
        </>
      ))}
      <h2>{t('rulesLimits')}</h2>
      <dl class="facts" data-testid="rule-limits">
        {row(['每天健康申报（以当天最后一次为准）', 'Health declarations a day (the day’s last one counts)'], String(limits.declarationsPerDay))}
        {row(['每天可提交纠错', 'Corrections (纠错) a day'], String(limits.appealsPerDay))}
        {row(['每人最多代领', 'Codes one person may hold for others (代领)'], String(limits.maxDependents))}
        {row(['每人最多被代领', 'People who may hold one person’s code'], String(limits.maxGuardians))}
      </dl>
    </section>
  );
}
