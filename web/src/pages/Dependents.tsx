/** 代领: add and remove dependents whose codes this holder holds. */
import { api, type PersonForHolder } from '../api';
import { Field, FormError, IdDocumentFields, useForm } from '../form';
import { RELATIONSHIP_LABELS, t } from '../i18n';
import { lang } from '../prefs';
import { navigate } from '../router';

export function Dependents({ people, onChange }: { people: PersonForHolder[]; onChange: () => Promise<void> }) {
  const form = useForm({ name: '', idType: 'resident_id', idNumber: '', relationship: 'parent' });
  const dependents = people.filter((p) => p.relationship !== 'self');

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      await api('POST', '/dependents', values);
      await onChange();
      navigate('/', true);
    });
  };
  const remove = async (personId: string) => {
    if (!window.confirm(t('confirmRemove'))) return;
    await api('DELETE', `/dependents/${personId}`);
    await onChange();
  };

  return (
    <div class="stack">
      <section class="card">
        <h1>{t('dependents')}</h1>
        <p class="note">{t('dependentsNote')}</p>
        {dependents.length === 0 ? (
          <p class="note">{t('noDependents')}</p>
        ) : (
          <ul class="people">
            {dependents.map((p) => (
              <li>
                <span>
                  <strong>{p.name}</strong> · {RELATIONSHIP_LABELS[p.relationship]?.[lang.value]}
                  <br />
                  <small class="note">
                    {p.idTypeLabel} {p.idNumber}
                  </small>
                </span>
                <button type="button" class="quiet" onClick={() => void remove(p.personId)}>
                  {t('remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <form class="card" onSubmit={onSubmit} noValidate>
        <h2>{t('addDependent')}</h2>
        <FormError message={form.formError} />
        <Field label={t('name')} name="name" error={form.fieldErrors.name}>
          <input {...form.bind('name')} />
        </Field>
        <IdDocumentFields form={form} />
        <Field label={t('relationship')} name="relationship" error={form.fieldErrors.relationship}>
          <select {...form.bind('relationship')} onChange={form.bind('relationship').onInput}>
            {Object.entries(RELATIONSHIP_LABELS)
              .filter(([value]) => value !== 'self')
              .map(([value, label]) => (
                <option value={value}>{label[lang.value]}</option>
              ))}
          </select>
        </Field>
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? t('working') : t('addDependent')}
        </button>
      </form>
    </div>
  );
}
