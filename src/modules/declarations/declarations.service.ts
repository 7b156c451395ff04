/**
 * Health declarations (打卡, SPEC §3). At most N per person per calendar day (the unique (person, day,
 * seq) index holds the limit under concurrent requests); the latest of a day is the one that counts.
 * Each declaration recomputes the person's status in the same transaction. The authority may find one
 * false (不实申报), which turns the code red (the rules' FALSE_DECLARATION); the holder sees it among their
 * reasons and may dispute it (纠错).
 */
import type { PersonalDataCipher } from '../../crypto/personal-data-cipher.ts';
import type { Db, Executor } from '../../db/database.ts';
import { deleteInBatches } from '../../db/transactions.ts';
import { AppError, invalid, type FieldError } from '../../errors.ts';
import { newId } from '../../shared/ids.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import { normalizePhone } from '../identity/id-document.ts';
import { findRegion } from '../regions/regions.data.ts';
import type { RiskLevel } from '../rules/rules.engine.ts';
import type { StatusService, StoredStatus } from '../status/status.service.ts';
import type { DeclarationInput } from './declarations.schema.ts';
import { deleteDeclarationsBefore, findDeclaration, insertDeclarationInNextSlot, listDeclarationsSince, markDeclarationFalse, type DeclarationRow } from './declarations.repository.ts';

const DAY = 86_400_000;
export const HISTORY_DAYS = 14;

export interface Declaration {
  id: string;
  declaredAt: number;
  day: string;
  contactPhone: string;
  address: string;
  regionCode: string;
  temperature: number;
  symptoms: string[];
  visitedRegions: string[];
  contactWithCase: string;
  arrivedFromAbroad: boolean;
  /** The latest of its day, the one the rules read. */
  counts: boolean;
  /** When the authority found it false (不实申报); null if it has not. */
  markedFalseAt: number | null;
  /** The highest level of the risk areas in force now over the place declared (健康打卡城市防疫风险等级); null for none. */
  riskLevel: RiskLevel | null;
}

export type DeclarationsService = ReturnType<typeof createDeclarationsService>;

export function createDeclarationsService(deps: {
  cipher: PersonalDataCipher;
  guardians: GuardiansService;
  status: StatusService;
  now: () => number;
  today: () => string;
  perDay: number;
  /** Days a declaration is kept; the purge deletes older ones. At least as far back as the rules engine reads (config.ts). */
  retentionDays: number;
}) {
  const { cipher, guardians, status, now, today, perDay, retentionDays } = deps;

  const open = (row: Omit<DeclarationRow, 'day_seq'>, counts: boolean, riskLevel: RiskLevel | null): Declaration => ({
    id: row.id,
    declaredAt: row.declared_at,
    day: row.day,
    contactPhone: cipher.decrypt(row.contact_phone_sealed),
    address: cipher.decrypt(row.address_sealed),
    regionCode: row.region_code,
    temperature: row.temperature_tenths / 10,
    symptoms: JSON.parse(row.symptoms) as string[],
    visitedRegions: JSON.parse(row.visited_regions) as string[],
    contactWithCase: row.contact_with_case,
    arrivedFromAbroad: row.arrived_from_abroad === 1,
    counts,
    markedFalseAt: row.marked_false_at,
    riskLevel,
  });

  /** The last 14 days of a person's declarations, newest first, each marked whether it is the one that counts for its day. */
  async function recent(db: Executor, personId: string): Promise<Declaration[]> {
    const rows = await listDeclarationsSince(db, personId, now() - HISTORY_DAYS * DAY);
    const seenDays = new Set<string>();
    const declarations: Declaration[] = [];
    for (const row of rows) {
      const counts = !seenDays.has(row.day);
      seenDays.add(row.day);
      declarations.push(open(row, counts, await status.riskLevelNow(db, row.region_code)));
    }
    return declarations;
  }

  function validate(input: DeclarationInput): { phone: string; address: string } {
    const fields: FieldError[] = [];
    const phone = normalizePhone(input.contactPhone);
    if (!phone) fields.push({ field: 'contactPhone', code: input.contactPhone.trim() ? 'PHONE_INVALID' : 'REQUIRED' });
    const address = input.address.trim();
    if (!address) fields.push({ field: 'address', code: 'REQUIRED' });
    if (findRegion(input.regionCode)?.level !== 'county') fields.push({ field: 'regionCode', code: input.regionCode ? 'REGION_UNKNOWN' : 'REQUIRED' });
    input.visitedRegions.forEach((code, i) => {
      if (!findRegion(code)) fields.push({ field: `visitedRegions.${i}`, code: 'REGION_UNKNOWN' });
    });
    if (!(input.temperature >= 34 && input.temperature <= 43)) fields.push({ field: 'temperature', code: 'TEMPERATURE_RANGE' });
    if (fields.length > 0 || !phone) throw invalid(...fields);
    return { phone, address };
  }

  function newRow(accountId: string, personId: string, day: string, phone: string, address: string, input: DeclarationInput): Omit<DeclarationRow, 'day_seq'> {
    const at = now();
    return {
      id: newId(at),
      person_id: personId,
      declared_by_account_id: accountId,
      declared_at: at,
      day,
      contact_phone_sealed: cipher.encrypt(phone),
      address_sealed: cipher.encrypt(address),
      region_code: input.regionCode,
      temperature_tenths: Math.round(input.temperature * 10),
      symptoms: JSON.stringify(input.symptoms),
      visited_regions: JSON.stringify(input.visitedRegions),
      contact_with_case: input.contactWithCase,
      arrived_from_abroad: input.arrivedFromAbroad ? 1 : 0,
      marked_false_at: null,
    };
  }

  return {
    async declare(db: Executor, actor: Actor | null, personId: string, input: DeclarationInput): Promise<{ declaration: Declaration; status: StoredStatus }> {
      const signedIn = await guardians.requireActingFor(db, actor, personId);
      const { phone, address } = validate(input);
      const day = today();
      // The unique (person, day, seq) slot decides under concurrency: a slot taken first by another is tried again.
      for (let attempt = 0; attempt <= perDay; attempt++) {
        const row = newRow(signedIn.accountId, personId, day, phone, address, input);
        const seq = await insertDeclarationInNextSlot(db, row);
        if (seq === undefined) continue;
        // One past the limit was stored: refused, and the request's transaction rolls it back.
        if (seq > perDay) break;
        return { declaration: open(row, true, await status.riskLevelNow(db, row.region_code)), status: await status.recompute(db, personId) };
      }
      throw new AppError('DECLARATION_LIMIT', { params: { limit: perDay } });
    },

    /** Deletes the declarations made before the retention period: older than any the rules engine reads. */
    async purge(db: Db): Promise<{ deleted: number; cutoff: number }> {
      const cutoff = now() - retentionDays * DAY;
      return { deleted: await deleteInBatches(db, (trx, limit) => deleteDeclarationsBefore(trx, cutoff, limit)), cutoff };
    },

    /** The holder's (or guardian's) last 14 days. */
    async history(db: Executor, actor: Actor | null, personId: string): Promise<Declaration[]> {
      await guardians.requireActingFor(db, actor, personId);
      return recent(db, personId);
    },

    /** A person's last 14 days for the authority (人员查询), which presents them without the address and with the phone masked. */
    async ofPersonForAuthority(db: Executor, actor: Actor | null, personId: string): Promise<Declaration[]> {
      requireRole(actor, AUTHORITY_ROLES);
      return recent(db, personId);
    },

    /**
     * Finds a declaration false (认定为不实申报), with the reason for the audit log: the person's code turns red
     * until the rules' days of clean declarations have passed, or until an appeal against it is accepted.
     */
    async markFalse(db: Executor, actor: Actor | null, declarationId: string, reason: string): Promise<StoredStatus> {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      const why = reason.trim();
      if (why.length < 4) throw invalid({ field: 'reason', code: 'REASON_REQUIRED' });
      const row = await findDeclaration(db, declarationId);
      if (!row) throw new AppError('NOT_FOUND');
      const at = now();
      if (!(await markDeclarationFalse(db, declarationId, at))) throw new AppError('ALREADY_MARKED_FALSE');
      await insertAuditEntry(db, {
        at,
        actorAccountId: staff.accountId,
        action: 'declaration.mark_false',
        subjectPersonId: row.person_id,
        reason: why,
        details: { declarationId, declaredAt: row.declared_at },
      });
      return status.recompute(db, row.person_id);
    },
  };
}
