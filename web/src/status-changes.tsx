/** 赋码记录: each change of a person's colour, latest first, with its reasons and the rule set that decided it. */
import { useEffect } from 'preact/hooks';
import { t } from './i18n';
import { MorePages, usePagedList } from './paged-list';
import { STATUS_ICONS } from './status-badge';
import { formatInstant } from './time';
import { lang } from './prefs';

export interface PastStatusView {
  id: string;
  at: number;
  status: 'green' | 'yellow' | 'red' | 'pending';
  label: string;
  reasons: { code: string; text: string }[];
  ruleSetVersion: string;
}

/** A page at a time: the holder's (查看打卡记录) and the console's (人员查询). */
export function StatusChanges({ path }: { path: string }) {
  const changes = usePagedList<PastStatusView>(path, () => new URLSearchParams(), 20);
  useEffect(() => void changes.reload(), [path, lang.value]);
  return (
    <>
      {changes.error && <p class="form-error">{changes.error}</p>}
      <ol class="history" data-testid="status-changes">
        {changes.items?.map((c) => (
          <li class="history-item">
            <div class="history-when">
              {formatInstant(c.at)}
              <small>
                {t('ruleVersion')} {c.ruleSetVersion}
              </small>
            </div>
            <div class={`status-word status-word-${c.status}`} data-status={c.status}>
              <span aria-hidden="true">{STATUS_ICONS[c.status]}</span> {c.label}
            </div>
            {c.reasons.map((r) => (
              <div class="note">{r.text}</div>
            ))}
          </li>
        ))}
      </ol>
      <MorePages list={changes} />
    </>
  );
}

