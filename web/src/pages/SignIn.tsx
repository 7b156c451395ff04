import { useEffect, useState } from 'preact/hooks';
import { api, session, type Session } from '../api';
import { Field, FormError, useForm } from '../form';
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
  // Seconds until another code may be asked for; the button counts down meanwhile.
  const [resendIn, setResendIn] = useState(0);
  const [codeSent, setCodeSent] = useState(false);
  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = window.setTimeout(() => setResendIn(resendIn - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [resendIn]);

  const sendCode = () =>
    void form.submit(async ({ phone }) => {
      const sent = await api<{ resendAfterSeconds: number }>('POST', '/auth/sign-in/code', { phone });
      setCodeSent(true);
      setResendIn(sent.resendAfterSeconds);
    });

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
        <Field label={t('smsCode')} name="code" error={form.fieldErrors.code} hint={codeSent ? t('smsCodeSent') : undefined}>
          <div class="paste-row">
            <input {...form.bind('code')} inputMode="numeric" autocomplete="one-time-code" maxLength={6} required />
            <button type="button" onClick={sendCode} disabled={form.busy || resendIn > 0}>
              {resendIn > 0 ? t('resendIn').replace('{seconds}', String(resendIn)) : t('sendCode')}
            </button>
          </div>
        </Field>
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
