/**
 * Printable offline codes (纸质码/爱心码) for people without phones: signed like any code, valid for days
 * rather than minutes, carrying their id (`pc`) so that a revoked one is refused online. The holder or a
 * guardian prints their own; the authority prints for anyone, with a reason, audited.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, requireSignedIn, type Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { CodesService } from '../codes/codes.service.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { StatusService } from '../status/status.service.ts';
import { findPaperCode, insertPaperCode, revokePaperCode } from './paper-codes.repository.ts';


export type PaperCodesService = ReturnType<typeof createPaperCodesService>;

export function createPaperCodesService(deps: {
  codes: CodesService;
  guardians: GuardiansService;
  identity: IdentityService;
  status: StatusService;
  now: () => number;
  validDays: number;
}) {
  const { codes, guardians, identity, status, now, validDays } = deps;

  /** The holder themself or a guardian; otherwise an authority user with a reason (audited). */
  async function requirePrintAccess(db: Executor, actor: Actor | null, personId: string, reason: string | undefined): Promise<Actor> {
    const signedIn = requireSignedIn(actor);
    if (signedIn.roles.some((role) => AUTHORITY_ROLES.includes(role))) {
      if (!reason || reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      return signedIn;
    }
    return guardians.requireActingFor(db, actor, personId);
  }

  return {
    async issue(db: Executor, actor: Actor | null, personId: string, reason?: string) {
      const printer = await requirePrintAccess(db, actor, personId, reason);
      const person = await identity.getPerson(db, personId);
      const current = await status.current(db, personId);
      const issuedAt = now();
      const id = newId(issuedAt);
      const iat = Math.floor(issuedAt / 1000);
      const exp = iat + validDays * 86_400;
      await insertPaperCode(db, { id, person_id: personId, issued_by_account_id: printer.accountId, issued_at: issuedAt, expires_at: exp * 1000, revoked_at: null, revoked_by_account_id: null, revoke_reason: null });
      if (reason) {
        await insertAuditEntry(db, { at: issuedAt, actorAccountId: printer.accountId, action: 'paper_code.issue', subjectPersonId: personId, reason: reason.trim(), details: { paperCodeId: id } });
      }
      const rendered = await codes.render({ sub: personId, st: current.status, nm: maskName(person.name), iat, exp, pc: id });
      return { id, personId, name: maskName(person.name), status: current, ...rendered, issuedAt, expiresAt: exp * 1000 };
    },

    async revoke(db: Executor, actor: Actor | null, paperCodeId: string, reason: string): Promise<void> {
      const staff = requireRole(actor, AUTHORITY_ROLES);
      if (reason.trim().length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      const paper = await findPaperCode(db, paperCodeId);
      if (!paper || !(await revokePaperCode(db, paperCodeId, staff.accountId, reason.trim(), now()))) throw new AppError('NOT_FOUND');
      await insertAuditEntry(db, { at: now(), actorAccountId: staff.accountId, action: 'paper_code.revoke', subjectPersonId: paper.person_id, reason: reason.trim(), details: { paperCodeId } });
    },

    /** For verification: whether a paper code can still be honoured. */
    async state(db: Executor, paperCodeId: string, personId: string, at: number): Promise<'valid' | 'revoked' | 'unknown'> {
      const paper = await findPaperCode(db, paperCodeId);
      if (!paper || paper.person_id !== personId) return 'unknown';
      if (paper.revoked_at !== null && paper.revoked_at <= at) return 'revoked';
      return 'valid';
    },
  };
}

