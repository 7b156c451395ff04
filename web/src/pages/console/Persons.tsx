/**
 * 人员查询: find a person by their document and see their colour now with its reasons, and every change of
 * it with the rule-set version that decided it (masked); read their full identity only with a reason, which
 * goes to the audit log. Their declarations of the last 14 days are listed, and one can be found false
 * (认定为不实申报) with a reason: the code turns red, and the holder may dispute it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type DeclarationView, type StatusView } from '../../api';
import { DeclarationItem } from '../../declaration-item';
import { StatusBanner } from '../../status-badge';
import { StatusChanges } from '../../status-changes';
import { errorText, PersonFinder, w, type FoundPerson } from './common';
import { lang } from '../../prefs';

export function Persons() {
  const [person, setPerson] = useState<FoundPerson | null>(null);
  const [status, setStatus] = useState<StatusView | null>(null);
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<FoundPerson | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped when the colour changes here, so that the list of its changes is read again.
  const [changes, setChanges] = useState(0);
  const found = async (someone: FoundPerson | null) => {
    setPerson(null);
    setStatus(null);
    setRevealed(null);
    if (!someone) return;
    try {
      setStatus((await api<{ status: StatusView }>('GET', `/authority/persons/${someone.id}/status`)).status);
      setPerson(someone);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const reveal = async (event: Event) => {
    event.preventDefault();
    try {
      setRevealed(await api<FoundPerson>('POST', `/authority/persons/${person!.id}/reveal`, { reason }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div class="stack">
      <section class="card">
        <h1>{w('人员查询', 'Find a person')}</h1>
        <PersonFinder onFound={(someone) => void found(someone)} />
        {error && <p class="form-error">{error}</p>}
      </section>
      {person && status && (
        <section class="card" data-testid="person">
          <h2>
            {person.name} <small>{person.idNumber}</small>
          </h2>
          <StatusBanner status={status} />
          {/* The holder's headline speaks to them (您有以下出行提示); staff read the same in the third person. */}
          <p>{status.reasons.length ? w('出行提示：', 'Travel prompts:') : w('未见异常', 'No anomalies found')}</p>
          <ul>
            {status.reasons.map((r) => (
              <li>
                {r.text} <small class="note">{r.clears}</small>
              </li>
            ))}
          </ul>
          <p class="note">
            {w('判定规则版本', 'Rule set')} {status.ruleSetVersion}
          </p>
          <h2>{w('赋码记录', 'How the colour changed')}</h2>
          <StatusChanges key={changes} path={`/authority/persons/${person.id}/status-history`} />
          <PersonDeclarations
            personId={person.id}
            onMarked={(now) => {
              setStatus(now);
              setChanges((n) => n + 1);
            }}
          />
          <form class="inline-form" onSubmit={reveal}>
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-label={w('查看理由', 'Reason')} placeholder={w('查看完整身份信息的理由（将记入审计日志）', 'Why the full identity is needed (goes to the audit log)')} />
            <button type="submit">{w('查看完整身份信息', 'Show full identity')}</button>
          </form>
          {revealed && (
            <p data-testid="revealed">
              {revealed.name} · {revealed.idTypeLabel} {revealed.idNumber}
            </p>
          )}
        </section>
      )}
    </div>
  );
}

type AuthorityDeclaration = Omit<DeclarationView, 'address'>;

function PersonDeclarations({ personId, onMarked }: { personId: string; onMarked: (status: StatusView) => void }) {
  const [items, setItems] = useState<AuthorityDeclaration[] | null>(null);
  const [marking, setMarking] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api<AuthorityDeclaration[]>('GET', `/authority/persons/${personId}/declarations`)
      .then(setItems)
      .catch((e) => setError(errorText(e)));
  useEffect(() => void load(), [personId, lang.value]);
  const markFalse = async (event: Event) => {
    event.preventDefault();
    try {
      const { status } = await api<{ status: StatusView }>('POST', `/authority/declarations/${marking}/mark-false`, { reason });
      setMarking(null);
      setReason('');
      setError(null);
      onMarked(status);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <h2>{w('健康申报（近14天）', 'Declarations, last 14 days')}</h2>
      {items?.length === 0 && <p class="note">{w('近14天无健康申报', 'No declarations in the last 14 days')}</p>}
      <ol class="history" data-testid="person-declarations">
        {items?.map((d) => (
          <DeclarationItem declaration={d}>
            {d.markedFalseAt === null &&
              (marking === d.id ? (
                <form class="inline-form" onSubmit={markFalse}>
                  <input
                    value={reason}
                    onInput={(e) => setReason(e.currentTarget.value)}
                    aria-label={w('认定理由', 'Reason')}
                    placeholder={w('认定为不实申报的理由（将记入审计日志）', 'Why it is false (goes to the audit log)')}
                  />
                  <button type="submit">{w('确认认定', 'Confirm')}</button>
                  <button type="button" class="quiet" onClick={() => setMarking(null)}>
                    {w('取消', 'Cancel')}
                  </button>
                </form>
              ) : (
                <button
                  type="button"
                  class="quiet small"
                  onClick={() => {
                    setMarking(d.id);
                    setReason('');
                    setError(null);
                  }}
                >
                  {w('认定为不实申报', 'Find it false')}
                </button>
              ))}
          </DeclarationItem>
        ))}
      </ol>
      {error && <p class="form-error">{error}</p>}
    </>
  );
}
