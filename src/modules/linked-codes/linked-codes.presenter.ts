/** A linked code as its holder reads it: the platform, the colour there in words, its latest test line. */
import type { Lang } from '../../shared/i18n.ts';
import { presentNucleicAcid, STATUS_LABELS } from '../status/status.presenter.ts';
import type { LinkedCode } from './linked-codes.service.ts';

export function presentLinkedCode(link: LinkedCode, now: number, lang: Lang) {
  const live = link.live;
  return {
    id: link.id,
    issuer: link.issuer,
    linkedAt: link.linkedAt,
    status: live?.status ?? null,
    statusLabel: live ? STATUS_LABELS[live.status][lang] : null,
    name: live?.name || null,
    nucleicAcid: live?.latestTest === undefined ? null : presentNucleicAcid(live.latestTest, now, lang),
  };
}
