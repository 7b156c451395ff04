/** 流调: find a case (by the person's document, or among the open ones), choose a period, review the overlapping check-ins (masked), push type A pop-ups in one step. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { clauses, colon, colourName } from '../../i18n';
import { DataTable, DocumentFilter, errorText, Headings, JobProgress, nameOf, w, type Job } from './common';
import { MorePages, usePagedList } from '../../paged-list';
import { formatInstant, inputValueOf, instantOfInput } from '../../time';

interface Case {
  id: string;
  kind: string;
  name: string;
  idNumber: string;
  openedAt: number;
  closedAt: number | null;
}
interface Contact {
  checkinId: string;
  personId: string;
  name: string;
  idNumber: string;
  venueName: string;
  checkedInAt: number;
  caseCheckedInAt: number;
  status: string;
}
interface TraceResult {
  visits: { checkinId: string; venueName: string; checkedInAt: number }[];
  contacts: Contact[];
  windowMinutes: number;
}

export function Tracing() {
  const [idType, setIdType] = useState('resident_id');
  const [idNumber, setIdNumber] = useState('');
  const [openOnly, setOpenOnly] = useState(true);
  const caseList = usePagedList<Case>('/authority/cases', () => {
    const query = new URLSearchParams();
    if (idNumber.trim()) (query.set('idType', idType), query.set('idNumber', idNumber.trim()));
    if (openOnly) query.set('openOnly', 'true');
    return query;
  });
  const cases = caseList.items ?? [];
  const [caseId, setCaseId] = useState('');
  const [from, setFrom] = useState(inputValueOf(Date.now() - 14 * 86_400_000));
  const [to, setTo] = useState(inputValueOf(Date.now()));
  const [result, setResult] = useState<TraceResult | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState(w('与确诊病例时空伴随', 'Co-location with a confirmed case'));
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void caseList.reload(), [openOnly]);
  // The first case found is chosen, unless the one chosen is still in the list.
  useEffect(() => {
    if (caseList.items && !caseList.items.some((c) => c.id === caseId)) setCaseId(caseList.items[0]?.id ?? '');
  }, [caseList.items]);
  const findCases = async (event: Event) => {
    event.preventDefault();
    await caseList.reload();
  };

  const trace = async (event: Event) => {
    event.preventDefault();
    try {
      const found = await api<TraceResult>('POST', '/authority/tracing', { caseId, from: instantOfInput(from), to: instantOfInput(to) });
      setResult(found);
      setChosen(new Set(found.contacts.map((c) => c.personId)));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const closeCase = async () => {
    if (!window.confirm(w('确认该病例已解除？', 'Close this case?'))) return;
    try {
      await api('POST', `/authority/cases/${caseId}/close`);
      await caseList.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const push = async () => {
    try {
      setJob((await api<{ job: Job }>('POST', '/authority/tracing/popups', { caseId, personIds: [...chosen], reason })).job);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const toggle = (personId: string) => {
    const next = new Set(chosen);
    if (next.has(personId)) next.delete(personId);
    else next.add(personId);
    setChosen(next);
  };

  return (
    <div class="stack">
      <form class="card" onSubmit={findCases} data-testid="find-cases">
        <h1>{w('流调（时空伴随）', 'Contact tracing')}</h1>
        <DocumentFilter idType={idType} idNumber={idNumber} onChange={(type, number) => (setIdType(type), setIdNumber(number))} label={w('病例证件号码（可空）', 'Case’s document number (optional)')} />
        <label class="choice">
          <input type="checkbox" checked={openOnly} onChange={() => setOpenOnly(!openOnly)} />
          {w('只看未解除的病例', 'Open cases only')}
        </label>
        <button type="submit">{w('查找病例', 'Find cases')}</button>
        {caseList.error && <p class="form-error">{caseList.error}</p>}
        {caseList.items?.length === 0 && <p class="note">{w('没有符合条件的病例', 'No case matches')}</p>}
      </form>
      <form class="card" onSubmit={trace}>
        <label>
          {w('病例', 'Case')}{' '}
          <select data-testid="case" value={caseId} onChange={(e) => setCaseId(e.currentTarget.value)}>
            {cases.map((c) => (
              <option value={c.id}>
                {c.name} {c.idNumber} · {nameOf('caseKind', c.kind)} · {formatInstant(c.openedAt)}
              </option>
            ))}
          </select>
        </label>
        <MorePages list={caseList} />
        <label>
          {w('自', 'From')} <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {w('至', 'To')} <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        {error && <p class="form-error">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary" disabled={!caseId}>
            {w('查询', 'Trace')}
          </button>
          {cases.find((c) => c.id === caseId && c.closedAt === null) && (
            <button type="button" onClick={() => void closeCase()}>
              {w('病例解除', 'Close the case')}
            </button>
          )}
        </div>
      </form>
      {result && (
        <section class="card">
          <p>
            {w('病例到访', 'Case visits')}{colon()}{clauses(result.visits.map((v) => `${v.venueName} ${formatInstant(v.checkedInAt)}`))} · {w('时间窗', 'Window')} {result.windowMinutes} min
          </p>
          <DataTable testId="contacts">
            <Headings labels={['', w('姓名', 'Name'), w('证件号码', 'ID number'), w('场所', 'Venue'), w('登记时间', 'Checked in'), w('当前赋码', 'Colour now')]} />
            <tbody>
              {result.contacts.map((c) => (
                <tr>
                  <td>
                    <input type="checkbox" checked={chosen.has(c.personId)} onChange={() => toggle(c.personId)} aria-label={c.name} />
                  </td>
                  <td>{c.name}</td>
                  <td>{c.idNumber}</td>
                  <td>{c.venueName}</td>
                  <td>{formatInstant(c.checkedInAt)}</td>
                  <td>{colourName(c.status)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <label>
            {w('弹窗原因', 'Reason')} <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="button" class="primary" disabled={chosen.size === 0} onClick={() => void push()}>
            {w(`向 ${chosen.size} 人推送A类弹窗`, `Push type A pop-ups to ${chosen.size}`)}
          </button>
          {job && <JobProgress job={job} />}
        </section>
      )}
    </div>
  );
}
