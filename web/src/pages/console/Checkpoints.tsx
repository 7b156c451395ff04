/** Who verifies: checkpoint organisations and their verifiers, trusted platforms (互通互认), and revoking paper codes. */
import type { InputHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { DataTable, errorText, Headings, useList, w } from './common';
import { formatInstant } from '../../time';

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
  /** The form's submit handler: runs `action`, then says what it answers (or what went wrong) and clears the fields. */
  const submit = (action: () => Promise<string>) => async (event: Event) => {
    event.preventDefault();
    try {
      setSaid(await action());
      setValues(initial);
    } catch (e) {
      setSaid(errorText(e));
    }
  };
  return { values, bind, said, submit };
}



/** A labelled input bound to one field of a form made with `useFields`. */
function Input<T extends Record<string, string>>({ fields, name, label, ...rest }: { fields: ReturnType<typeof useFields<T>>; name: keyof T & string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const bound = fields.bind(name);
  return (
    <>
      <label for={bound.id}>{label}</label>
      <input {...rest} {...bound} />
    </>
  );
}

function Organisations() {
  const [list, load] = useList<Organisation>('/authority/organisations');
  const [chosen, setChosen] = useState<string | null>(null);
  const organisation = useFields('organisation', { name: '' });
  const verifier = useFields('verifier', { name: '', phone: '', password: '' });
  return (
    <section class="card" data-testid="organisations">
      <h1>{w('核验单位', 'Checkpoint organisations')}</h1>
      <DataTable>
        <Headings labels={[w('名称', 'Name'), w('核验员', 'Verifiers'), w('创建时间', 'Created'), '']} />
        <tbody>
          {list.map((o) => (
            <tr>
              <td>{o.name}</td>
              <td>{o.verifiers}</td>
              <td>{formatInstant(o.createdAt)}</td>
              <td>
                <button type="button" class="quiet small" onClick={() => setChosen(o.id)}>
                  {w('添加核验员', 'Add a verifier')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <form
        class="inline-form"
        onSubmit={organisation.submit(async () => {
          await api('POST', '/authority/organisations', organisation.values);
          await load();
          return w('已创建', 'Created');
        })}
      >
        <Input fields={organisation} name="name" label={w('新核验单位', 'New organisation')} required />
        <button type="submit" class="primary">{w('创建', 'Create')}</button>
        {organisation.said && <p class="note">{organisation.said}</p>}
      </form>
      {chosen && (
        <form
          class="inline-form"
          data-testid="verifier-form"
          onSubmit={verifier.submit(async () => {
            await api('POST', `/authority/organisations/${chosen}/verifiers`, verifier.values);
            await load();
            return w('已添加，核验员可用此手机号和密码登录', 'Added: the verifier signs in with this phone and password');
          })}
        >
          <h2>
            {w('添加核验员到', 'Add a verifier to')} {list.find((o) => o.id === chosen)?.name}
          </h2>
          <Input fields={verifier} name="name" label={w('姓名', 'Name')} required />
          <Input fields={verifier} name="phone" label={w('手机号', 'Phone')} type="tel" required />
          <Input fields={verifier} name="password" label={w('初始密码', 'Initial password')} type="password" autocomplete="new-password" required />
          <button type="submit" class="primary">{w('添加', 'Add')}</button>
          {verifier.said && <p class="note">{verifier.said}</p>}
        </form>
      )}
    </section>
  );
}

function Partners() {
  const [list, load] = useList<Partner>('/authority/partners');
  const [credential, setCredential] = useState<string | null>(null);
  const partner = useFields('partner', { issuerId: '', name: '', jwksUrl: '', statusUrl: '', outboundCredential: '', ratePerMinute: '6000' });
  return (
    <section class="card" data-testid="partners">
      <h1>{w('互认平台', 'Trusted platforms')}</h1>
      <DataTable>
        <Headings labels={[w('平台', 'Platform'), w('签发方标识', 'Issuer id'), w('公钥数', 'Keys'), w('状态接口', 'Status API'), w('每分钟上限', 'Per minute')]} />
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
      </DataTable>
      <form
        class="inline-form"
        onSubmit={partner.submit(async () => {
          const { ratePerMinute, ...rest } = partner.values;
          const body = Object.fromEntries(Object.entries(rest).filter(([, value]) => value.trim() !== ''));
          const added = await api<{ inboundCredential: string; keys: number }>('POST', '/authority/partners', { ...body, ratePerMinute: Number(ratePerMinute) });
          setCredential(added.inboundCredential);
          await load();
          return w(`已添加，取得公钥 ${added.keys} 个`, `Added, with ${added.keys} keys`);
        })}
      >
        <h2>{w('添加互认平台', 'Trust another platform')}</h2>
        <Input fields={partner} name="issuerId" label={w('签发方标识', 'Issuer id')} required />
        <Input fields={partner} name="name" label={w('平台名称', 'Name')} required />
        <Input fields={partner} name="jwksUrl" label={w('公钥地址 (JWKS)', 'JWKS URL')} type="url" />
        <Input fields={partner} name="statusUrl" label={w('状态接口地址', 'Status API URL')} type="url" />
        <Input fields={partner} name="outboundCredential" label={w('本平台在对方的凭证', 'Our credential there')} type="password" autocomplete="off" />
        <Input fields={partner} name="ratePerMinute" label={w('每分钟请求上限', 'Requests per minute')} inputMode="numeric" />
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
        onSubmit={revoke.submit(async () => {
          await api('POST', `/authority/paper-codes/${encodeURIComponent(revoke.values.paperCodeId.trim())}/revoke`, { reason: revoke.values.reason });
          return w('已撤销，核验时将被拒绝', 'Revoked: verifiers will refuse it');
        })}
      >
        <Input fields={revoke} name="paperCodeId" label={w('纸质码编号（印在码下方）', 'Number printed under the code')} required />
        <Input fields={revoke} name="reason" label={w('原因', 'Reason')} required />
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
