/** A check's outcome as the verifier's screen shows it: masked identity only, the result in words. */
import type { Lang } from '../../shared/i18n.ts';
import { STATUS_LABELS, presentNucleicAcid, presentReasonText } from '../status/status.presenter.ts';
import type { VerificationOutcome, VerificationResult } from './verification.service.ts';

const RESULT_MESSAGES: Record<VerificationResult, Record<Lang, string>> = {
  valid: { 'zh-CN': '核验通过', en: 'Verified' },
  expired: { 'zh-CN': '已过期，请刷新', en: 'Expired: ask the holder to refresh the code' },
  invalid: { 'zh-CN': '二维码无效或已被篡改，请勿放行', en: 'Invalid or altered code: do not let through' },
  untrusted: { 'zh-CN': '非可信平台签发的健康码，无法核验', en: 'Issued by a platform this one does not trust' },
  revoked: { 'zh-CN': '该纸质码已被撤销，请勿放行', en: 'This paper code has been revoked: do not let through' },
};

const KIND_LABELS = { holder: { 'zh-CN': '健康码', en: 'Health code' }, paper: { 'zh-CN': '纸质码', en: 'Paper code' } };

export function presentOutcome(outcome: VerificationOutcome, lang: Lang, timeZone: string) {
  return {
    result: outcome.result,
    message: RESULT_MESSAGES[outcome.result][lang],
    kind: outcome.kind,
    kindLabel: KIND_LABELS[outcome.kind][lang],
    issuer: outcome.issuer,
    status: outcome.status,
    statusLabel: outcome.status ? STATUS_LABELS[outcome.status][lang] : null,
    statusSource: outcome.statusSource,
    reasons: outcome.reasons.map((reason) => presentReasonText(reason, lang, timeZone)),
    nucleicAcid: outcome.latestTest === undefined ? null : presentNucleicAcid(outcome.latestTest, outcome.checkedAt, lang),
    name: outcome.name,
    idNumber: outcome.idNumber,
    expiresAt: outcome.expiresAt,
    checkedAt: outcome.checkedAt,
    mode: 'online' as const,
  };
}
