import type { Lang } from '../../shared/i18n.ts';
import { presentPersonInFull } from '../identity/identity.presenter.ts';
import type { AccountView } from './accounts.service.ts';

/** The caller's own account: unmasked, because it is theirs. */
export function presentOwnAccount(account: AccountView, csrfToken: string, lang: Lang, timeZone: string) {
  return {
    accountId: account.accountId,
    roles: account.roles,
    phone: account.phone,
    person: account.person && presentPersonInFull(account.person, lang),
    staffName: account.staffName,
    csrfToken,
    timeZone,
  };
}
