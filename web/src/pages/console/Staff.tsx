/** Staff accounts, for administrators: who can use the console or scan codes, and ending that when someone leaves. */
import { useState } from 'preact/hooks';
import { api, session } from '../../api';
import { listed, ROLE_LABELS } from '../../i18n';
import { lang } from '../../prefs';
import { formatInstant } from '../../time';
import { DataTable, errorText, Headings, useList, w } from './common';

interface StaffAccount {
  accountId: string;
  name: string;
  phone: string;
  roles: string[];
  organisation: string | null;
  createdAt: number;
  disabledAt: number | null;
}

export function Staff() {
  const [list, load] = useList<StaffAccount>('/authority/staff');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const change = async (account: StaffAccount) => {
    try {
      await api('POST', `/authority/staff/${account.accountId}/${account.disabledAt === null ? 'disable' : 'enable'}`, { reason: reasons[account.accountId] ?? '' });
      setMessage(null);
      setReasons({ ...reasons, [account.accountId]: '' });
      await load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  return (
    <section class="card" data-testid="staff">
      <h1>{w('工作人员账号', 'Staff accounts')}</h1>
      <p class="note">
        {w(
          '人员离岗时停用其账号：立即退出所有设备，不能再登录；停用和恢复均须填写理由并记入审计日志。管理账号由运维人员用 healthcode admin create 创建，核验员在“核验与互认”中添加。',
          'Disable an account when its holder leaves the job: it is signed out everywhere at once and cannot sign in again. Disabling and enabling each need a reason and go to the audit log. Authority accounts are created by the operator with healthcode admin create; verifiers are added under Checkpoints.',
        )}
      </p>
      {message && <p class="form-error">{message}</p>}
      <DataTable>
        <Headings labels={[w('姓名', 'Name'), w('手机号', 'Phone'), w('角色', 'Roles'), w('核验单位', 'Organisation'), w('状态', 'Status'), '']} />
        <tbody>
          {list.map((s) => {
            const self = s.accountId === session.value?.accountId;
            return (
              <tr data-testid="staff-account" data-disabled={s.disabledAt !== null}>
                <td>{s.name}</td>
                <td>{s.phone}</td>
                <td>{listed(s.roles.map((role) => ROLE_LABELS[role]?.[lang.value] ?? role))}</td>
                <td>{s.organisation ?? '—'}</td>
                <td>{s.disabledAt === null ? w('在用', 'In use') : `${w('已停用', 'Disabled')} ${formatInstant(s.disabledAt)}`}</td>
                <td>
                  {self ? (
                    w('本人', 'You')
                  ) : (
                    <div class="inline-form">
                      <input
                        value={reasons[s.accountId] ?? ''}
                        onInput={(e) => setReasons({ ...reasons, [s.accountId]: e.currentTarget.value })}
                        aria-label={w('理由', 'Reason')}
                        placeholder={w('理由（必填）', 'Reason (required)')}
                      />
                      <button type="button" onClick={() => void change(s)}>
                        {s.disabledAt === null ? w('停用', 'Disable') : w('恢复', 'Enable')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
    </section>
  );
}
