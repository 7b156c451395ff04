/**
 * Accounts and sessions: registration with real name, sign-in with phone + password or with a one-time
 * code sent by text message, cookie sessions that expire, and sign-out here or everywhere.
 */
import { hash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../crypto/password.ts';
import type { Db, Executor } from '../../db/database.ts';
import { AppError, invalid, type FieldError } from '../../errors.ts';
import { requireSignedIn, ROLES, type Actor, type Role } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskName } from '../../shared/masking.ts';
import { normalizeName, normalizePhone } from '../identity/id-document.ts';
import type { Person } from '../identity/identity.presenter.ts';
import type { IdentityInput, IdentityService } from '../identity/identity.service.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { InvalidationBus } from '../../cache/invalidation-bus.ts';
import type { CacheMaker } from '../../cache/read-through-cache.ts';
import { afterCommit, inTransaction } from '../../db/transactions.ts';
import { deleteGuardianshipsOf } from '../guardians/guardians.repository.ts';
import {
  addAccountRole,
  deleteExpiredSessions,
  deleteExpiredSignInCodes,
  deleteSession,
  deleteSessionsOfAccount,
  deleteSignInCode,
  findAccountById,
  findAccountByPhoneLookup,
  findAccountIdByPersonId,
  findLiveSession,
  insertAccount,
  insertSession,
  replaceSignInCode,
  setAccountDisabled,
  spendSignInCodeAttempt,
  updatePasswordHash,
  type AccountRow,
} from './accounts.repository.ts';
import type { SmsSender } from './sms.ts';
import type { Lang } from '../../shared/i18n.ts';

/** A one-time sign-in code: six digits, five minutes, five tries. */
export const SIGN_IN_CODE_TTL_SECONDS = 300;
const SIGN_IN_CODE_TRIES = 5;
const SIGN_IN_CODE_MESSAGES: Record<Lang, (code: string, minutes: number) => string> = {
  'zh-CN': (code, minutes) => `【健康码】您的登录验证码为${code}，${minutes}分钟内有效。如非本人操作，请忽略本短信。`,
  en: (code, minutes) => `[Health code] Your sign-in code is ${code}, valid for ${minutes} minutes. If you did not ask for it, ignore this message.`,
};

export interface RegistrationInput extends IdentityInput {
  phone: string;
  password: string;
}

export interface StaffAccountInput {
  name: string;
  phone: string;
  password: string;
  roles: Role[];
  /** Verifiers: the organisation they check for. */
  organisationId?: string | null;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
  actor: Actor;
}

export interface AuthenticatedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
}

export interface AccountView {
  accountId: string;
  roles: Role[];
  phone: string;
  /** The holder's own person, shown unmasked to them; null for staff. */
  person: Person | null;
  staffName: string | null;
}

export interface AccountsServiceDeps {
  cipher: PersonalDataCipher;
  identity: IdentityService;
  now: () => number;
  sessionTtlSeconds: number;
  bus: InvalidationBus;
  caches: CacheMaker;
  sms: SmsSender;
  /** Where a failing SMS gateway is reported; the caller is told only that the message was not sent. */
  log: (error: unknown) => void;
}

export type AccountsService = ReturnType<typeof createAccountsService>;

/** What a session is stored under: the token's digest, so the store never holds a usable token. */
// One call, no Hash object: 1 µs against 5 for createHash().update().digest(), on every signed-in request.
export const sessionIdOf = (token: string) => hash('sha256', token, 'base64url');

function passwordProblem(password: string): FieldError | null {
  if (password === '') return { field: 'password', code: 'REQUIRED' };
  const ok = password.length >= 8 && password.length <= 128 && /\p{L}/u.test(password) && /\d/.test(password);
  return ok ? null : { field: 'password', code: 'PASSWORD_WEAK' };
}

export function createAccountsService({ cipher, identity, now, sessionTtlSeconds, bus, caches, sms, log }: AccountsServiceDeps) {
  // Every API request names its session; the live ones are kept here until signed out or changed.
  const sessions = caches.readThrough<AuthenticatedSession>('sessions');
  bus.on('session', (sessionIds) => sessions.drop(sessionIds));
  bus.on('account', (accountIds) => (accountIds === null ? sessions.drop(null) : sessions.dropWhere((s) => accountIds.includes(s.actor.accountId))));
  const phoneLookup = (phone: string) => cipher.keyedHash('phone', phone);
  // Keyed: whoever reads the table cannot try the million codes against it.
  const signInCodeDigest = (lookup: string, code: string) => cipher.keyedHash('sign-in-code', `${lookup}:${code}`);
  const sameDigest = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

  /** Tries the code last texted to the phone: a wrong try spends one of its five, a right one ends it. */
  async function spendSignInCode(db: Executor, lookup: string, code: string): Promise<boolean> {
    const stored = await spendSignInCodeAttempt(db, lookup, now());
    if (stored === undefined || !sameDigest(stored, signInCodeDigest(lookup, code.trim()))) return false;
    await deleteSignInCode(db, lookup);
    return true;
  }

  const actorOf = (account: Pick<AccountRow, 'id' | 'roles' | 'person_id' | 'organisation_id'>): Actor => ({
    accountId: account.id,
    personId: account.person_id,
    roles: JSON.parse(account.roles) as Role[],
    organisationId: account.organisation_id,
  });

  // Told only to whoever proved the account is theirs: anyone else learns nothing from it.
  const requireEnabled = (account: AccountRow) => {
    if (account.disabled_at !== null) throw new AppError('ACCOUNT_DISABLED');
    return account;
  };

  async function openSession(db: Executor, account: AccountRow): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const createdAt = now();
    const expiresAt = createdAt + sessionTtlSeconds * 1000;
    await insertSession(db, { id: sessionIdOf(token), account_id: account.id, csrf_token: csrfToken, created_at: createdAt, expires_at: expiresAt });
    return { token, csrfToken, expiresAt, actor: actorOf(account) };
  }

  async function createAccount(
    db: Executor,
    input: { phone: string; password: string; roles: Role[]; personId: string | null; staffName: string | null; organisationId?: string | null },
  ): Promise<AccountRow> {
    const lookup = phoneLookup(input.phone);
    if (await findAccountByPhoneLookup(db, lookup)) throw new AppError('PHONE_TAKEN', { fields: [{ field: 'phone', code: 'NOT_ALLOWED' }] });
    const row: AccountRow = {
      id: newId(now()),
      phone_lookup: lookup,
      phone_sealed: cipher.encrypt(input.phone),
      password_hash: await hashPassword(input.password),
      roles: JSON.stringify(input.roles),
      person_id: input.personId,
      display_name_sealed: input.staffName === null ? null : cipher.encrypt(input.staffName),
      organisation_id: input.organisationId ?? null,
      created_at: now(),
      disabled_at: null,
      disabled_by: null,
    };
    await insertAccount(db, row);
    return row;
  }

  /**
   * A person whose code a guardian holds (代领) takes it over by registering themself: same person, same
   * history, and the guardians no longer hold it. Anyone else with that document is refused (一人一码).
   */
  async function takeOverOrCreatePerson(db: Executor, claim: IdentityInput): Promise<Person> {
    const existing = await identity.findByDocument(db, claim.idType, claim.idNumber);
    if (!existing) return identity.createPerson(db, claim);
    if ((await findAccountIdByPersonId(db, existing.id)) || existing.name !== claim.name) {
      throw new AppError('ALREADY_REGISTERED', { fields: [{ field: 'idNumber', code: 'NOT_ALLOWED' }] });
    }
    await deleteGuardianshipsOf(db, existing.id);
    await insertAuditEntry(db, { at: now(), actorAccountId: null, action: 'person.take_over', subjectPersonId: existing.id, reason: null, details: {} });
    return existing;
  }

  return {
    /** Gives an account another role; its sessions carry the new roles from the next request on. */
    async grantRole(db: Executor, accountId: string, role: Role): Promise<void> {
      await addAccountRole(db, accountId, role);
      afterCommit(db, () => bus.publish('account', [accountId]));
    },

    /** A resident registers with real name and gets a holder account, signed in at once. */
    async register(db: Executor, input: RegistrationInput): Promise<NewSession> {
      const { fields, claim } = identity.validate(input);
      const phone = normalizePhone(input.phone);
      if (!phone) fields.push({ field: 'phone', code: input.phone.trim() ? 'PHONE_INVALID' : 'REQUIRED' });
      const weak = passwordProblem(input.password);
      if (weak) fields.push(weak);
      if (fields.length > 0 || !claim || !phone) throw invalid(...fields);
      const person = await takeOverOrCreatePerson(db, claim);
      const account = await createAccount(db, { phone, password: input.password, roles: ['holder'], personId: person.id, staffName: null });
      return openSession(db, account);
    },

    /** Staff accounts (authority, verifiers, venue managers) are created by the CLI or the authority. */
    async createStaffAccount(db: Executor, input: StaffAccountInput): Promise<Actor> {
      const fields: FieldError[] = [];
      const name = normalizeName(input.name);
      if (!name) fields.push({ field: 'name', code: 'NAME_INVALID' });
      const phone = normalizePhone(input.phone);
      if (!phone) fields.push({ field: 'phone', code: 'PHONE_INVALID' });
      const weak = passwordProblem(input.password);
      if (weak) fields.push(weak);
      if (input.roles.length === 0 || input.roles.some((role) => !ROLES.includes(role))) fields.push({ field: 'roles', code: 'NOT_ALLOWED' });
      if (fields.length > 0 || !name || !phone) throw invalid(...fields);
      return actorOf(
        await createAccount(db, { phone, password: input.password, roles: input.roles, personId: null, staffName: name, organisationId: input.organisationId }),
      );
    },

    /**
     * The account an operator acts as on the command line (`healthcode import … --as PHONE`), so that the
     * audit log names who did it; null if none has that phone. No password: whoever runs the CLI holds the
     * store and its keys.
     */
    async actorByPhone(db: Executor, phone: string): Promise<Actor | null> {
      const normalized = normalizePhone(phone);
      const account = normalized ? await findAccountByPhoneLookup(db, phoneLookup(normalized)) : undefined;
      return account ? actorOf(account) : null;
    },

    async signIn(db: Executor, input: { phone: string; password: string }): Promise<NewSession> {
      const phone = normalizePhone(input.phone);
      const account = phone ? await findAccountByPhoneLookup(db, phoneLookup(phone)) : undefined;
      // Always pay for one scrypt so that response time does not tell whether the phone is registered.
      const matches = await verifyPassword(input.password, account?.password_hash ?? DECOY_PASSWORD_HASH);
      if (!account || !matches) throw new AppError('INVALID_CREDENTIALS');
      return openSession(db, requireEnabled(account));
    },

    /**
     * Sends a one-time sign-in code by text message to a registered phone. The answer is the same for a number
     * that is not registered (nothing is sent): it does not tell who has an account.
     */
    async requestSignInCode(db: Executor, input: { phone: string }, lang: Lang): Promise<void> {
      const phone = normalizePhone(input.phone);
      if (!phone) throw invalid({ field: 'phone', code: 'INVALID_FORMAT' });
      const lookup = phoneLookup(phone);
      if (!(await findAccountByPhoneLookup(db, lookup))) return;
      const code = String(randomInt(1_000_000)).padStart(6, '0');
      await replaceSignInCode(db, {
        phone_lookup: lookup,
        code_digest: signInCodeDigest(lookup, code),
        expires_at: now() + SIGN_IN_CODE_TTL_SECONDS * 1000,
        attempts_left: SIGN_IN_CODE_TRIES,
      });
      try {
        await sms.send(phone, SIGN_IN_CODE_MESSAGES[lang](code, SIGN_IN_CODE_TTL_SECONDS / 60));
      } catch (error) {
        log(error);
        await deleteSignInCode(db, lookup);
        throw new AppError('SMS_FAILED');
      }
    },

    /** Signs in with the code last sent to the phone; each wrong try spends one of its five, and a right one ends it. */
    async signInWithCode(db: Executor, input: { phone: string; code: string }): Promise<NewSession> {
      const phone = normalizePhone(input.phone);
      const lookup = phone ? phoneLookup(phone) : undefined;
      const account = lookup && (await spendSignInCode(db, lookup, input.code)) ? await findAccountByPhoneLookup(db, lookup) : undefined;
      if (!account) throw new AppError('INVALID_SIGN_IN_CODE');
      return openSession(db, requireEnabled(account));
    },

    /**
     * Sets a new password, proved by the current one or, when it is forgotten, by a code texted to the
     * account's phone (`requestSignInCode`). Every other session of the account is signed out; this one stays.
     * The proof is checked outside the transaction: a wrong code's spent try must stay spent.
     */
    async changePassword(db: Db, actor: Actor | null, sessionId: string | null, input: { currentPassword?: string; code?: string; newPassword: string }): Promise<void> {
      const signedIn = requireSignedIn(actor);
      const account = await findAccountById(db, signedIn.accountId);
      if (!account) throw new AppError('UNAUTHENTICATED');
      const weak = passwordProblem(input.newPassword);
      if (weak) throw invalid({ ...weak, field: 'newPassword' });
      if (input.code !== undefined) {
        if (!(await spendSignInCode(db, account.phone_lookup, input.code))) throw invalid({ field: 'code', code: 'CODE_WRONG' });
      } else if (!input.currentPassword) {
        throw invalid({ field: 'currentPassword', code: 'REQUIRED' });
      } else if (!(await verifyPassword(input.currentPassword, account.password_hash))) {
        throw invalid({ field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' });
      }
      const passwordHash = await hashPassword(input.newPassword);
      await inTransaction(db, async (trx) => {
        await updatePasswordHash(trx, account.id, passwordHash);
        await deleteSessionsOfAccount(trx, account.id, sessionId ?? undefined);
        await insertAuditEntry(trx, { at: now(), actorAccountId: account.id, action: 'account.password_change', subjectPersonId: account.person_id, reason: null, details: { proof: input.code !== undefined ? 'sms_code' : 'password' } });
        afterCommit(trx, () => bus.publish('account', [account.id]));
      });
    },

    async authenticate(db: Executor, token: string): Promise<AuthenticatedSession | null> {
      const at = now();
      const sessionId = sessionIdOf(token);
      const session = await sessions.get(sessionId, at, async () => {
        const row = await findLiveSession(db, sessionId, at);
        if (!row) return undefined;
        const actor = actorOf({ id: row.account_id, roles: row.roles, person_id: row.person_id, organisation_id: row.organisation_id });
        return { value: { sessionId: row.session_id, csrfToken: row.csrf_token, actor }, expiresAt: row.expires_at };
      });
      return session ?? null;
    },

    async signOut(db: Executor, actor: Actor | null, sessionId: string | null, everywhere: boolean): Promise<void> {
      const signedIn = requireSignedIn(actor);
      if (everywhere) {
        await deleteSessionsOfAccount(db, signedIn.accountId);
        afterCommit(db, () => bus.publish('account', [signedIn.accountId]));
      } else if (sessionId) {
        await deleteSession(db, sessionId);
        afterCommit(db, () => bus.publish('session', [sessionId]));
      }
    },

    /** Disables an account (`by`: when, and which account did; none from the shell) or enables it again (null); disabling ends its sessions on every process. */
    async setDisabled(db: Executor, accountId: string, by: { accountId: string | null; at: number } | null): Promise<void> {
      await setAccountDisabled(db, accountId, by);
      if (by) await deleteSessionsOfAccount(db, accountId);
      afterCommit(db, () => bus.publish('account', [accountId]));
    },

    /** How the console names the account that did something: a staff member by name, a resident masked. */
    async staffName(db: Executor, accountId: string): Promise<string> {
      const row = await findAccountById(db, accountId);
      if (row?.display_name_sealed) return cipher.decrypt(row.display_name_sealed);
      return row?.person_id ? maskName((await identity.getPerson(db, row.person_id)).name) : accountId;
    },

    /** The caller's own account, unmasked: it is their own data. */
    async getOwnAccount(db: Executor, actor: Actor | null): Promise<AccountView> {
      const signedIn = requireSignedIn(actor);
      const account = await findAccountById(db, signedIn.accountId);
      if (!account) throw new AppError('UNAUTHENTICATED');
      return {
        accountId: account.id,
        roles: signedIn.roles,
        phone: cipher.decrypt(account.phone_sealed),
        person: account.person_id ? await identity.getPerson(db, account.person_id) : null,
        staffName: account.display_name_sealed ? cipher.decrypt(account.display_name_sealed) : null,
      };
    },

    /** Deletes expired sessions (returns how many) and expired sign-in codes. */
    async purgeExpiredSessions(db: Executor): Promise<number> {
      const at = now();
      await deleteExpiredSignInCodes(db, at);
      return deleteExpiredSessions(db, at);
    },
  };
}
