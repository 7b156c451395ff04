/** The authority console: one page per task, chosen from the tab bar. */
import { session } from '../../api';
import { t } from '../../i18n';
import { navigate, route } from '../../router';
import { w } from './common';
import { Checkpoints } from './Checkpoints';
import { Dashboard } from './Dashboard';
import { Facts, RiskAreas } from './Facts';
import { Appeals, Audit, Overrides, Rules } from './Governance';
import { Persons } from './Persons';
import { Staff } from './Staff';
import { Tracing } from './Tracing';
import { Venues } from './Venues';

const PAGES = [
  { path: '/console', label: () => w('总览', 'Overview'), page: Dashboard },
  { path: '/console/facts', label: () => w('数据录入', 'Facts'), page: Facts },
  { path: '/console/risk-areas', label: () => w('风险地区', 'Risk areas'), page: RiskAreas },
  { path: '/console/tracing', label: () => w('流调', 'Tracing'), page: Tracing },
  { path: '/console/persons', label: () => w('人员查询', 'People'), page: Persons },
  { path: '/console/rules', label: () => w('规则', 'Rules'), page: Rules },
  { path: '/console/venues', label: () => w('场所', 'Venues'), page: Venues },
  { path: '/console/checkpoints', label: () => w('核验与互认', 'Checkpoints'), page: Checkpoints },
  { path: '/console/overrides', label: () => w('人工赋码', 'Overrides'), page: Overrides },
  { path: '/console/appeals', label: () => w('纠错', 'Appeals'), page: Appeals },
  { path: '/console/audit', label: () => w('审计', 'Audit'), page: Audit },
  { path: '/console/staff', label: () => w('工作人员', 'Staff'), page: Staff, onlyFor: 'authority_admin' },
];

export function Console() {
  const path = route.value.split('?')[0]!;
  // A page only some roles may use is not offered to the others (the server refuses them anyway).
  const pages = PAGES.filter((p) => !p.onlyFor || session.value?.roles.includes(p.onlyFor));
  const current = pages.find((p) => p.path === path) ?? pages[0]!;
  const Page = current.page;
  return (
    <div class="console">
      <nav class="console-tabs" aria-label={w('防控控制台', 'Authority console')}>
        {pages.map((p) => (
          <button type="button" class={p === current ? 'tab active' : 'tab'} aria-current={p === current ? 'page' : undefined} onClick={() => navigate(p.path)}>
            {p.label()}
          </button>
        ))}
        <button type="button" class="tab" onClick={() => navigate('/account')}>
          {t('account')}
        </button>
      </nav>
      <Page />
    </div>
  );
}
