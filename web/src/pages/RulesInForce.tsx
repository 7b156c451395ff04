/**
 * 赋码规则: the rules that decide everyone's colour, as in force now, and the limits residents meet (how
 * often to declare, to file a correction, how many people to hold codes for); for anyone, signed in or not.
 * The thresholds are the published rule set's, named as the console's rule form names them. Below them,
 * the questions residents asked most (reference 000's FAQ), answered with this platform's own numbers.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { colon, colourName, listed, t, w } from '../i18n';
import { CHOICES, NUMBERS, POPUP_NUMBERS, POPUPS, valueAt, withUnit, type Definition } from '../rule-fields';
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
        {NUMBERS.map((n) => row(n.label, withUnit(valueAt(definition, n.field), n.unit)))}
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
              .map((n) => row(n.label, withUnit(valueAt(definition, `popups.${p.type}.${n.key}`), n.unit)))}
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
      <h2>{t('faqTitle')}</h2>
      <div class="faq" data-testid="faq">
        {faq(limits, Number(valueAt(definition, 'red.recoveryDays'))).map(([question, answer]) => (
          <details>
            <summary>{question}</summary>
            <p>{answer}</p>
          </details>
        ))}
      </div>
    </section>
  );
}

/** 常见问题, in the residents' words, with this platform's limits in the answers. */
const faq = (limits: RulesView['limits'], redDays: number): [string, string][] => [
  [
    w('为什么我的健康码上有时钟？', 'Why is there a clock on my code?'),
    w('时钟实时走动，码每隔几分钟自动更新；截图上的码会过期，核验时无效。', 'The clock runs and the code renews itself every few minutes: a screenshot goes stale and fails when it is checked.'),
  ],
  [
    w(`为什么我连续打卡${redDays}天还不是绿色？`, `Why am I not green after ${redDays} days of declarations?`),
    w(
      '每条出行提示都写明了解除条件，连续申报的天数从原因消除后才开始计算。“查看打卡记录”中的赋码记录列出每次颜色变化及其原因。',
      'Each travel prompt says what clears it, and the consecutive days count only once its cause has lapsed. “How my colour changed”, under Declaration history, lists every change of colour and why.',
    ),
  ],
  [
    w('申报填错了，导致黄码或红码怎么办？', 'A mistake in my declaration turned my code yellow or red'),
    w(
      `当天可以重新申报，以当天最后一次为准（每天最多${limits.declarationsPerDay}次）；对其他出行提示有疑问，可在提示下方提出纠错（每天${limits.appealsPerDay}次）。`,
      `Declare again the same day: the day’s last declaration counts (${limits.declarationsPerDay} a day at most). If another prompt is wrong, file a correction (纠错) below it (${limits.appealsPerDay} a day).`,
    ),
  ],
  [
    w('为什么我的证件信息显示不全？', 'Why is my identity shown only in part?'),
    w('为保护个人信息，除本人查看外，姓名、证件号码和手机号码均隐去部分内容。', 'To protect personal data, names, document numbers and phone numbers are partly hidden everywhere but in your own view.'),
  ],
  [
    w('可以为老人和小孩代领健康码吗？', 'Can I hold codes for elderly relatives or children?'),
    w(
      `可以（代领管理）：每人最多代领${limits.maxDependents}人，每人最多被${limits.maxGuardians}人代领；本人注册后可自行接管。已本人申领的不能被代领。`,
      `Yes (Dependents): one person may hold codes for ${limits.maxDependents}, and one person’s code may be held by ${limits.maxGuardians}. They take it over by registering themselves; someone who holds their own code cannot be added.`,
    ),
  ],
  [
    w('谎报、瞒报有什么后果？', 'What happens after a false declaration?'),
    w('经防控部门认定为不实申报的，健康码转为红码，并列为出行提示；有异议可提出纠错。', 'A declaration the health authority finds false turns the code red and is listed as a travel prompt; it can be disputed with a correction.'),
  ],
];
