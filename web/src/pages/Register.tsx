import { api, session, type Session } from '../api';
import { Field, FormError, useForm } from '../form';
import { ID_TYPE_OPTIONS, t } from '../i18n';
import { lang } from '../prefs';
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
      <Field label={t('idType')} name="idType" error={form.fieldErrors.idType}>
        <select {...form.bind('idType')} onChange={form.bind('idType').onInput}>
          {ID_TYPE_OPTIONS.map((option) => (
            <option value={option.value}>{option[lang.value]}</option>
          ))}
        </select>
      </Field>
      <Field label={t('idNumber')} name="idNumber" error={form.fieldErrors.idNumber}>
        <input {...form.bind('idNumber')} autocomplete="off" autocapitalize="characters" spellcheck={false} required />
      </Field>
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
