/**
 * 场所管理: find venues by name, region (any level), category, state, or those waiting for their statistics,
 * a page at a time; grant statistics (申请统计权限 is answered here), suspend a venue's code or reinstate it,
 * each change with its reason in the audit log.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type VenueView } from '../../api';
import { colon, VENUE_CATEGORY_LABELS } from '../../i18n';
import { lang } from '../../prefs';
import { RegionPicker } from '../../region-picker';
import { formatInstant } from '../../time';
import { DataTable, errorText, Headings, w } from './common';
import { MorePages, usePagedList } from '../../paged-list';

export function Venues() {
  const [nameContains, setNameContains] = useState('');
  const [regionCode, setRegionCode] = useState('');
  const [category, setCategory] = useState('');
  const [state, setState] = useState<'' | 'suspended' | 'in_use'>('');
  const [waitingOnly, setWaitingOnly] = useState(false);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<string | null>(null);
  const list = usePagedList<VenueView>('/authority/venues', () => {
    const query = new URLSearchParams();
    if (nameContains.trim()) query.set('nameContains', nameContains.trim());
    if (regionCode) query.set('regionCode', regionCode);
    if (category) query.set('category', category);
    if (state) query.set('suspended', String(state === 'suspended'));
    if (waitingOnly) query.set('statsRequested', 'true');
    return query;
  });
  const load = async (event?: Event) => {
    event?.preventDefault();
    setActionError(null);
    await list.reload();
  };
  useEffect(() => void load(), [waitingOnly, regionCode, category, state, lang.value]);
  const venues = list.items;
  const error = actionError ?? list.error;
  const act = async (venue: VenueView, action: 'stats-grant' | 'suspend' | 'reinstate') => {
    try {
      await api('POST', `/authority/venues/${venue.id}/${action}`, action === 'stats-grant' ? undefined : { reason: reasons[venue.id] ?? '' });
      setReasons({ ...reasons, [venue.id]: '' });
      await load();
    } catch (e) {
      setActionError(errorText(e));
    }
  };
  const statsState = (v: VenueView) =>
    v.statsGrantedAt !== null
      ? `${w('已开通', 'Granted')} ${formatInstant(v.statsGrantedAt)}`
      : v.statsRequestedAt !== null
        ? `${w('申请中', 'Requested')} ${formatInstant(v.statsRequestedAt)}`
        : w('未申请', 'Not requested');
  return (
    <div class="stack">
      <form class="card" onSubmit={load}>
        <h1>{w('场所管理', 'Venues')}</h1>
        <input value={nameContains} onInput={(e) => setNameContains(e.currentTarget.value)} placeholder={w('场所名称（包含）', 'Venue name contains')} aria-label={w('场所名称（包含）', 'Venue name contains')} />
        <RegionPicker id="venue-region" value={regionCode} onChange={setRegionCode} anyLevel />
        <select aria-label={w('场所类别', 'Category')} value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          <option value="">{w('全部类别', 'Every category')}</option>
          {Object.entries(VENUE_CATEGORY_LABELS).map(([value, label]) => (
            <option value={value}>{label[lang.value]}</option>
          ))}
        </select>
        <select aria-label={w('场所码状态', 'Code')} value={state} onChange={(e) => setState(e.currentTarget.value as typeof state)}>
          <option value="">{w('全部状态', 'In use or suspended')}</option>
          <option value="in_use">{w('正常', 'In use')}</option>
          <option value="suspended">{w('已暂停', 'Suspended')}</option>
        </select>
        <label class="choice">
          <input type="checkbox" checked={waitingOnly} onChange={() => setWaitingOnly(!waitingOnly)} />
          {w('只看申请统计权限的', 'Only those asking for statistics')}
        </label>
        <button type="submit">{w('查找', 'Find')}</button>
      </form>
      {error && <p class="form-error">{error}</p>}
      {venues && venues.length === 0 && <p class="note">{w('没有符合条件的场所', 'No venue matches')}</p>}
      {venues && venues.length > 0 && (
        <DataTable card testId="venues">
          <Headings labels={[w('场所', 'Venue'), w('联系人', 'Contact'), w('访客统计', 'Statistics'), w('场所码', 'Code'), w('理由（暂停、恢复时必填）', 'Reason (to suspend or reinstate)'), '']} />
          <tbody>
            {venues.map((v) => (
              <tr data-venue={v.name}>
                <td>
                  <strong>{v.name}</strong>
                  <br />
                  <small>
                    {VENUE_CATEGORY_LABELS[v.category]?.[lang.value] ?? v.category} · {v.regionName} {v.address}
                  </small>
                </td>
                <td>
                  {v.contactName} {v.contactPhone}
                </td>
                <td>{statsState(v)}</td>
                <td>{v.suspended ? `${w('已暂停', 'Suspended')}${colon()}${v.suspendReason ?? ''}` : w('正常', 'In use')}</td>
                <td>
                  <input value={reasons[v.id] ?? ''} aria-label={w('理由', 'Reason')} onInput={(e) => setReasons({ ...reasons, [v.id]: e.currentTarget.value })} />
                </td>
                <td class="actions">
                  {v.statsGrantedAt === null && (
                    <button type="button" class="small" onClick={() => void act(v, 'stats-grant')}>
                      {w('开通统计', 'Grant statistics')}
                    </button>
                  )}
                  <button type="button" class="small" onClick={() => void act(v, v.suspended ? 'reinstate' : 'suspend')}>
                    {v.suspended ? w('恢复', 'Reinstate') : w('暂停', 'Suspend')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <MorePages list={list} />
    </div>
  );
}
