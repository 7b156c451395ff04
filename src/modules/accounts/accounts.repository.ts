import type { Executor } from '../../db/database.ts';
import { preparedQuery } from '../../db/prepared-query.ts';
import type { AccountsTable, SessionsTable, SignInCodesTable } from '../../db/schema.ts';

export type AccountRow = AccountsTable;
export type SessionRow = SessionsTable;

export async function insertAccount(db: Executor, row: AccountRow): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

export async function findAccountByPhoneLookup(db: Executor, phoneLookup: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('phone_lookup', '=', phoneLookup).executeTakeFirst();
}

export async function findAccountById(db: Executor, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The unexpired session with its account's roles and person, in one query: this runs on every signed-in request. */
const liveSession = preparedQuery((db: Executor, sessionId: string, now: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at', 'accounts.id as account_id', 'accounts.roles', 'accounts.person_id', 'accounts.organisation_id'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .where('accounts.disabled_at', 'is', null),
);

export async function findLiveSession(db: Executor, sessionId: string, now: number) {
  return (await liveSession(db, sessionId, now))[0];
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Signs the account out everywhere, or everywhere but the one session kept. */
export async function deleteSessionsOfAccount(db: Executor, accountId: string, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

export async function setAccountDisabled(db: Executor, accountId: string, by: { accountId: string | null; at: number } | null): Promise<void> {
  await db.updateTable('accounts').set({ disabled_at: by?.at ?? null, disabled_by: by?.accountId ?? null }).where('id', '=', accountId).execute();
}

export async function updatePasswordHash(db: Executor, accountId: string, passwordHash: string): Promise<void> {
  await db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
}

export async function deleteExpiredSessions(db: Executor, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findAccountIdByPersonId(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('accounts').select('id').where('person_id', '=', personId).executeTakeFirst();
  return row?.id;
}

/** Adds a role to an account (e.g. venue_manager on applying for a venue code); no-op if it has it. */
export async function addAccountRole(db: Executor, accountId: string, role: string): Promise<void> {
  const account = await db.selectFrom('accounts').select('roles').where('id', '=', accountId).executeTakeFirst();
  if (!account) return;
  const roles = JSON.parse(account.roles) as string[];
  if (!roles.includes(role)) await db.updateTable('accounts').set({ roles: JSON.stringify([...roles, role]) }).where('id', '=', accountId).execute();
}

/** A new code for the phone replaces the one before. */
export async function replaceSignInCode(db: Executor, row: SignInCodesTable): Promise<void> {
  await db
    .insertInto('sign_in_codes')
    .values(row)
    .onConflict((oc) => oc.column('phone_lookup').doUpdateSet({ code_digest: row.code_digest, expires_at: row.expires_at, attempts_left: row.attempts_left }))
    .execute();
}

/** Spends one try of the phone's live code, in one statement so that concurrent tries cannot share one; its digest, if a try was left. */
export async function spendSignInCodeAttempt(db: Executor, phoneLookup: string, now: number): Promise<string | undefined> {
  const row = await db
    .updateTable('sign_in_codes')
    .set((eb) => ({ attempts_left: eb('attempts_left', '-', 1) }))
    .where('phone_lookup', '=', phoneLookup)
    .where('attempts_left', '>', 0)
    .where('expires_at', '>', now)
    .returning('code_digest')
    .executeTakeFirst();
  return row?.code_digest;
}

export async function deleteExpiredSignInCodes(db: Executor, now: number): Promise<void> {
  await db.deleteFrom('sign_in_codes').where('expires_at', '<=', now).execute();
}

export async function deleteSignInCode(db: Executor, phoneLookup: string): Promise<void> {
  await db.deleteFrom('sign_in_codes').where('phone_lookup', '=', phoneLookup).execute();
}
