/** Shared bits of the authority console: bilingual labels, job progress, error lines. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ID_TYPE_OPTIONS, w } from '../../i18n';
import { lang } from '../../prefs';

export { w };

export interface Job {
  id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  errors: { line: number; field: string; code: string; message: string }[];
}

type Words = Record<string, [zh: string, en: string]>;

/** The console's names for the values the API gives as codes; a code without a name is shown as it is. */
const NAMES = {
  caseKind: { confirmed: ['确诊', 'Confirmed'], suspected: ['疑似', 'Suspected'] },
  riskLevel: { high: ['高风险', 'High risk'], medium: ['中风险', 'Medium risk'], low: ['低风险', 'Low risk'] },
  fact: { case: ['病例', 'Case'], close_contact: ['密切接触', 'Close contact'], lab_result: ['核酸检测结果', 'Lab result'], popup: ['弹窗', 'Pop-up'], declaration: ['健康申报', 'Declaration'], checkin: ['场所登记', 'Check-in'], override: ['人工赋码', 'Manual colour change'] },
  auditAction: {
    'person.reveal': ['查看完整身份信息', 'Viewed unmasked identity'],
    'person.take_over': ['本人接管代领码', 'Took over own code'],
    'dependent.add': ['添加代领', 'Added a dependent'],
    'dependent.remove': ['解除代领', 'Removed a dependent'],
    'paper_code.issue': ['打印纸质码', 'Issued a paper code'],
    'paper_code.revoke': ['作废纸质码', 'Revoked a paper code'],
    'fact.case.enter': ['录入病例', 'Entered a case'],
    'fact.close_contact.enter': ['录入密切接触者', 'Entered a close contact'],
    'fact.lab_result.enter': ['录入核酸结果', 'Entered a lab result'],
    'fact.popup.enter': ['录入弹窗', 'Entered a pop-up'],
    'fact.case.import': ['导入病例', 'Imported cases'],
    'fact.close_contact.import': ['导入密切接触者', 'Imported close contacts'],
    'fact.lab_result.import': ['导入核酸结果', 'Imported lab results'],
    'fact.popup.import': ['导入弹窗', 'Imported pop-ups'],
    'fact.case.close': ['病例解除', 'Closed a case'],
    'risk_area.add': ['发布风险地区', 'Declared a risk area'],
    'risk_area.end': ['解除风险地区', 'Ended a risk area'],
    'tracing.run': ['流调查询', 'Traced contacts'],
    'popup.push': ['推送弹窗', 'Pushed pop-ups'],
    'rule_set.publish': ['发布赋码规则', 'Published a rule set'],
    'account.password_change': ['修改密码', 'Changed their password'],
    'override.request': ['申请人工赋码', 'Requested a manual colour'],
    'override.approve': ['批准人工赋码', 'Approved a manual colour'],
    'override.decline': ['驳回人工赋码', 'Declined a manual colour'],
    'override.withdraw': ['撤回人工赋码申请', 'Withdrew a manual colour request'],
    'appeal.accept': ['采纳纠错', 'Accepted an appeal'],
    'appeal.reject': ['驳回纠错', 'Rejected an appeal'],
    'organisation.create': ['创建核验单位', 'Created a checkpoint'],
    'verifier.create': ['添加核验员', 'Added a verifier'],
    'partner.add': ['添加互认平台', 'Added a partner platform'],
    'venue.suspend': ['暂停场所码', 'Suspended a venue'],
    'venue.reinstate': ['恢复场所码', 'Reinstated a venue'],
    'venue.stats_grant': ['开通场所统计', 'Granted venue statistics'],
    'declaration.mark_false': ['认定不实申报', 'Found a declaration false'],
    'tracing.venue': ['重点场所流调', 'Traced an exposed venue'],
    'staff.create': ['创建管理账号', 'Created an authority account'],
    'staff.disable': ['停用工作人员账号', 'Disabled a staff account'],
    'staff.enable': ['恢复工作人员账号', 'Enabled a staff account'],
    'signing_key.rotate': ['轮换签名密钥', 'Rotated the signing key'],
    'store.backup': ['备份数据库', 'Backed up the store'],
  },
} satisfies Record<string, Words>;

export const nameOf = (group: keyof typeof NAMES, code: string): string => {
  const words = (NAMES[group] as Words)[code];
  return words ? w(...words) : code;
};

/** Every code of a group with its name, for a list to choose from. */
export const codesOf = (group: keyof typeof NAMES): { code: string; name: string }[] => Object.keys(NAMES[group]).map((code) => ({ code, name: nameOf(group, code) }));

import { errorText } from '../../api';
export { errorText };

/** Follows a job until it finishes, showing progress and, for imports, every bad row. */
export function JobProgress({ job: initial, onDone }: { job: Job; onDone?: (job: Job) => void }) {
  const [job, setJob] = useState(initial);
  useEffect(() => {
    setJob(initial);
    if (initial.status !== 'running') return onDone?.(initial);
    const timer = setInterval(async () => {
      const fresh = await api<Job>('GET', `/authority/jobs/${initial.id}`).catch(() => null);
      if (!fresh) return;
      setJob(fresh);
      if (fresh.status !== 'running') {
        clearInterval(timer);
        onDone?.(fresh);
      }
    }, 400);
    return () => clearInterval(timer);
  }, [initial.id]);
  const percent = job.total === 0 ? 100 : Math.round((job.done / job.total) * 100);
  return (
    <div class="job" data-testid="job" data-status={job.status}>
      <progress max={100} value={job.status === 'running' ? percent : 100} />
      <span>
        {job.status === 'running' ? w('处理中', 'Working') : job.status === 'done' ? w('已完成', 'Done') : w('未完成，未写入任何数据', 'Failed, nothing written')} · {job.done}/{job.total}
      </span>
      {job.errors.length > 0 && (
        <DataTable testId="job-errors">
          <thead>
            <tr>
              <th>{w('行号', 'Line')}</th>
              <th>{w('列', 'Column')}</th>
              <th>{w('问题', 'Problem')}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((e) => (
              <tr>
                <td>{e.line}</td>
                <td>{e.field}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </div>
  );
}

/** A table's column headings. */
/**
 * A console table. On a phone it scrolls sideways (styles.css), so it takes keyboard focus: a table of text
 * alone (the trusted platforms) could otherwise not be scrolled without a mouse or a finger.
 */
export function DataTable({ card, testId, children }: { card?: boolean; testId?: string; children: ComponentChildren }) {
  return (
    <table class={card ? 'table card' : 'table'} data-testid={testId} tabIndex={0}>
      {children}
    </table>
  );
}

export function Headings({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th>{label}</th>
        ))}
      </tr>
    </thead>
  );
}

/** A person named by their document, to narrow a list to them: the type chosen, the number typed. */
export function DocumentFilter(props: { idType: string; idNumber: string; onChange: (idType: string, idNumber: string) => void; label: string }) {
  return (
    <div class="document-filter">
      <select aria-label={w('证件类型', 'ID type')} value={props.idType} onChange={(e) => props.onChange(e.currentTarget.value, props.idNumber)}>
        {ID_TYPE_OPTIONS.map((o) => (
          <option value={o.value}>{o[lang.value]}</option>
        ))}
      </select>
      <input aria-label={props.label} placeholder={props.label} value={props.idNumber} onInput={(e) => props.onChange(props.idType, e.currentTarget.value)} />
    </div>
  );
}

/** A person as the console finds them by document: masked. */
export interface FoundPerson {
  id: string;
  name: string;
  idNumber: string;
  idTypeLabel: string;
}

/**
 * Finds a person by their document (the answer masked). Not a form of its own, so it can sit inside
 * another; Enter in the number field finds, rather than submitting the form around it.
 */
export function PersonFinder({ onFound }: { onFound: (person: FoundPerson | null) => void }) {
  const [idType, setIdType] = useState('resident_id');
  const [idNumber, setIdNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    onFound(null);
    try {
      onFound(await api<FoundPerson>('POST', '/authority/persons/lookup', { idType, idNumber: idNumber.trim() }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div
      class="person-finder"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') (e.preventDefault(), void find());
      }}
    >
      <DocumentFilter idType={idType} idNumber={idNumber} onChange={(type, number) => (setIdType(type), setIdNumber(number))} label={w('证件号码', 'Document number')} />
      <button type="button" onClick={() => void find()}>
        {w('查找', 'Find')}
      </button>
      {error && <p class="form-error">{error}</p>}
    </div>
  );
}

/** A list the console reads from the API, and how to read it again after a change. */
export function useList<T>(path: string): [T[], () => Promise<void>] {
  const [list, setList] = useState<T[]>([]);
  const load = () => api<T[]>('GET', path).then(setList, () => undefined);
  useEffect(() => void load(), []);
  return [list, load];
}
