import { api, session, type Session } from '../api';
import { Field, FormError, IdDocumentFields, useForm } from '../form';
import { t } from '../i18n';
import { navigate } from '../router';

export function Register() {
  const form = useForm({ name: '', idType: 'resident_id', idNumber: '', phone: '', password: '' });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      session.value = await api<Session>('POST', '/auth/register', values);
      navigate('/', true);
    });
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h1>{t('register')}</h1>
      <p class="note">{t('realNameNote')}</p>
      <FormError message={form.formError} />
      <Field label={t('name')} name="name" error={form.fieldErrors.name}>
        <input {...form.bind('name')} autocomplete="name" required />
      </Field>
        <IdDocumentFields form={form} />
      <Field label={t('phone')} name="phone" error={form.fieldErrors.phone}>
        <input {...form.bind('phone')} type="tel" inputMode="tel" autocomplete="tel" required />
      </Field>
      <Field label={t('password')} name="password" error={form.fieldErrors.password} hint={t('passwordHint')}>
        <input {...form.bind('password')} type="password" autocomplete="new-password" required />
      </Field>
      <button type="submit" class="primary" disabled={form.busy}>
        {form.busy ? t('working') : t('submitRegister')}
      </button>
      <p class="switch-link">
        <a href="/sign-in" onClick={(e) => (e.preventDefault(), navigate('/sign-in'))}>
          {t('haveAccount')}
        </a>
      </p>
    </form>
  );
}
