/**
 * 流调: find a case (by the person's document, or among the open ones), choose a period, review the
 * overlapping check-ins (masked), push type A pop-ups in one step. Or trace a venue found to be exposed
 * (重点涉疫场所): everyone who checked in there in a period, and push them pop-ups the same way.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type VenueView } from '../../api';
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
interface Visitor {
  checkinId: string;
  personId: string;
  name: string;
  idNumber: string;
  venueName: string;
  checkedInAt: number;
  status: string;
}
interface TraceResult {
  visits: { checkinId: string; venueName: string; checkedInAt: number }[];
  contacts: Visitor[];
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
        <Period from={from} to={to} setFrom={setFrom} setTo={setTo} />
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
          <ChooseAndPush people={result.contacts} source={{ caseId }} testId="contacts" reason={w('与确诊病例时空伴随', 'Co-location with a confirmed case')} />
        </section>
      )}
      <ExposedVenue />
    </div>
  );
}

/** 重点涉疫场所: a venue found by name, everyone who checked in there in a period of at most a week. */
function ExposedVenue() {
  const [nameContains, setNameContains] = useState('');
  const [venues, setVenues] = useState<VenueView[] | null>(null);
  const [venueId, setVenueId] = useState('');
  const [from, setFrom] = useState(inputValueOf(Date.now() - 86_400_000));
  const [to, setTo] = useState(inputValueOf(Date.now()));
  const [result, setResult] = useState<{ venue: { id: string; name: string }; visitors: Visitor[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const findVenues = async (event: Event) => {
    event.preventDefault();
    try {
      const found = await api<VenueView[]>('GET', `/authority/venues?${new URLSearchParams({ nameContains: nameContains.trim(), limit: '50' })}`);
      setVenues(found);
      setVenueId(found[0]?.id ?? '');
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const trace = async (event: Event) => {
    event.preventDefault();
    try {
      setResult(await api('POST', '/authority/tracing/venue', { venueId, from: instantOfInput(from), to: instantOfInput(to) }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <form class="card" onSubmit={venues?.length ? trace : findVenues} data-testid="exposed-venue">
        <h2>{w('重点涉疫场所', 'Exposed venue')}</h2>
        <p class="note">{w('查询时间段内在该场所登记的全部人员（最长7天），可向其推送A类弹窗。', 'Everyone who checked in at the venue in the period (a week at most), to push type A pop-ups to.')}</p>
        <label>
          {w('场所名称', 'Venue name')}{' '}
          <input
            value={nameContains}
            onInput={(e) => {
              setNameContains(e.currentTarget.value);
              setVenues(null);
            }}
          />
        </label>
        {venues?.length === 0 && <p class="note">{w('没有符合条件的场所', 'No venue matches')}</p>}
        {venues && venues.length > 0 && (
          <>
            <label>
              {w('场所', 'Venue')}{' '}
              <select value={venueId} onChange={(e) => setVenueId(e.currentTarget.value)}>
                {venues.map((v) => (
                  <option value={v.id}>
                    {v.name} · {v.regionName} {v.address}
                  </option>
                ))}
              </select>
            </label>
            <Period from={from} to={to} setFrom={setFrom} setTo={setTo} />
          </>
        )}
        {error && <p class="form-error">{error}</p>}
        <div class="actions">
          <button type="submit" class={venues?.length ? 'primary' : undefined}>
            {venues?.length ? w('查询到访人员', 'Find its visitors') : w('查找场所', 'Find venues')}
          </button>
        </div>
      </form>
      {result && (
        <section class="card">
          <p>
            {result.venue.name}{colon()}{w(`${result.visitors.length} 人次登记`, `${result.visitors.length} check-ins`)}
          </p>
          <ChooseAndPush people={result.visitors} source={{ venueId: result.venue.id }} testId="visitors" reason={w(`${result.venue.name}涉疫，同时段到访`, `Visited ${result.venue.name} while it was exposed`)} />
        </section>
      )}
    </>
  );
}

/** The people found (masked, each one's colour now), all chosen at first; type A pop-ups pushed to those still chosen, in one step. */
function ChooseAndPush({ people, source, reason: suggested, testId }: { people: Visitor[]; source: { caseId: string } | { venueId: string }; reason: string; testId: string }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set(people.map((p) => p.personId)));
  const [reason, setReason] = useState(suggested);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A new search chooses everyone it found again.
  useEffect(() => {
    setChosen(new Set(people.map((p) => p.personId)));
    setJob(null);
  }, [people]);
  const toggle = (personId: string) => {
    const next = new Set(chosen);
    if (next.has(personId)) next.delete(personId);
    else next.add(personId);
    setChosen(next);
  };
  const push = async () => {
    try {
      setJob((await api<{ job: Job }>('POST', '/authority/tracing/popups', { ...source, personIds: [...chosen], reason })).job);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <DataTable testId={testId}>
        <Headings labels={['', w('姓名', 'Name'), w('证件号码', 'ID number'), w('场所', 'Venue'), w('登记时间', 'Checked in'), w('当前赋码', 'Colour now')]} />
        <tbody>
          {people.map((c) => (
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
      {error && <p class="form-error">{error}</p>}
      <button type="button" class="primary" disabled={chosen.size === 0} onClick={() => void push()}>
        {w(`向 ${chosen.size} 人推送A类弹窗`, `Push type A pop-ups to ${chosen.size}`)}
      </button>
      {job && <JobProgress job={job} />}
    </>
  );
}

/** From and to, as the platform's wall-clock times. */
function Period({ from, to, setFrom, setTo }: { from: string; to: string; setFrom: (value: string) => void; setTo: (value: string) => void }) {
  return (
    <>
      <label>
        {w('自', 'From')} <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        {w('至', 'To')} <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
    </>
  );
}
