/**
 * Talks to /api/v1: sends the chosen language, keeps the CSRF token of the session, and turns error
 * bodies into ApiError with per-field messages already in the user's language.
 */
import { batch, effect, signal } from '@preact/signals';
import { readJson, writeJson } from './device-storage';
import { clauses } from './i18n';
import { lang } from './prefs';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** What went wrong, in words: each field's own message where there are any (a page may not mark its fields), else the error's. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return lang.value === 'en' ? 'Network error; please try again' : '网络连接失败，请稍后再试';
  return error.fields.length ? clauses([...new Set(error.fields.map((f) => f.message))]) : error.message;
}

export interface Person {
  id: string;
  name: string;
  idType: string;
  idTypeLabel: string;
  idNumber: string;
  identityAssurance: string;
  identityAssuranceNote: string;
}

export interface Session {
  accountId: string;
  roles: string[];
  phone: string;
  person: Person | null;
  staffName: string | null;
  csrfToken: string;
  timeZone: string;
}

/** The signed-in account; undefined while loading, null when signed out. */
export const session = signal<Session | null | undefined>(undefined);

/** Whether the account may scan codes: verifiers, and the authority's staff. */
export const canVerify = (account: Session) => account.roles.some((role) => role === 'verifier' || role.startsWith('authority_'));

/**
 * True while the account shown is the one kept on this device because the server could not be reached: the
 * app then opens the scan page, which verifies offline (离线核验) and uploads its checks once back online.
 */
export const sessionFromDevice = signal(false);

/** True when the server could not be reached to say who is signed in, and no account is kept: `session` stays unknown. */
export const serverUnreachable = signal(false);

/**
 * A verifier's account as last seen, kept on the device so that the scan page opens without a network (a
 * checkpoint out of coverage, a kiosk restarted offline). Only accounts that verify, and without their phone
 * or any holder's data; dropped when the account signs out or the server says it is signed out.
 */
const KEPT_SESSION_KEY = 'hc.verifierSession';

effect(() => {
  const account = session.value;
  if (account === undefined || sessionFromDevice.value) return;
  writeJson(KEPT_SESSION_KEY, account && canVerify(account) ? { ...account, phone: '', person: null } : null);
});

/** Requests refused as overloaded that are waiting to be sent again; while there are any, the page says so. */
export const waitingForBusyServer = signal(0);

/** Times a request refused as overloaded is sent again before its error is shown. */
const BUSY_RETRIES = 3;

/**
 * How long to wait before asking again: the server's Retry-After, stretched at random by up to a half, so that
 * the phones refused in the same second (a crowd at a checkpoint) do not all come back in the same second.
 */
function busyPauseMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return (seconds > 0 ? seconds : 2) * 1000 * (1 + Math.random() / 2);
}

/**
 * `retryWhenBusy: false` gives the caller a refusal for overload at once: the scan page then checks offline
 * instead of keeping the queue at a checkpoint waiting.
 */
export async function api<T>(method: string, path: string, body?: unknown, { retryWhenBusy = true }: { retryWhenBusy?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': lang.value };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session.value?.csrfToken) headers['x-csrf-token'] = session.value.csrfToken;
  let response: Response;
  let data: { error?: { code?: string; message?: string; fields?: FieldProblem[] } } | undefined;
  for (let retries = 0; ; retries++) {
    try {
      response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'NETWORK', lang.value === 'en' ? 'Network error; please try again' : '网络连接失败，请稍后再试');
    }
    if (response.status === 204) return undefined as T;
    data = await response.json().catch(() => ({}));
    // An overloaded server refuses a request before doing any of it, so sending it again (a write too) cannot do it twice.
    if (response.status !== 503 || data?.error?.code !== 'OVERLOADED' || !retryWhenBusy || retries === BUSY_RETRIES) break;
    waitingForBusyServer.value++;
    await new Promise((resolve) => setTimeout(resolve, busyPauseMs(response)));
    waitingForBusyServer.value--;
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'UNKNOWN', error.message ?? response.statusText, error.fields ?? []);
  }
  return data as T;
}

/**
 * Asks the server who is signed in. When it cannot be reached (no network, or still overloaded after asking
 * again), a verifier's kept account opens the scan page; anyone else is told so, not sent to sign in again.
 */
export async function loadSession(): Promise<void> {
  let account: Session | null | undefined;
  let unreachable = false;
  try {
    account = await api<Session>('GET', '/auth/session');
  } catch (error) {
    unreachable = error instanceof ApiError && (error.status === 0 || error.code === 'OVERLOADED');
    account = unreachable ? (readJson<Session | null>(KEPT_SESSION_KEY, null) ?? undefined) : null;
  }
  batch(() => {
    sessionFromDevice.value = unreachable && account !== undefined;
    serverUnreachable.value = unreachable && account === undefined;
    session.value = account;
  });
}

export interface StatusView {
  status: 'green' | 'yellow' | 'red' | 'pending';
  label: string;
  headline: string;
  reasons: { code: string; status: string; since: number; text: string; clears: string; clearsAt: number | null; appealable: { factType: string; factId: string } | null }[];
  clearsAt: number | null;
  ruleSetVersion: string;
  computedAt: number;
}

/** The latest nucleic-acid test by its age (24小时内核酸阴性 …), worded by the server. */
export interface NucleicAcidView {
  line: 'negative_24h' | 'negative_48h' | 'negative_72h' | 'positive' | 'none_recent';
  label: string;
  sampledAt: number | null;
}

export interface CodeView {
  personId: string;
  name: string;
  status: StatusView;
  nucleicAcid: NucleicAcidView;
  token: string | null;
  url: string | null;
  qrColour: string;
  issuedAt: number;
  expiresAt: number | null;
  serverTime: number;
  timeZone: string;
}

export interface PersonForHolder {
  personId: string;
  name: string;
  idTypeLabel: string;
  idNumber: string;
  relationship: string;
}

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
}

export interface DeclarationView {
  id: string;
  declaredAt: number;
  day: string;
  contactPhone: string;
  address: string;
  regionCode: string;
  regionName: string;
  temperature: number;
  symptoms: string[];
  visitedRegions: { code: string; name: string }[];
  contactWithCase: string;
  arrivedFromAbroad: boolean;
  counts: boolean;
  /** When the health authority found it false (不实申报). */
  markedFalseAt: number | null;
  /** The risk level now of the place declared; null for none. */
  riskLevel: 'low' | 'medium' | 'high' | null;
}

export interface VenueView {
  id: string;
  name: string;
  category: string;
  address: string;
  regionCode: string;
  regionName: string;
  contactName: string;
  contactPhone: string;
  suspended: boolean;
  suspendReason: string | null;
  screenOnly: boolean;
  statsRequestedAt: number | null;
  statsGrantedAt: number | null;
}

export interface VenueCodeView {
  venue: VenueView;
  url: string;
  qrSvg: string;
  validUntil?: number;
  serverTime?: number;
  timeZone?: string;
}

export interface PassView {
  venue: { name: string; category: string; address: string; regionName: string };
  checkedInAt: number;
  serverTime: number;
  timeZone: string;
  entries: { checkinId: string; personId: string; name: string; status: StatusView['status']; statusLabel: string; mayEnter: boolean }[];
}
