/** A past status as it was decided: its colour and reasons in words, and the rule-set version that decided it. */
import type { Lang } from '../../shared/i18n.ts';
import { presentReasonText, STATUS_LABELS } from '../status/status.presenter.ts';
import type { StoredStatus } from '../status/status.service.ts';

export function presentPastStatus(entry: StoredStatus & { id: string }, lang: Lang, timeZone: string) {
  return {
    id: entry.id,
    at: entry.computedAt,
    status: entry.status,
    label: STATUS_LABELS[entry.status][lang],
    reasons: entry.reasons.map((reason) => ({ code: reason.code, status: reason.status, text: presentReasonText(reason, lang, timeZone) })),
    ruleSetVersion: entry.ruleSetVersion,
  };
}
