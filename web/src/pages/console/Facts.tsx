/** Entering facts one at a time, CSV imports (all or nothing, with progress and every bad row), risk areas. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { colon, ID_TYPE_OPTIONS } from '../../i18n';
import { lang } from '../../prefs';
import { RegionPicker } from '../../region-picker';
import { DataTable, errorText, Headings, JobProgress, nameOf, w, type Job } from './common';
import { formatInstant, instantOfInput } from '../../time';

const KINDS = {
  case: { label: () => w('病例（确诊/疑似）', 'Cases'), columns: ['kind', 'opened_at'], sample: 'confirmed,2026-11-20 08:00' },
  close_contact: { label: () => w('密切接触者', 'Close contacts'), columns: ['last_contact_at'], sample: '2026-11-19 18:30' },
  lab_result: { label: () => w('核酸检测结果', 'Nucleic-acid results'), columns: ['sampled_at', 'result', 'lab'], sample: '2026-11-21 09:00,negative,保定市第一医院' },
  popup: { label: () => w('弹窗', 'Pop-ups'), columns: ['type', 'reason'], sample: 'B,阳性感染者所在县漫出' },
} as const;
type Kind = keyof typeof KINDS;

type Choice = { value: string; name: () => string };
/** How each CSV column is entered one at a time: its name, and a list to choose from or a time to pick where it has one. */
const FIELDS: Record<string, { label: [string, string]; choices?: Choice[]; time?: true }> = {
  id_type: { label: ['证件类型', 'ID type'], choices: ID_TYPE_OPTIONS.map((o) => ({ value: o.value, name: () => o[lang.value] })) },
  id_number: { label: ['证件号码', 'ID number'] },
  name: { label: ['姓名', 'Name'] },
  kind: { label: ['病例类型', 'Case kind'], choices: ['confirmed', 'suspected'].map((value) => ({ value, name: () => nameOf('caseKind', value) })) },
  opened_at: { label: ['确诊/疑似时间', 'Opened at'], time: true },
  last_contact_at: { label: ['末次接触时间', 'Last contact at'], time: true },
  sampled_at: { label: ['采样时间', 'Sampled at'], time: true },
  result: {
    label: ['检测结果', 'Result'],
    choices: [
      { value: 'negative', name: () => w('阴性', 'Negative') },
      { value: 'positive', name: () => w('阳性', 'Positive') },
    ],
  },
  lab: { label: ['检测机构', 'Laboratory'] },
  type: {
    label: ['弹窗类型', 'Pop-up type'],
    choices: [
      { value: 'A', name: () => w('A类（两次核酸阴性解除）', 'A (cleared by two negative tests)') },
      { value: 'B', name: () => w('B类（一次核酸阴性解除）', 'B (cleared by one negative test)') },
    ],
  },
  reason: { label: ['弹窗原因（持码人可见）', 'Reason (shown to the holder)'] },
};

/** A new form's values: the first choice of each list, times empty. */
const blank = (columns: string[]) => Object.fromEntries(columns.map((column) => [column, FIELDS[column]?.choices?.[0]?.value ?? '']));

export function Facts() {
  const [kind, setKind] = useState<Kind>('case');
  const columns = ['id_type', 'id_number', 'name', ...KINDS[kind].columns];
  const [values, setValues] = useState<Record<string, string>>(blank(columns));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [csv, setCsv] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const chooseKind = (next: Kind) => {
    setKind(next);
    setValues({ ...blank(['id_type', 'id_number', 'name', ...KINDS[next].columns]), id_type: values.id_type ?? 'resident_id', id_number: values.id_number ?? '', name: values.name ?? '' });
    setFieldErrors({});
    setJob(null);
  };

  const enter = async (event: Event) => {
    event.preventDefault();
    try {
      await api('POST', `/authority/facts/${kind}`, values);
      setMessage(w('已录入', 'Entered'));
      setFieldErrors({});
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : [];
      setFieldErrors(Object.fromEntries(fields.map((f) => [f.field, f.message])));
      setMessage(fields.length ? null : errorText(e));
    }
  };
  const importCsv = async (event: Event) => {
    event.preventDefault();
    setJob(null);
    try {
      setJob(await api<Job>('POST', `/authority/imports/${kind}`, { csv }));
      setMessage(null);
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  return (
    <div class="stack">
      <section class="card">
        <h1>{w('数据录入', 'Facts')}</h1>
        <label>
          {w('类型', 'Kind')}{' '}
          <select data-testid="fact-kind" value={kind} onChange={(e) => chooseKind(e.currentTarget.value as Kind)}>
            {Object.entries(KINDS).map(([value, k]) => (
              <option value={value}>{k.label()}</option>
            ))}
          </select>
        </label>
        {message && <p class="note" role="status">{message}</p>}
      </section>
      <form class="card" onSubmit={enter}>
        <h2>{w('逐条录入', 'One at a time')}</h2>
        {columns.map((column) => {
          const field = FIELDS[column]!;
          const set = (value: string) => setValues({ ...values, [column]: value });
          return (
            <div class={fieldErrors[column] ? 'field has-error' : 'field'}>
              <label for={`fact-${column}`}>{w(...field.label)}</label>
              {field.choices ? (
                <select id={`fact-${column}`} value={values[column] ?? ''} onChange={(e) => set(e.currentTarget.value)}>
                  {field.choices.map((c) => (
                    <option value={c.value}>{c.name()}</option>
                  ))}
                </select>
              ) : field.time ? (
                <input id={`fact-${column}`} type="datetime-local" value={values[column] ?? ''} onInput={(e) => set(e.currentTarget.value)} />
              ) : (
                <input id={`fact-${column}`} value={values[column] ?? ''} onInput={(e) => set(e.currentTarget.value)} />
              )}
              {fieldErrors[column] && <span class="field-error">{fieldErrors[column]}</span>}
            </div>
          );
        })}
        <button type="submit" class="primary">
          {w('录入', 'Enter')}
        </button>
      </form>
      <form class="card" onSubmit={importCsv}>
        <h2>{w('批量导入（CSV，全部正确才写入）', 'Import CSV (all rows or none)')}</h2>
        <p class="note">
          {w('表头', 'Header')}{colon()}<code>{columns.join(',')}</code>
          <br />
          {w('示例', 'Example')}{colon()}<code>resident_id,11010519491231002X,张三,{KINDS[kind].sample}</code>
        </p>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label={w('选择CSV文件', 'Choose a CSV file')}
          onChange={async (e) => setCsv(await (e.currentTarget.files?.[0]?.text() ?? Promise.resolve('')))}
        />
        <textarea data-testid="csv" rows={6} aria-label={w('CSV内容（可直接粘贴）', 'CSV content (or paste it here)')} value={csv} onInput={(e) => setCsv(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={!csv.trim()}>
          {w('导入', 'Import')}
        </button>
        {job && <JobProgress job={job} />}
      </form>
    </div>
  );
}

interface RiskArea {
  id: string;
  regionCode: string;
  regionName: string;
  level: string;
  validFrom: number;
  validTo: number | null;
  active: boolean;
}

export function RiskAreas() {
  const [areas, setAreas] = useState<RiskArea[]>([]);
  const [regionCode, setRegionCode] = useState('');
  const [level, setLevel] = useState('high');
  const [validTo, setValidTo] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api<RiskArea[]>('GET', '/authority/risk-areas').then(setAreas);
  useEffect(() => void load(), [lang.value]);
  const add = async (event: Event) => {
    event.preventDefault();
    try {
      const result = await api<{ job: Job }>('POST', '/authority/risk-areas', { regionCode, level, validTo: validTo ? instantOfInput(validTo) : null });
      setJob(result.job);
      setError(null);
      void load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const end = async (id: string) => {
    setJob((await api<{ job: Job }>('POST', `/authority/risk-areas/${id}/end`)).job);
    void load();
  };
  return (
    <div class="stack">
      <form class="card" onSubmit={add}>
        <h1>{w('风险地区', 'Risk areas')}</h1>
        <RegionPicker id="risk-region" value={regionCode} onChange={setRegionCode} anyLevel />
        <label>
          {w('风险等级', 'Level')}{' '}
          <select value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
            <option value="high">{w('高风险', 'High')}</option>
            <option value="medium">{w('中风险', 'Medium')}</option>
            <option value="low">{w('低风险', 'Low')}</option>
          </select>
        </label>
        <label>
          {w('有效期至（可空）', 'Valid until (optional)')} <input type="datetime-local" value={validTo} onInput={(e) => setValidTo(e.currentTarget.value)} />
        </label>
        {error && <p class="form-error">{error}</p>}
        <button type="submit" class="primary" disabled={!regionCode}>
          {w('发布', 'Declare')}
        </button>
        {job && <JobProgress job={job} />}
      </form>
      <DataTable card>
        <Headings labels={[w('地区', 'Region'), w('风险等级', 'Level'), w('有效期', 'Valid'), '']} />
        <tbody>
          {areas.map((a) => (
            <tr>
              <td>
                {a.regionName} <small>{a.regionCode}</small>
              </td>
              <td>{nameOf('riskLevel', a.level)}</td>
              <td>
                {formatInstant(a.validFrom)} – {a.validTo ? formatInstant(a.validTo) : '…'}
              </td>
              <td>{a.active && <button onClick={() => void end(a.id)}>{w('解除', 'End')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
