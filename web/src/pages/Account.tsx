import { useState } from 'preact/hooks';
import { api, ApiError, canVerify, session, type Session } from '../api';
import { Field, FormError, SmsCodeField, useForm } from '../form';
import { listed, ROLE_LABELS, t } from '../i18n';
import { lang } from '../prefs';
import { navigate } from '../router';

export function Account({ account }: { account: Session }) {
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const signOut = async (everywhere: boolean) => {
    try {
      await api('POST', `/auth/sign-out${everywhere ? '?everywhere=true' : ''}`);
    } catch (error) {
      // Unless the server has ended the session already, it is still open: a device handed over while the
      // network is gone would otherwise still be signed in, the page having only pretended otherwise.
      if (!(error instanceof ApiError && error.status === 401)) {
        setSignOutError(error instanceof ApiError ? error.message : t('networkError'));
        return;
      }
    }
    session.value = null;
    navigate('/sign-in', true);
  };
  const person = account.person;
  return (
    <div class="stack">
      <section class="card">
        <h1>
          {t('welcome')}
          {person?.name ?? account.staffName}
        </h1>
        <p class="note">{t('colourLegend')}</p>
      </section>
      <section class="card" aria-labelledby="my-info">
        <h2 id="my-info">{person ? t('myInfo') : t('staffAccount')}</h2>
        <dl class="facts">
          {person && (
            <>
              <dt>{t('name')}</dt>
              <dd data-testid="own-name">{person.name}</dd>
              <dt>{person.idTypeLabel}</dt>
              <dd data-testid="own-id">{person.idNumber}</dd>
              <dt>{t('assurance')}</dt>
              <dd>{person.identityAssuranceNote}</dd>
            </>
          )}
          <dt>{t('phone')}</dt>
          <dd>{account.phone}</dd>
          <dt>{t('roles')}</dt>
          <dd>{listed(account.roles.map((role) => ROLE_LABELS[role]?.[lang.value] ?? role))}</dd>
        </dl>
      </section>
      <ChangePassword phone={account.phone} />
      <div class="actions">
        {account.roles.some((role) => role.startsWith('authority_')) && (
          <button type="button" class="primary" onClick={() => navigate('/console')}>
            {lang.value === 'en' ? 'Authority console' : '防控控制台'}
          </button>
        )}
        {canVerify(account) && (
          <button type="button" class="primary" onClick={() => navigate('/scan')}>
            {t('scan')}
          </button>
        )}
        <button type="button" onClick={() => signOut(false)}>
          {t('signOut')}
        </button>
        <button type="button" class="quiet" onClick={() => signOut(true)}>
          {t('signOutEverywhere')}
        </button>
      </div>
      {signOutError && (
        <p class="form-error" role="alert" data-testid="sign-out-error">
          {signOutError}
        </p>
      )}
    </div>
  );
}

/** A new password, proved by the current one or, if it is forgotten, by a code texted to the account's phone. */
function ChangePassword({ phone }: { phone: string }) {
  const [byCode, setByCode] = useState(false);
  const [changed, setChanged] = useState(false);
  const form = useForm({ currentPassword: '', code: '', newPassword: '' });
  const sendCode = async () => {
    let resendAfter = 0;
    await form.submit(async () => {
      resendAfter = (await api<{ resendAfterSeconds: number }>('POST', '/auth/sign-in/code', { phone })).resendAfterSeconds;
    });
    return resendAfter;
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    setChanged(false);
    void form.submit(async ({ currentPassword, code, newPassword }) => {
      await api('POST', '/auth/password', byCode ? { code, newPassword } : { currentPassword, newPassword });
      for (const name of ['currentPassword', 'code', 'newPassword'] as const) form.set(name, '');
      setChanged(true);
    });
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate aria-labelledby="change-password">
      <h2 id="change-password">{t('changePassword')}</h2>
      <FormError message={form.formError} />
      {byCode ? (
        <SmsCodeField bound={form.bind('code')} error={form.fieldErrors.code} busy={form.busy} sentHint={t('smsCodeSentToMe')} send={sendCode} />
      ) : (
        <Field label={t('currentPassword')} name="currentPassword" error={form.fieldErrors.currentPassword}>
          <input {...form.bind('currentPassword')} type="password" autocomplete="current-password" required />
        </Field>
      )}
      <button type="button" class="as-link" onClick={() => setByCode(!byCode)}>
        {byCode ? t('rememberPassword') : t('forgotPassword')}
      </button>
      <Field label={t('newPassword')} name="newPassword" error={form.fieldErrors.newPassword} hint={t('passwordHint')}>
        <input {...form.bind('newPassword')} type="password" autocomplete="new-password" required />
      </Field>
      <button type="submit" class="primary" disabled={form.busy}>
        {form.busy ? t('working') : t('changePassword')}
      </button>
      {changed && (
        <p class="note" role="status" data-testid="password-changed">
          {t('passwordChanged')}
        </p>
      )}
    </form>
  );
}
