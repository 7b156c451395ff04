/**
 * A rule set's thresholds as a form: each one named in the reader's language with its unit, and the
 * server's problems shown beside the field they concern. The JSON stays one click away for what the form
 * does not show.
 */
import { colourName, w } from '../../i18n';
import { CHOICES, NUMBERS, POPUP_NUMBERS, POPUPS, valueAt, type Definition } from '../../rule-fields';

export type { Definition };
export interface Problem {
  field: string;
  message: string;
}

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
  const number = (field: string, label: [string, string], [zh, en]: [string, string, string?], step = 1) => (
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
        {w(zh, en)}
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
