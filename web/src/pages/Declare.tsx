/** 打卡: the health declaration of SPEC §3 for oneself or a dependent. */
import { useEffect, useState } from 'preact/hooks';
import { api, session, type DeclarationView, type PersonForHolder } from '../api';
import { Field, FormError, useForm } from '../form';
import { colon, SYMPTOM_OPTIONS, t } from '../i18n';
import { lang } from '../prefs';
import { RegionPicker } from '../region-picker';
import { navigate } from '../router';

type Props = { personId: string; people: PersonForHolder[] };

/**
 * Declared daily, often from the same place: the phone, address and region of the person's latest
 * declaration are filled in (what changes day to day, temperature, symptoms and contacts, is not).
 */
export function Declare(props: Props) {
  const [latest, setLatest] = useState<DeclarationView | null | undefined>(undefined);
  useEffect(() => {
    setLatest(undefined);
    api<DeclarationView[]>('GET', `/persons/${props.personId}/declarations`)
      .then((list) => setLatest(list[0] ?? null))
      .catch(() => setLatest(null));
  }, [props.personId]);
  if (latest === undefined) return <p class="loading">{t('working')}</p>;
  return <DeclarationForm key={props.personId} {...props} latest={latest} />;
}

function DeclarationForm({ personId, people, latest }: Props & { latest: DeclarationView | null }) {
  const person = people.find((p) => p.personId === personId);
  const form = useForm({
    contactPhone: latest?.contactPhone ?? session.value?.phone ?? '',
    address: latest?.address ?? '',
    regionCode: latest?.regionCode ?? '',
    temperature: '36.5',
    symptoms: [] as string[],
    visitedRegions: [] as string[],
    contactWithCase: 'no',
    arrivedFromAbroad: 'no',
  });
  const [visitedPick, setVisitedPick] = useState('');
  const { values, set } = form;

  const toggleSymptom = (symptom: string) =>
    set('symptoms', values.symptoms.includes(symptom) ? values.symptoms.filter((s) => s !== symptom) : [...values.symptoms, symptom]);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (v) => {
      await api('POST', `/persons/${personId}/declarations`, {
        contactPhone: v.contactPhone,
        address: v.address,
        regionCode: v.regionCode,
        temperature: Number(v.temperature),
        symptoms: v.symptoms,
        visitedRegions: v.visitedRegions,
        contactWithCase: v.contactWithCase,
        arrivedFromAbroad: v.arrivedFromAbroad === 'yes',
      });
      navigate(person?.relationship === 'self' ? '/' : `/?person=${personId}`, true);
    });
  };

  const radio = (name: 'contactWithCase' | 'arrivedFromAbroad', options: ('yes' | 'no' | 'unsure')[]) => (
    <div class="choices" role="radiogroup" id={`field-${name}`}>
      {options.map((option) => (
        <label class="choice">
          <input type="radio" name={name} value={option} checked={values[name] === option} onChange={() => set(name, option)} />
          {t(option)}
        </label>
      ))}
    </div>
  );

  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h1>{t('declare')}</h1>
      {person && (
        <p>
          {t('declaredFor')}{colon()}<strong data-testid="declaring-for">{person.name}</strong>
        </p>
      )}
      <p class="note">{t('declarationNote')}</p>
      <FormError message={form.formError} />
      <Field label={t('contactPhone')} name="contactPhone" error={form.fieldErrors.contactPhone}>
        <input {...form.bind('contactPhone')} type="tel" inputMode="tel" />
      </Field>
      <Field label={t('address')} name="address" error={form.fieldErrors.address}>
        <input {...form.bind('address')} autocomplete="street-address" />
      </Field>
      <Field label={t('region')} name="regionCode" error={form.fieldErrors.regionCode}>
        <RegionPicker id="field-regionCode" value={values.regionCode} onChange={(code) => set('regionCode', code)} invalid={!!form.fieldErrors.regionCode} />
      </Field>
      <Field label={t('temperature')} name="temperature" error={form.fieldErrors.temperature}>
        <input {...form.bind('temperature')} type="number" inputMode="decimal" step="0.1" min="34" max="43" />
      </Field>
      <fieldset class="field">
        <legend>{t('symptoms')}</legend>
        <div class="choices">
          <label class="choice">
            <input type="checkbox" checked={values.symptoms.length === 0} onChange={() => set('symptoms', [])} />
            {t('noSymptoms')}
          </label>
          {SYMPTOM_OPTIONS.map((option) => (
            <label class="choice">
              <input type="checkbox" value={option.value} checked={values.symptoms.includes(option.value)} onChange={() => toggleSymptom(option.value)} />
              {option[lang.value]}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset class="field">
        <legend>{t('visited')}</legend>
        {values.visitedRegions.length > 0 && (
          <ul class="chips">
            {values.visitedRegions.map((code, i) => (
              <li class={form.fieldErrors[`visitedRegions.${i}`] ? 'chip-item has-error' : 'chip-item'}>
                {code}
                <button type="button" aria-label={t('remove')} onClick={() => set('visitedRegions', values.visitedRegions.filter((c) => c !== code))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <RegionPicker id="field-visited" value={visitedPick} onChange={setVisitedPick} />
        <button
          type="button"
          disabled={!visitedPick || values.visitedRegions.includes(visitedPick)}
          onClick={() => (set('visitedRegions', [...values.visitedRegions, visitedPick]), setVisitedPick(''))}
        >
          {t('addVisited')}
        </button>
      </fieldset>
      <fieldset class="field">
        <legend>{t('contactWithCase')}</legend>
        {radio('contactWithCase', ['no', 'yes', 'unsure'])}
      </fieldset>
      <fieldset class="field">
        <legend>{t('arrivedFromAbroad')}</legend>
        {radio('arrivedFromAbroad', ['no', 'yes'])}
      </fieldset>
      <button type="submit" class="primary" disabled={form.busy}>
        {form.busy ? t('working') : t('submitDeclaration')}
      </button>
    </form>
  );
}
