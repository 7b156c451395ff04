/**
 * A rule set's thresholds as a form: each one named in the reader's language with its unit, and the
 * server's problems shown beside the field they concern. The JSON stays one click away for what the form
 * does not show.
 */
import { colourName } from '../../i18n';
import { nameOf, w } from './common';

export type Definition = Record<string, unknown>;
export interface Problem {
  field: string;
  message: string;
}

const DAYS: [string, string] = ['天', 'days'];
const NUMBERS: { field: string; label: [string, string]; unit: [string, string]; step?: number }[] = [
  { field: 'feverCelsius', label: ['体温达到即为发热', 'Fever from'], unit: ['℃', '°C'], step: 0.1 },
  { field: 'red.recoveryDays', label: ['红码（非在治病例）转绿：连续健康申报', 'Red (not an open case) turns green after clean declarations on'], unit: DAYS },
  { field: 'yellow.recoveryDays', label: ['黄码在原因消除后转绿：连续健康申报', 'Yellow turns green, once its cause has lapsed, after clean declarations on'], unit: DAYS },
  { field: 'yellow.closeContactDays', label: ['密切接触者自末次接触起黄码', 'A close contact is yellow from the last contact for'], unit: DAYS },
  { field: 'yellow.riskAreaDays', label: ['在风险地区停留后计入', 'A stay in a risk area counts for'], unit: DAYS },
];
const CHOICES: { field: string; label: [string, string]; options: { value: string; name: () => string }[] }[] = [
  {
    field: 'yellow.riskAreaLevels',
    label: ['在以下风险地区停留即为黄码', 'A stay in these risk areas is yellow'],
    options: ['low', 'medium', 'high'].map((value) => ({ value, name: () => nameOf('riskLevel', value) })),
  },
  {
    field: 'yellow.declaredContactAnswers',
    label: ['申报“接触过病例”为以下回答即为黄码', 'Declaring contact with a case as these answers is yellow'],
    options: [
      { value: 'yes', name: () => w('是', 'Yes') },
      { value: 'unsure', name: () => w('不确定', 'Unsure') },
    ],
  },
];
const POPUP_NUMBERS: { key: string; label: [string, string]; unit: [string, string] }[] = [
  { key: 'negativeTestsRequired', label: ['触发后采样的核酸阴性', 'Negative tests sampled after the trigger'], unit: ['次', 'tests'] },
  { key: 'minHoursBetweenTests', label: ['两次采样至少间隔', 'At least this far apart'], unit: ['小时', 'hours'] },
  { key: 'autoClearDays', label: ['触发后自动解除', 'Cleared automatically after'], unit: DAYS },
];
const POPUPS: { type: string; label: [string, string] }[] = [
  { type: 'A', label: ['A类弹窗（时空伴随、重点场所、中高风险地区）', 'Type A pop-ups (co-location, key venues, risk areas)'] },
  { type: 'B', label: ['B类弹窗（离开有阳性病例的县、严重地区）', 'Type B pop-ups (left a county with a case, a severely affected city)'] },
];

const valueAt = (definition: Definition, field: string): unknown =>
  field.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), definition);

function withValue(definition: Definition, field: string, value: unknown): Definition {
  const next = structuredClone(definition);
  const keys = field.split('.');
  let node = next;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Definition;
  }
  node[keys[keys.length - 1]!] = value;
  return next;
}

/** The fields the form shows; a problem elsewhere (an unknown field in the JSON) is listed below it. */
export const FORM_FIELDS = [...NUMBERS.map((n) => n.field), ...CHOICES.map((c) => c.field), ...POPUPS.flatMap((p) => ['status', ...POPUP_NUMBERS.map((n) => n.key)].map((key) => `popups.${p.type}.${key}`))];

const concerns = (problem: Problem, field: string) => problem.field === field || problem.field.startsWith(`${field}.`);

export function RuleForm({ definition, problems, onChange }: { definition: Definition; problems: Problem[]; onChange: (next: Definition) => void }) {
  const set = (field: string, value: unknown) => onChange(withValue(definition, field, value));
  const problemOf = (field: string) => {
    const found = problems.find((p) => concerns(p, field));
    return found && <span class="field-error">{found.message}</span>;
  };
  const number = (field: string, label: [string, string], unit: [string, string], step = 1) => (
    <label class="rule-field" data-field={field}>
      <span>{w(...label)}</span>
      <span class="rule-input">
        <input
          type="number"
          step={step}
          value={String(valueAt(definition, field) ?? '')}
          aria-invalid={problems.some((p) => concerns(p, field))}
          onInput={(e) => set(field, Number.isNaN(e.currentTarget.valueAsNumber) ? e.currentTarget.value : e.currentTarget.valueAsNumber)}
        />
        {w(...unit)}
      </span>
      {problemOf(field)}
    </label>
  );
  return (
    <div class="rule-form" data-testid="rule-form">
      {NUMBERS.map((n) => number(n.field, n.label, n.unit, n.step))}
      {CHOICES.map((c) => {
        const chosen = valueAt(definition, c.field);
        const list = Array.isArray(chosen) ? (chosen as string[]) : [];
        return (
          <fieldset class="rule-field" data-field={c.field}>
            <legend>{w(...c.label)}</legend>
            <div class="choices">
              {c.options.map((o) => (
                <label class="choice">
                  <input type="checkbox" checked={list.includes(o.value)} onChange={() => set(c.field, list.includes(o.value) ? list.filter((v) => v !== o.value) : [...list, o.value])} />
                  {o.name()}
                </label>
              ))}
            </div>
            {problemOf(c.field)}
          </fieldset>
        );
      })}
      {POPUPS.map((p) => (
        <fieldset class="rule-field">
          <legend>{w(...p.label)}</legend>
          <label class="rule-field" data-field={`popups.${p.type}.status`}>
            <span>{w('赋码', 'Colour')}</span>
            <select value={String(valueAt(definition, `popups.${p.type}.status`) ?? '')} onChange={(e) => set(`popups.${p.type}.status`, e.currentTarget.value)}>
              {['yellow', 'red'].map((c) => (
                <option value={c}>{colourName(c)}</option>
              ))}
            </select>
            {problemOf(`popups.${p.type}.status`)}
          </label>
          {POPUP_NUMBERS.map((n) => number(`popups.${p.type}.${n.key}`, n.label, n.unit))}
        </fieldset>
      ))}
    </div>
  );
}
