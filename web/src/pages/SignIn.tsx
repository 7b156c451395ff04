import { api, session, type Session } from '../api';
import { Field, FormError, useForm } from '../form';
import { t } from '../i18n';
import { navigate } from '../router';

/** After sign-in the user returns to where they were sent from (`?next=`), e.g. a venue check-in link. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignIn() {
  const form = useForm({ phone: '', password: '' });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      session.value = await api<Session>('POST', '/auth/sign-in', values);
      navigate(nextPath(), true);
    });
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h1>{t('signIn')}</h1>
      <FormError message={form.formError} />
      <Field label={t('phone')} name="phone" error={form.fieldErrors.phone}>
        <input {...form.bind('phone')} type="tel" inputMode="tel" autocomplete="tel" required />
      </Field>
      <Field label={t('password')} name="password" error={form.fieldErrors.password}>
        <input {...form.bind('password')} type="password" autocomplete="current-password" required />
      </Field>
      <button type="submit" class="primary" disabled={form.busy}>
        {form.busy ? t('working') : t('submitSignIn')}
      </button>
      <p class="switch-link">
        <a href="/register" onClick={(e) => (e.preventDefault(), navigate('/register'))}>
          {t('noAccount')}
        </a>
      </p>
    </form>
  );
}
