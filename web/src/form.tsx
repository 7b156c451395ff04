/** Form plumbing shared by every screen: fields with their own error line, and a submit that maps API errors to fields. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { ID_TYPE_OPTIONS, t } from './i18n';
import { lang } from './prefs';

/** What `bind` spreads onto an input or select. */
export interface Bound {
  name: string;
  id: string;
  value: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  onInput: (event: Event) => void;
}

export function useForm<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof T>(name: K, value: T[K]) => setValues((current) => ({ ...current, [name]: value }));

  /** Props for a text input or select bound to a string field. */
  const bind = (name: keyof T & string): Bound => ({
    name,
    id: `field-${name}`,
    value: values[name] as string,
    'aria-invalid': fieldErrors[name] ? true : undefined,
    'aria-describedby': fieldErrors[name] ? `error-${name}` : undefined,
    onInput: (event: Event) => set(name, (event.currentTarget as HTMLInputElement).value as T[typeof name]),
  });

  async function submit(action: (values: T) => Promise<void>): Promise<void> {
    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    try {
      await action(values);
    } catch (error) {
      if (error instanceof ApiError) {
        setFormError(error.message);
        setFieldErrors(Object.fromEntries(error.fields.map((f) => [f.field, f.message])));
      } else {
        setFormError(t('networkError'));
      }
    } finally {
      setBusy(false);
    }
  }

  return { values, set, bind, submit, fieldErrors, formError, busy };
}

export function Field(props: { label: string; name: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={`field-${props.name}`}>{props.label}</label>
      {props.children}
      {props.hint && !props.error && <small class="hint">{props.hint}</small>}
      {props.error && (
        <small class="field-error" id={`error-${props.name}`} role="alert" data-field={props.name}>
          {props.error}
        </small>
      )}
    </div>
  );
}

export function FormError(props: { message: string | null }) {
  return props.message ? (
    <p class="form-error" role="alert">
      {props.message}
    </p>
  ) : null;
}

/** Document type and number, as every form that identifies a person asks for them. */
export function IdDocumentFields({ form }: { form: { bind: (name: 'idType' | 'idNumber') => Bound; fieldErrors: Record<string, string> } }) {
  return (
    <>
      <Field label={t('idType')} name="idType" error={form.fieldErrors.idType}>
        <select {...form.bind('idType')} onChange={form.bind('idType').onInput}>
          {ID_TYPE_OPTIONS.map((option) => (
            <option value={option.value}>{option[lang.value]}</option>
          ))}
        </select>
      </Field>
      <Field label={t('idNumber')} name="idNumber" error={form.fieldErrors.idNumber}>
        <input {...form.bind('idNumber')} autocomplete="off" autocapitalize="characters" spellcheck={false} />
      </Field>
    </>
  );
}

/**
 * A one-time code texted to a phone: its input, and a button that has it sent (`send` answers the seconds
 * until another may be asked for, or 0 if none was sent) and then counts down until it may send again.
 */
export function SmsCodeField(props: { bound: Bound; error?: string; busy: boolean; sentHint: string; send: () => Promise<number> }) {
  const [resendIn, setResendIn] = useState(0);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = window.setTimeout(() => setResendIn(resendIn - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [resendIn]);
  const onSend = async () => {
    const resendAfter = await props.send();
    if (resendAfter > 0) (setSent(true), setResendIn(resendAfter));
  };
  return (
    <Field label={t('smsCode')} name={props.bound.name} error={props.error} hint={sent ? props.sentHint : undefined}>
      <div class="paste-row">
        <input {...props.bound} inputMode="numeric" autocomplete="one-time-code" maxLength={6} required />
        <button type="button" onClick={() => void onSend()} disabled={props.busy || resendIn > 0}>
          {resendIn > 0 ? t('resendIn').replace('{seconds}', String(resendIn)) : t('sendCode')}
        </button>
      </div>
    </Field>
  );
}
