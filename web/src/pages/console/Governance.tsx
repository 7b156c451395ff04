/** Rules (edit, preview, publish), manual colour changes (four-eyes), appeals, and the audit log. */
import { useEffect, useState } from 'preact/hooks';
import { api, session, type StatusView } from '../../api';
import { bracketed, clauses, colon, colourName } from '../../i18n';
import { codesOf, DataTable, DocumentFilter, errorText, Headings, JobProgress, nameOf, PersonFinder, w, type FoundPerson, type Job } from './common';
import { MorePages, usePagedList } from '../../paged-list';
import { formatInstant, instantOfInput } from '../../time';
import { FORM_FIELDS, RuleForm, type Definition, type Problem } from './RuleForm';

interface RuleSetView {
  version: string;
  effectiveFrom: number;
  active: boolean;
  definition: unknown;
}
interface Preview {
  against: string;
  matrix: Record<string, Record<string, number>>;
  examples: { from: string; to: string; name: string }[];
}
const STATUSES = ['green', 'yellow', 'red', 'pending'];

export function Rules() {
  const [sets, setSets] = useState<RuleSetView[]>([]);
  // Null until the version in force has loaded: edits made before would be overwritten by it.
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [text, setText] = useState('');
  const [editingJson, setEditingJson] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  // The JSON being typed does not parse: nothing to send until it does (the form's last state stays).
  const [jsonUnparsed, setJsonUnparsed] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [version, setVersion] = useState('');
  const [effective, setEffective] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const edit = (next: Definition) => {
    setDefinition(next);
    setText(JSON.stringify(next, null, 2));
    setJsonUnparsed(false);
    setPreview(null);
  };
  useEffect(() => {
    api<RuleSetView[]>('GET', '/authority/rule-sets').then((list) => {
      setSets(list);
      edit((list.find((s) => s.active)?.definition ?? {}) as Definition);
    });
  }, []);
  const editText = (value: string) => {
    setText(value);
    setPreview(null);
    try {
      // Whatever it is: the server says what is wrong with it.
      setDefinition(JSON.parse(value) as Definition);
      setJsonUnparsed(false);
    } catch {
      setJsonUnparsed(true);
    }
  };
  const doPreview = async () => {
    if (jsonUnparsed) return;
    const found = await api<Problem[]>('POST', '/authority/rule-sets/validate', { definition });
    setProblems(found);
    if (found.length > 0) return;
    try {
      setPreview(await api<Preview>('POST', '/authority/rule-sets/preview', { definition }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const publish = async () => {
    try {
      const result = await api<{ job: Job | null }>('POST', '/authority/rule-sets', { version, definition, effectiveFrom: effective ? instantOfInput(effective) : Date.now() });
      setJob(result.job);
      setError(null);
      setSets(await api<RuleSetView[]>('GET', '/authority/rule-sets'));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const elsewhere = [
    ...(jsonUnparsed ? [{ field: '', message: w('不是有效的JSON', 'Not valid JSON') }] : []),
    ...problems.filter((p) => editingJson || !FORM_FIELDS.some((field) => p.field === field || p.field.startsWith(`${field}.`))),
  ];
  return (
    <div class="stack">
      <section class="card">
        <h1>{w('赋码规则', 'Rule sets')}</h1>
        <ul>
          {sets.map((s) => (
            <li>
              {s.version} · {s.effectiveFrom === 0 ? w('平台启用起生效', 'effective from the start') : `${w('生效', 'effective')} ${formatInstant(s.effectiveFrom)}`} {s.active && <strong>({w('当前生效', 'active')})</strong>}
            </li>
          ))}
        </ul>
        <p class="note">{w('以当前生效版本为起点修改，预览影响后发布为新版本。', 'Start from the version in force, preview the effect, then publish as a new version.')}</p>
        <button type="button" class="quiet small" aria-pressed={editingJson} onClick={() => setEditingJson(!editingJson)}>
          {editingJson ? w('按表单编辑', 'Edit as a form') : w('以JSON编辑', 'Edit as JSON')}
        </button>
        {definition === null ? (
          <p class="loading">…</p>
        ) : editingJson ? (
          <textarea class="code-editor" rows={18} value={text} onInput={(e) => editText(e.currentTarget.value)} spellcheck={false} />
        ) : (
          <RuleForm definition={definition} problems={problems} onChange={edit} />
        )}
        {elsewhere.length > 0 && (
          <ul class="form-error">
            {elsewhere.map((p) => (
              <li>
                {p.field && <code>{p.field}</code>} {p.message}
              </li>
            ))}
          </ul>
        )}
        {error && <p class="form-error">{error}</p>}
        <button type="button" onClick={() => void doPreview()}>
          {w('预览影响', 'Preview the effect')}
        </button>
      </section>
      {preview && (
        <section class="card">
          <h2>
            {w('与当前版本对比', 'Against')} {preview.against}
          </h2>
          <DataTable testId="preview">
            <thead>
              <tr>
                <th>{w('现 → 新', 'now → new')}</th>
                {STATUSES.map((s) => (
                  <th>{colourName(s)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {STATUSES.map((from) => (
                <tr>
                  <th>{colourName(from)}</th>
                  {STATUSES.map((to) => (
                    <td class={from !== to && preview.matrix[from]?.[to] ? 'changed' : ''}>{preview.matrix[from]?.[to] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </DataTable>
          <p class="note">{clauses(preview.examples.map((e) => `${e.name}${colon()}${colourName(e.from)} → ${colourName(e.to)}`))}</p>
          <label>
            {w('版本号', 'Version')} <input value={version} onInput={(e) => setVersion(e.currentTarget.value)} />
          </label>
          <label>
            {w('生效时间（空为立即）', 'Effective (empty: now)')} <input type="datetime-local" value={effective} onInput={(e) => setEffective(e.currentTarget.value)} />
          </label>
          <button type="button" class="primary" disabled={!version} onClick={() => void publish()}>
            {w('发布', 'Publish')}
          </button>
          {job && <JobProgress job={job} />}
        </section>
      )}
    </div>
  );
}

interface PendingOverride {
  id: string;
  name: string;
  currentStatus: string;
  status: string;
  reason: string;
  requestedBy: string;
  requesterName: string;
  requestedAt: number;
  expiresAt: number | null;
  appealId: string | null;
}

/** What a request asks for: a colour, or the rules' colour back. */
const askedFor = (status: string) => (status === 'rules' ? w('恢复按规则赋码', 'Back to the rules’ colour') : colourName(status));

const mayRequestOverride = () => Boolean(session.value?.roles.some((role) => role === 'authority_operator' || role === 'authority_admin'));

export function Overrides() {
  const me = session.value;
  const mayApprove = Boolean(me?.roles.includes('authority_approver'));
  const mayRequest = mayRequestOverride();
  const [pending, setPending] = useState<PendingOverride[]>([]);
  const [person, setPerson] = useState<FoundPerson | null>(null);
  // What the change would replace: the colour now and its reasons.
  const [current, setCurrent] = useState<StatusView | null>(null);
  const overridden = Boolean(current?.reasons.some((r) => r.code === 'MANUAL_OVERRIDE'));
  const found = async (someone: FoundPerson | null) => {
    setPerson(someone);
    setCurrent(null);
    if (someone) setCurrent((await api<{ status: StatusView }>('GET', `/authority/persons/${someone.id}/status`).catch(() => null))?.status ?? null);
  };
  const [colour, setColour] = useState('green');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [declineReasons, setDeclineReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const load = () => api<PendingOverride[]>('GET', '/authority/overrides').then(setPending);
  useEffect(() => void load(), []);
  const act = async (send: () => Promise<unknown>, done: string | null) => {
    try {
      await send();
      setMessage(done);
      void load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  const request = (event: Event) => {
    event.preventDefault();
    const expiresAt = colour !== 'rules' && until ? instantOfInput(until) : null;
    void act(
      () => api('POST', '/authority/overrides', { personId: person!.id, status: colour, reason, expiresAt }),
      w('已提交，待另一名审批人员批准后生效', 'Submitted; takes effect once another user approves it'),
    );
  };
  return (
    <div class="stack">
      {mayRequest && (
        <form class="card" onSubmit={request}>
          <h1>{w('人工赋码（双人审批）', 'Manual colour change (four eyes)')}</h1>
          <PersonFinder onFound={(someone) => void found(someone)} />
          {person && (
            <>
              <p>
                {person.name} {person.idNumber}
              </p>
              {current && (
                <p data-testid="current-colour" data-status={current.status}>
                  {w('当前', 'Now')}
                  {colon()}
                  {colourName(current.status)}
                  {current.reasons.length > 0 && bracketed(clauses(current.reasons.map((r) => r.text)))}
                </p>
              )}
              <label>
                {w('改为', 'Change to')}
                <select value={colour} onChange={(e) => setColour(e.currentTarget.value)}>
                  {(['green', 'yellow', 'red', ...(overridden ? ['rules' as const] : [])] as const).map((c) => (
                    <option value={c}>{askedFor(c)}</option>
                  ))}
                </select>
              </label>
              {colour !== 'rules' && (
                <label>
                  {w('有效至（空为一直有效，直至恢复按规则赋码）', 'Until (empty: until it is given back to the rules)')}
                  <input type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
                </label>
              )}
              <textarea
                rows={2}
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
                aria-label={w('理由', 'Reason')}
                placeholder={colour === 'rules' ? w('理由（必填，记入审计日志）', 'Reason (required, kept in the audit log)') : w('理由（必填，持码人可见）', 'Reason (required, shown to the holder)')}
              />
              <button type="submit" class="primary">
                {w('提交审批', 'Submit for approval')}
              </button>
            </>
          )}
        </form>
      )}
      {message && <p class="note">{message}</p>}
      <section class="card">
        <h2>{w('待批准', 'Waiting for approval')}</h2>
        {pending.length === 0 && <p class="note">{w('暂无待批准的人工赋码', 'No manual colour changes are waiting')}</p>}
        {pending.map((p) => {
          const mine = p.requestedBy === me?.accountId;
          return (
            <div class="appeal" data-testid="pending-override">
              <p>
                <strong>{p.name}</strong>
                {colon()}
                {colourName(p.currentStatus)} → {askedFor(p.status)}
                {p.expiresAt !== null && bracketed(`${w('有效至', 'until')} ${formatInstant(p.expiresAt)}`)}
              </p>
              <p>{p.reason}</p>
              {p.appealId && (
                <p class="note" data-testid="answers-appeal">
                  {w('答复持码人的纠错申请：批准即采纳，驳回即不予采纳，持码人可见理由', 'Answers the holder’s dispute: approving accepts it, declining rejects it; the holder reads the reason')}
                </p>
              )}
              <p class="note">
                {w('申请人', 'Requested by')}
                {colon()}
                {p.requesterName} · {formatInstant(p.requestedAt)}
                {mine && ` · ${w('待另一名审批人员批准', 'Waiting for another user to approve it')}`}
              </p>
              {(mine || mayApprove) && (
                <>
                  <input
                    value={declineReasons[p.id] ?? ''}
                    onInput={(e) => setDeclineReasons({ ...declineReasons, [p.id]: e.currentTarget.value })}
                    aria-label={mine ? w('撤回理由', 'Reason for withdrawing') : w('驳回理由', 'Reason to decline')}
                    placeholder={mine ? w('撤回理由（必填）', 'Reason for withdrawing (required)') : w('驳回理由（驳回时必填）', 'Reason to decline (required to decline)')}
                  />
                  <div class="actions">
                    {mayApprove && !mine && (
                      <button class="primary" onClick={() => void act(() => api('POST', `/authority/overrides/${p.id}/approve`), null)}>
                        {w('批准', 'Approve')}
                      </button>
                    )}
                    <button onClick={() => void act(() => api('POST', `/authority/overrides/${p.id}/decline`, { reason: declineReasons[p.id] ?? '' }), null)}>
                      {mine ? w('撤回', 'Withdraw') : w('驳回', 'Decline')}
                    </button>
                  </div>
                </>
              )}
            </div>
          );
        })}
      </section>
    </div>
  );
}

interface OpenAppeal {
  id: string;
  name: string;
  factType: string;
  message: string;
  filedAt: number;
  reasonText: string | null;
}

export function Appeals() {
  const [appeals, setAppeals] = useState<OpenAppeal[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const load = () => api<OpenAppeal[]>('GET', '/authority/appeals').then(setAppeals);
  useEffect(() => void load(), []);
  const resolve = async (id: string, accept: boolean) => {
    try {
      await api('POST', `/authority/appeals/${id}/resolve`, { accept, reason: reasons[id] ?? '' });
      setMessage(null);
      void load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  return (
    <section class="card">
      <h1>{w('纠错申请', 'Appeals')}</h1>
      {message && <p class="form-error">{message}</p>}
      {appeals.length === 0 && <p class="note">{w('暂无待处理申请', 'No open appeals')}</p>}
      {appeals.map((a) => (
        <div class="appeal">
          <p>
            <strong>{a.name}</strong> · {nameOf('fact', a.factType)} · {formatInstant(a.filedAt)}
          </p>
          <p class="note" data-testid="disputed-reason">
            {a.reasonText ?? w('该事实已不再影响赋码', 'This fact no longer affects the colour')}
          </p>
          <p>{a.message}</p>
          <input
            value={reasons[a.id] ?? ''}
            onInput={(e) => setReasons({ ...reasons, [a.id]: e.currentTarget.value })}
            aria-label={w('处理意见', 'Reason')}
            placeholder={w('处理意见（必填）', 'Reason (required)')}
          />
          <div class="actions">
            {/* Accepting a dispute of a manual change asks for a new one, which only an operator may do. */}
            {(a.factType !== 'override' || mayRequestOverride()) && (
              <button class="primary" onClick={() => void resolve(a.id, true)}>
                {a.factType === 'override' ? w('采纳并提交审批（恢复按规则赋码）', 'Accept and ask for approval (back to the rules)') : w('采纳并更正', 'Accept and correct')}
              </button>
            )}
            <button onClick={() => void resolve(a.id, false)}>{w('驳回', 'Reject')}</button>
          </div>
        </div>
      ))}
    </section>
  );
}

interface AuditEntry {
  id: string;
  at: number;
  actorAccountId: string | null;
  actorName: string | null;
  action: string;
  subjectName: string | null;
  reason: string | null;
}

export function Audit() {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [idType, setIdType] = useState('resident_id');
  const [idNumber, setIdNumber] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const list = usePagedList<AuditEntry>('/authority/audit', () => {
    const query = new URLSearchParams();
    if (action) query.set('actionPrefix', action);
    if (actor) query.set('actorAccountId', actor);
    if (idNumber.trim()) (query.set('subjectIdType', idType), query.set('subjectIdNumber', idNumber.trim()));
    if (from) query.set('from', String(instantOfInput(from)));
    if (to) query.set('to', String(instantOfInput(to)));
    return query;
  });
  const load = async (event?: Event) => {
    event?.preventDefault();
    await list.reload();
  };
  useEffect(() => void load(), [action, actor]);
  return (
    <div class="stack">
      <form class="card" onSubmit={load}>
        <h1>{w('审计日志', 'Audit log')}</h1>
        <select aria-label={w('操作', 'Action')} value={action} onChange={(e) => setAction(e.currentTarget.value)}>
          <option value="">{w('全部操作', 'Every action')}</option>
          {codesOf('auditAction').map(({ code, name }) => (
            <option value={code}>{name}</option>
          ))}
        </select>
        {actor && (
          <p class="note">
            {w('只看一名操作人', 'One actor only')}{' '}
            <button type="button" class="quiet small" onClick={() => setActor('')}>
              {w('看全部操作人', 'Every actor')}
            </button>
          </p>
        )}
        <DocumentFilter idType={idType} idNumber={idNumber} onChange={(type, number) => (setIdType(type), setIdNumber(number))} label={w('对象证件号码（可空）', 'Subject’s document number (optional)')} />
        <label>
          {w('起始时间（可空）', 'From (optional)')} <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {w('截止时间（可空）', 'Until (optional)')} <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">{w('筛选', 'Filter')}</button>
        {list.error && <p class="form-error">{list.error}</p>}
      </form>
      <DataTable card testId="audit">
        <Headings labels={[w('时间', 'When'), w('操作人', 'Who'), w('操作', 'What'), w('对象', 'Whose data'), w('理由', 'Why')]} />
        <tbody>
          {(list.items ?? []).map((e) => (
            <tr>
              <td>{formatInstant(e.at)}</td>
              <td>
                <button type="button" class="quiet small" title={w('只看此人', 'Only this actor')} onClick={() => setActor(e.actorAccountId ?? '')}>
                  {e.actorName}
                </button>
              </td>
              <td title={e.action}>{nameOf('auditAction', e.action)}</td>
              <td>{e.subjectName}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {list.items?.length === 0 && <p class="note">{w('没有符合条件的记录', 'No entry matches')}</p>}
      <MorePages list={list} />
    </div>
  );
}
