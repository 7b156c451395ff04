import { useState } from 'preact/hooks';
import { api, session, type Session } from '../api';
import { Field, FormError, SmsCodeField, useForm } from '../form';
import { t } from '../i18n';
import { navigate } from '../router';

/** After sign-in the user returns to where they were sent from (`?next=`), e.g. a venue check-in link. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign in with the password, or with a one-time code texted to the phone (验证码登录). */
export function SignIn() {
  const [byCode, setByCode] = useState(false);
  const form = useForm({ phone: '', password: '', code: '' });
  const sendCode = async () => {
    let resendAfter = 0;
    await form.submit(async ({ phone }) => {
      resendAfter = (await api<{ resendAfterSeconds: number }>('POST', '/auth/sign-in/code', { phone })).resendAfterSeconds;
    });
    return resendAfter;
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit(async ({ phone, password, code }) => {
      session.value = byCode
        ? await api<Session>('POST', '/auth/sign-in/with-code', { phone, code })
        : await api<Session>('POST', '/auth/sign-in', { phone, password });
      navigate(nextPath(), true);
    });
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h1>{t('signIn')}</h1>
      <div class="segmented" role="group" aria-label={t('signIn')}>
        <button type="button" class={byCode ? '' : 'active'} aria-pressed={!byCode} onClick={() => setByCode(false)}>
          {t('byPassword')}
        </button>
        <button type="button" class={byCode ? 'active' : ''} aria-pressed={byCode} onClick={() => setByCode(true)}>
          {t('byCode')}
        </button>
      </div>
      <FormError message={form.formError} />
      <Field label={t('phone')} name="phone" error={form.fieldErrors.phone}>
        <input {...form.bind('phone')} type="tel" inputMode="tel" autocomplete="tel" required />
      </Field>
      {byCode ? (
        <SmsCodeField bound={form.bind('code')} error={form.fieldErrors.code} busy={form.busy} sentHint={t('smsCodeSent')} send={sendCode} />
      ) : (
        <Field label={t('password')} name="password" error={form.fieldErrors.password}>
          <input {...form.bind('password')} type="password" autocomplete="current-password" required />
        </Field>
      )}
      <button type="submit" class="primary" disabled={form.busy}>
        {form.busy ? t('working') : t('submitSignIn')}
      </button>
      <p class="switch-link">
        <a href="/register" onClick={(e) => (e.preventDefault(), navigate('/register'))}>
          {t('noAccount')}
        </a>
      </p>
      <p class="switch-link">
        <a href="/risk-areas" onClick={(e) => (e.preventDefault(), navigate('/risk-areas'))}>
          {t('riskAreasTitle')}
        </a>
        {' · '}
        <a href="/rules" onClick={(e) => (e.preventDefault(), navigate('/rules'))}>
          {t('rulesTitle')}
        </a>
      </p>
    </form>
  );
}
