/** The venue manager's pages: apply (one per person), the venue's tools, and registering visitors without phones. */
import { useEffect, useState } from 'preact/hooks';
import { api, loadSession, session, type PassView, type VenueView } from '../api';
import { Field, FormError, IdDocumentFields, useForm } from '../form';
import { colon, t, VENUE_CATEGORY_LABELS } from '../i18n';
import { lang } from '../prefs';
import { RegionPicker } from '../region-picker';
import { navigate } from '../router';
import { PassEntryWords } from '../status-badge';

export function useMyVenue() {
  const [venue, setVenue] = useState<VenueView | null | undefined>(undefined);
  const reload = () =>
    api<VenueView>('GET', '/venues/mine')
      .then(setVenue)
      .catch(() => setVenue(null));
  useEffect(() => void reload(), [lang.value]);
  return { venue, setVenue, reload };
}

function ApplyVenue({ onApplied }: { onApplied: (venue: VenueView) => void }) {
  // Whoever applies is usually the contact: their own name and number to start with.
  const form = useForm({ name: '', category: 'mall', address: '', regionCode: '', contactName: session.value?.person?.name ?? '', contactPhone: session.value?.phone ?? '' });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => onApplied(await api<VenueView>('POST', '/venues', values)));
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h1>{t('applyVenue')}</h1>
      <p class="note">{t('venueNote')}</p>
      <FormError message={form.formError} />
      <Field label={t('venueName')} name="name" error={form.fieldErrors.name}>
        <input {...form.bind('name')} />
      </Field>
      <Field label={t('category')} name="category" error={form.fieldErrors.category}>
        <select {...form.bind('category')} onChange={form.bind('category').onInput}>
          {Object.entries(VENUE_CATEGORY_LABELS).map(([value, label]) => (
            <option value={value}>{label[lang.value]}</option>
          ))}
        </select>
      </Field>
      <Field label={t('venueRegion')} name="regionCode" error={form.fieldErrors.regionCode}>
        <RegionPicker id="field-regionCode" value={form.values.regionCode} onChange={(code) => form.set('regionCode', code)} invalid={!!form.fieldErrors.regionCode} />
      </Field>
      <Field label={t('venueAddress')} name="address" error={form.fieldErrors.address}>
        <input {...form.bind('address')} />
      </Field>
      <Field label={t('contactName')} name="contactName" error={form.fieldErrors.contactName}>
        <input {...form.bind('contactName')} />
      </Field>
      <Field label={t('contactPhone')} name="contactPhone" error={form.fieldErrors.contactPhone}>
        <input {...form.bind('contactPhone')} type="tel" inputMode="tel" />
      </Field>
      <button type="submit" class="primary" disabled={form.busy}>
        {form.busy ? t('working') : t('applyVenue')}
      </button>
    </form>
  );
}

export function VenueHome() {
  const { venue, setVenue } = useMyVenue();
  if (venue === undefined) return <p class="loading">{t('working')}</p>;
  // Applying makes the account a venue manager: reload the session so its roles are current.
  if (venue === null) return <ApplyVenue onApplied={(v) => void loadSession().then(() => setVenue(v))} />;
  const toggleScreenOnly = async () => setVenue(await api<VenueView>('PUT', '/venues/mine/screen-only', { screenOnly: !venue.screenOnly }));
  const requestStats = async () => setVenue(await api<VenueView>('POST', '/venues/mine/stats-request'));
  return (
    <div class="stack">
      <section class="card">
        <h1 data-testid="venue-name">{venue.name}</h1>
        <p class="note">
          {VENUE_CATEGORY_LABELS[venue.category]?.[lang.value]} · {venue.regionName} {venue.address}
        </p>
        {venue.suspended && (
          <p class="form-error">
            {t('suspended')}{colon()}{venue.suspendReason}
          </p>
        )}
      </section>
      <div class="actions">
        <button type="button" class="primary" onClick={() => navigate('/venue/poster')}>
          {t('poster')}
        </button>
        <button type="button" onClick={() => navigate('/venue/screen')}>
          {t('screenMode')}
        </button>
        <button type="button" onClick={() => navigate('/venue/visitors')}>
          {t('registerVisitor')}
        </button>
      </div>
      <label class="choice">
        <input type="checkbox" checked={venue.screenOnly} onChange={() => void toggleScreenOnly()} />
        {t('screenOnly')}
      </label>
      <section class="card">
        <h2>{t('stats')}</h2>
        {venue.statsGrantedAt ? (
          <button type="button" class="primary" onClick={() => navigate('/venue/stats')}>
            {t('viewStats')}
          </button>
        ) : venue.statsRequestedAt ? (
          <p class="note">{t('statsRequested')}</p>
        ) : (
          <button type="button" onClick={() => void requestStats()}>
            {t('requestStats')}
          </button>
        )}
      </section>
    </div>
  );
}

export function VenueVisitors() {
  const form = useForm({ idType: 'resident_id', idNumber: '', paperCode: '' });
  const [pass, setPass] = useState<PassView | null>(null);
  const register = (body: Record<string, string>) =>
    form.submit(async () => {
      setPass(null);
      setPass(await api<PassView>('POST', '/venues/mine/visitors', body));
    });
  return (
    <div class="stack">
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void register(form.values.paperCode.trim() ? { paperCode: form.values.paperCode } : { idType: form.values.idType, idNumber: form.values.idNumber });
        }}
      >
        <h1>{t('registerVisitor')}</h1>
        <FormError message={form.formError} />
        <IdDocumentFields form={form} />
        <Field label={t('orPaperCode')} name="paperCode" error={form.fieldErrors.paperCode}>
          <input {...form.bind('paperCode')} spellcheck={false} />
        </Field>
        <button type="submit" class="primary" disabled={form.busy}>
          {t('checkInFor')}
        </button>
      </form>
      {pass &&
        pass.entries.map((entry) => (
          <div class={`pass-entry status-${entry.status}`} data-testid="visitor-pass">
            <PassEntryWords entry={entry} />
          </div>
        ))}
    </div>
  );
}
