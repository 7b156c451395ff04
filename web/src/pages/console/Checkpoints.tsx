/** Who verifies: checkpoint organisations and their verifiers, trusted platforms (互通互认), and revoking paper codes. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { errorText, formatTime, w } from './common';

interface Organisation {
  id: string;
  name: string;
  createdAt: number;
  verifiers: number;
}
interface Partner {
  issuerId: string;
  name: string;
  jwksUrl: string | null;
  keys: number;
  statusUrl: string | null;
  ratePerMinute: number;
}

/** A small form's state: its fields, and the line it says after a submit. */
function useFields<T extends Record<string, string>>(form: string, initial: T) {
  const [values, setValues] = useState(initial);
  const [said, setSaid] = useState<string | null>(null);
  const bind = (name: keyof T & string) => ({
    id: `${form}-${name}`,
    value: values[name],
    onInput: (e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  const run = async (action: () => Promise<string>) => {
    try {
      setSaid(await action());
      setValues(initial);
    } catch (e) {
      setSaid(errorText(e));
    }
  };
  return { values, bind, said, run };
}

function Organisations() {
  const [list, setList] = useState<Organisation[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const load = () => api<Organisation[]>('GET', '/authority/organisations').then(setList).catch(() => undefined);
  useEffect(() => void load(), []);
  const organisation = useFields('organisation', { name: '' });
  const verifier = useFields('verifier', { name: '', phone: '', password: '' });
  return (
    <section class="card" data-testid="organisations">
      <h1>{w('核验单位', 'Checkpoint organisations')}</h1>
      <table class="table">
        <thead>
          <tr>
            <th>{w('名称', 'Name')}</th>
            <th>{w('核验员', 'Verifiers')}</th>
            <th>{w('创建时间', 'Created')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr>
              <td>{o.name}</td>
              <td>{o.verifiers}</td>
              <td>{formatTime(o.createdAt)}</td>
              <td>
                <button type="button" class="quiet small" onClick={() => setChosen(o.id)}>
                  {w('添加核验员', 'Add a verifier')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void organisation.run(async () => {
            await api('POST', '/authority/organisations', organisation.values);
            await load();
            return w('已创建', 'Created');
          });
        }}
      >
        <label for="organisation-name">{w('新核验单位', 'New organisation')}</label>
        <input {...organisation.bind('name')} required />
        <button type="submit" class="primary">{w('创建', 'Create')}</button>
        {organisation.said && <p class="note">{organisation.said}</p>}
      </form>
      {chosen && (
        <form
          class="inline-form"
          data-testid="verifier-form"
          onSubmit={(e) => {
            e.preventDefault();
            void verifier.run(async () => {
              await api('POST', `/authority/organisations/${chosen}/verifiers`, verifier.values);
              await load();
              return w('已添加，核验员可用此手机号和密码登录', 'Added: the verifier signs in with this phone and password');
            });
          }}
        >
          <h2>
            {w('添加核验员到', 'Add a verifier to')} {list.find((o) => o.id === chosen)?.name}
          </h2>
          <label for="verifier-name">{w('姓名', 'Name')}</label>
          <input {...verifier.bind('name')} required />
          <label for="verifier-phone">{w('手机号', 'Phone')}</label>
          <input {...verifier.bind('phone')} type="tel" required />
          <label for="verifier-password">{w('初始密码', 'Initial password')}</label>
          <input {...verifier.bind('password')} type="password" autocomplete="new-password" required />
          <button type="submit" class="primary">{w('添加', 'Add')}</button>
          {verifier.said && <p class="note">{verifier.said}</p>}
        </form>
      )}
    </section>
  );
}

function Partners() {
  const [list, setList] = useState<Partner[]>([]);
  const [credential, setCredential] = useState<string | null>(null);
  const load = () => api<Partner[]>('GET', '/authority/partners').then(setList).catch(() => undefined);
  useEffect(() => void load(), []);
  const partner = useFields('partner', { issuerId: '', name: '', jwksUrl: '', statusUrl: '', outboundCredential: '', ratePerMinute: '6000' });
  return (
    <section class="card" data-testid="partners">
      <h1>{w('互认平台', 'Trusted platforms')}</h1>
      <table class="table">
        <thead>
          <tr>
            <th>{w('平台', 'Platform')}</th>
            <th>{w('签发方标识', 'Issuer id')}</th>
            <th>{w('公钥数', 'Keys')}</th>
            <th>{w('状态接口', 'Status API')}</th>
            <th>{w('每分钟上限', 'Per minute')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr>
              <td>{p.name}</td>
              <td>{p.issuerId}</td>
              <td>{p.keys}</td>
              <td>{p.statusUrl ?? '—'}</td>
              <td>{p.ratePerMinute}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void partner.run(async () => {
            const { ratePerMinute, ...rest } = partner.values;
            const body = Object.fromEntries(Object.entries(rest).filter(([, value]) => value.trim() !== ''));
            const added = await api<{ inboundCredential: string; keys: number }>('POST', '/authority/partners', { ...body, ratePerMinute: Number(ratePerMinute) });
            setCredential(added.inboundCredential);
            await load();
            return w(`已添加，取得公钥 ${added.keys} 个`, `Added, with ${added.keys} keys`);
          });
        }}
      >
        <h2>{w('添加互认平台', 'Trust another platform')}</h2>
        <label for="partner-issuerId">{w('签发方标识', 'Issuer id')}</label>
        <input {...partner.bind('issuerId')} required />
        <label for="partner-name">{w('平台名称', 'Name')}</label>
        <input {...partner.bind('name')} required />
        <label for="partner-jwksUrl">{w('公钥地址 (JWKS)', 'JWKS URL')}</label>
        <input {...partner.bind('jwksUrl')} type="url" />
        <label for="partner-statusUrl">{w('状态接口地址', 'Status API URL')}</label>
        <input {...partner.bind('statusUrl')} type="url" />
        <label for="partner-outboundCredential">{w('本平台在对方的凭证', 'Our credential there')}</label>
        <input {...partner.bind('outboundCredential')} type="password" autocomplete="off" />
        <label for="partner-ratePerMinute">{w('每分钟请求上限', 'Requests per minute')}</label>
        <input {...partner.bind('ratePerMinute')} inputMode="numeric" />
        <button type="submit" class="primary">{w('添加', 'Add')}</button>
        {partner.said && <p class="note">{partner.said}</p>}
      </form>
      {credential && (
        <p class="note" data-testid="inbound-credential">
          {w('对方访问本平台的凭证（仅显示这一次，请安全转交）：', 'Its credential for this platform (shown once; hand it over safely): ')}
          <code>{credential}</code>
        </p>
      )}
    </section>
  );
}

function RevokePaperCode() {
  const revoke = useFields('paper', { paperCodeId: '', reason: '' });
  return (
    <section class="card">
      <h1>{w('撤销纸质码', 'Revoke a paper code')}</h1>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void revoke.run(async () => {
            await api('POST', `/authority/paper-codes/${encodeURIComponent(revoke.values.paperCodeId.trim())}/revoke`, { reason: revoke.values.reason });
            return w('已撤销，核验时将被拒绝', 'Revoked: verifiers will refuse it');
          });
        }}
      >
        <label for="paper-paperCodeId">{w('纸质码编号（印在码下方）', 'Number printed under the code')}</label>
        <input {...revoke.bind('paperCodeId')} required />
        <label for="paper-reason">{w('原因', 'Reason')}</label>
        <input {...revoke.bind('reason')} required />
        <button type="submit" class="primary">{w('撤销', 'Revoke')}</button>
        {revoke.said && <p class="note">{revoke.said}</p>}
      </form>
    </section>
  );
}

export function Checkpoints() {
  return (
    <div class="stack">
      <Organisations />
      <Partners />
      <RevokePaperCode />
    </div>
  );
}
