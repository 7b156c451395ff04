/**
 * Verifying a scanned code (扫描码). Online: the token's signature and expiry against its issuer's keys
 * (this platform's or a trusted partner's), a paper code's revocation, then the holder's *live* status:
 * a code issued green whose holder has turned red since shows red. Every check is recorded. Offline
 * checks made on a verifier's device are uploaded later, each stored once.
 */
import type { Db, Executor } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { decodeCodeToken, tokenFromScan, type CodeClaims, type TokenCheck } from '../codes/code-token.ts';
import type { CodesService } from '../codes/codes.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { PaperCodesService } from '../paper-codes/paper-codes.service.ts';
import type { PartnersService } from '../partners/partners.service.ts';
import type { HolderStatus, Reason } from '../rules/rules.engine.ts';
import type { LatestTest, StatusService } from '../status/status.service.ts';
import type { GroupCommit } from '../../db/group-commit.ts';
import { deleteInBatches } from '../../db/transactions.ts';
import { deleteVerificationsBefore, insertOfflineVerifications, type VerificationRow } from './verification.repository.ts';

export type VerificationResult = 'valid' | 'expired' | 'invalid' | 'untrusted' | 'revoked';

export interface VerificationOutcome {
  result: VerificationResult;
  kind: 'holder' | 'paper';
  issuer: { id: string; name: string } | null;
  /** Live status when it could be had; otherwise the colour the code was issued with (`statusSource: 'token'`). */
  status: HolderStatus | null;
  statusSource: 'live' | 'token' | null;
  reasons: Reason[];
  /** The holder's latest test (null: none), known with a live status: of this platform's holders, or a partner's that reports it. */
  latestTest?: LatestTest | null;
  name: string | null;
  idNumber: string | null;
  subject: string | null;
  paperCodeId: string | null;
  expiresAt: number | null;
  checkedAt: number;
}

export interface OfflineCheck {
  id: string;
  token: string;
  checkedAt: number;
}

const VERIFIER_ROLES = ['verifier', ...AUTHORITY_ROLES] as const;
const DAY = 86_400_000;
/**
 * Offline checks older than this are not accepted: the device's list would be far out of date. The records
 * are kept at least this long (HEALTHCODE_VERIFICATION_RETENTION_DAYS ≥ 7), so an upload sent again finds its first.
 */
export const OFFLINE_MAX_AGE_MS = 7 * DAY;

export type VerificationService = ReturnType<typeof createVerificationService>;

export function createVerificationService(deps: {
  /** Online checks of concurrent requests are committed together; each request waits for its commit. */
  commit: GroupCommit<VerificationRow>;
  codes: CodesService;
  partners: PartnersService;
  paperCodes: PaperCodesService;
  identity: IdentityService;
  status: StatusService;
  now: () => number;
  issuerId: string;
  issuerName: string;
  /** Days a check's record is kept; the purge deletes older ones. */
  retentionDays: number;
}) {
  const { commit, codes, partners, paperCodes, identity, status, now, issuerId, issuerName, retentionDays } = deps;

  const problemResult = (check: Exclude<TokenCheck, { ok: true }>): VerificationResult => (check.problem === 'EXPIRED' ? 'expired' : 'invalid');
  // Defined once, not per check: a closure made per call is also named per call by the TypeScript loader.
  const fromToken = (claims: CodeClaims): Partial<VerificationOutcome> => ({ status: claims.st, statusSource: 'token', name: claims.nm, subject: claims.sub });

  /** What a scanned code (its token or URL) is worth at `at`: signature, expiry, issuer trust and (online) the live status. */
  async function evaluate(db: Executor, scanned: string, at: number, live: boolean): Promise<VerificationOutcome> {
    const token = decodeCodeToken(tokenFromScan(scanned));
    // The claims before anything is checked: only to learn which issuer to ask.
    const peeked = token.claims;
    const base: VerificationOutcome = {
      result: 'invalid',
      kind: peeked?.pc ? 'paper' : 'holder',
      issuer: null,
      status: null,
      statusSource: null,
      reasons: [],
      name: null,
      idNumber: null,
      subject: null,
      paperCodeId: peeked?.pc ?? null,
      expiresAt: peeked ? peeked.exp * 1000 : null,
      checkedAt: at,
    };
    if (!peeked) return base;

    if (peeked.iss === issuerId) {
      const issuer = { id: issuerId, name: issuerName };
      const check = await codes.check(token, at);
      if (!check.ok) return { ...base, issuer, result: problemResult(check), ...(check.problem === 'EXPIRED' && check.claims && { name: check.claims.nm }) };
      const claims = check.claims;
      const paperState = claims.pc ? await paperCodes.state(db, claims.pc, claims.sub, at) : 'valid';
      if (paperState !== 'valid') return { ...base, issuer, result: paperState === 'revoked' ? 'revoked' : 'invalid', name: claims.nm };
      if (!live) return { ...base, issuer, result: 'valid', ...fromToken(claims) };
      const person = await identity.getMaskedPerson(db, claims.sub).catch(() => undefined);
      if (!person) return { ...base, issuer, result: 'invalid' };
      const current = await status.current(db, claims.sub);
      return {
        ...base,
        issuer,
        result: 'valid',
        status: current.status,
        statusSource: 'live',
        reasons: current.reasons,
        latestTest: current.latestTest,
        name: claims.nm,
        idNumber: person.idNumber,
        subject: claims.sub,
      };
    }

    const partner = partners.get(peeked.iss);
    if (!partner) return { ...base, result: 'untrusted', name: peeked.nm };
    const issuer = { id: partner.issuerId, name: partner.name };
    const check = await partners.check(partner, token, at);
    if (!check.ok) return { ...base, issuer, result: problemResult(check) };
    const liveStatus = live ? await partners.liveStatus(partner, check.claims.sub) : null;
    if (!liveStatus) return { ...base, issuer, result: 'valid', ...fromToken(check.claims) };
    return {
      ...base,
      issuer,
      result: 'valid',
      status: liveStatus.status,
      statusSource: 'live',
      name: liveStatus.name || check.claims.nm,
      idNumber: liveStatus.idNumber,
      ...(liveStatus.latestTest !== undefined && { latestTest: liveStatus.latestTest }),
      subject: check.claims.sub,
    };
  }

  const rowOf = (verifier: Actor, outcome: VerificationOutcome, mode: 'online' | 'offline', clientCheckId: string | null): VerificationRow => ({
      id: newId(outcome.checkedAt),
      client_check_id: clientCheckId,
      checked_at: outcome.checkedAt,
      recorded_at: now(),
      verifier_account_id: verifier.accountId,
      organisation_id: verifier.organisationId ?? null,
      issuer_id: outcome.issuer?.id ?? null,
      subject: outcome.subject,
      paper_code_id: outcome.paperCodeId,
      mode,
      result: outcome.result,
      status: outcome.status,
    });

  return {
    evaluate,

    async verifyOnline(db: Executor, actor: Actor | null, token: string): Promise<VerificationOutcome> {
      const verifier = requireRole(actor, VERIFIER_ROLES);
      const outcome = await evaluate(db, token, now(), true);
      await commit.add([rowOf(verifier, outcome, 'online', null)]);
      return outcome;
    },

    /** Stores checks made offline on a device; each is judged again here (signature and expiry at its time). */
    async uploadOffline(db: Executor, actor: Actor | null, checks: OfflineCheck[]): Promise<{ stored: number; alreadyStored: number }> {
      const verifier = requireRole(actor, VERIFIER_ROLES);
      const at = now();
      checks.forEach((check, i) => {
        if (check.checkedAt > at + 60_000 || check.checkedAt < at - OFFLINE_MAX_AGE_MS) throw invalid({ field: `checks.${i}.checkedAt`, code: 'NOT_ALLOWED' });
      });
      const rows: VerificationRow[] = [];
      for (const check of checks) rows.push(rowOf(verifier, await evaluate(db, check.token, check.checkedAt, false), 'offline', check.id));
      const stored = await insertOfflineVerifications(db, rows);
      return { stored, alreadyStored: checks.length - stored };
    },

    /** Deletes the records of checks made before the retention period. */
    async purge(db: Db): Promise<{ deleted: number; cutoff: number }> {
      const cutoff = now() - retentionDays * DAY;
      return { deleted: await deleteInBatches(db, (trx, limit) => deleteVerificationsBefore(trx, cutoff, limit)), cutoff };
    },

    /** Everything a device needs to verify offline: this platform's and every partner's public keys. */
    trustList(actor: Actor | null) {
      requireRole(actor, VERIFIER_ROLES);
      return {
        generatedAt: now(),
        issuers: [
          { issuerId, name: issuerName, keys: codes.jwks().keys },
          ...partners.all().map((p) => ({ issuerId: p.issuerId, name: p.name, keys: p.jwks })),
        ],
      };
    },
  };
}
