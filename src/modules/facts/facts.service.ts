/**
 * The authority enters the facts the rules read: cases, close contacts, nucleic-acid results, pop-ups and
 * risk areas; one at a time, or as a CSV import that is validated whole first and written in one
 * transaction (all or nothing). People are matched by document through the keyed hash, and the name must
 * match. Every change is audited and recomputes the statuses it touches, in bulk as a job when many.
 */
import type { Db, Executor } from '../../db/database.ts';
import { AppError, invalid, type FieldError, type FieldErrorCode } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { instantOfWallClock } from '../../shared/calendar.ts';
import { parseCsv } from '../../shared/csv.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { ID_TYPES, normalizeName, validateIdDocument, type IdType } from '../identity/id-document.ts';
import type { Person } from '../identity/identity.presenter.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { JobsService, JobView } from '../jobs/jobs.service.ts';
import { findRegion, regionPath } from '../regions/regions.data.ts';
import type { Lang } from '../../shared/i18n.ts';
import { regionPrefix } from '../rules/rules.engine.ts';
import type { RulesService } from '../rules/rules.service.ts';
import type { StatusService } from '../status/status.service.ts';
import { maskIdNumber, maskName } from '../../shared/masking.ts';
import {
  closeCase,
  endRiskArea,
  findCase,
  findRiskArea,
  insertCase,
  insertCloseContact,
  insertLabResult,
  insertPopup,
  insertRiskArea,
  listCases,
  listRiskAreas,
  peopleInRegionSince,
} from './facts.repository.ts';
import { deleteRecordedBefore, inTransaction } from '../../db/transactions.ts';

const DAY = 86_400_000;

export const FACT_KINDS = ['case', 'close_contact', 'lab_result', 'popup'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** Columns of each kind, as entered one at a time or as CSV headers (besides id_type, id_number, name). */
export const FACT_COLUMNS: Record<FactKind, string[]> = {
  case: ['kind', 'opened_at'],
  close_contact: ['last_contact_at'],
  lab_result: ['sampled_at', 'result', 'lab'],
  popup: ['type', 'reason'],
};

type Values = Record<string, string>;
type Prepared = { person: Person; write: (db: Executor) => Promise<string> };

export type FactsService = ReturnType<typeof createFactsService>;

export function createFactsService(deps: {
  db: Db;
  identity: IdentityService;
  status: StatusService;
  jobs: JobsService;
  rules: RulesService;
  now: () => number;
  today: () => string;
  timeZone: string;
  /** Days nucleic-acid results and pop-ups are kept; at least as long as any rule lasts (config.ts), so the purge changes no colour. */
  retentionDays: { labResults: number; popups: number };
}) {
  const { db, identity, status, jobs, rules, now, today, timeZone, retentionDays } = deps;

  /** '2026-11-20 08:30', '2026-11-20' or ISO; times without a zone are the platform's. */
  function parseTime(value: string | undefined, field: string, problems: FieldError[]): number {
    const text = (value ?? '').trim();
    const at = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(text)
      ? instantOfWallClock(text.length === 10 ? `${text}T00:00` : text.replace(' ', 'T'), timeZone)
      : Date.parse(text);
    if (!text || Number.isNaN(at)) problems.push({ field, code: text ? 'DATE_INVALID' : 'REQUIRED' });
    else if (at > now() + 60_000) problems.push({ field, code: 'DATE_IN_FUTURE' });
    return at;
  }

  /** Validates one fact and finds its person; returns problems, or how to write it. */
  async function prepare(executor: Executor, kind: FactKind, values: Values): Promise<{ problems: FieldError[]; prepared?: Prepared }> {
    const problems: FieldError[] = [];
    const idType = values.id_type as IdType;
    if (!ID_TYPES.includes(idType)) problems.push({ field: 'id_type', code: 'NOT_ALLOWED' });
    const document = ID_TYPES.includes(idType) ? validateIdDocument(idType, values.id_number ?? '', today()) : null;
    if (document && !document.ok) problems.push({ field: 'id_number', code: document.code });
    const name = normalizeName(values.name ?? '');
    if (!name) problems.push({ field: 'name', code: values.name ? 'NAME_INVALID' : 'REQUIRED' });
    const enumField = (field: string, allowed: string[]) => {
      if (!allowed.includes(values[field] ?? '')) problems.push({ field, code: values[field] ? 'NOT_ALLOWED' : 'REQUIRED' });
      return values[field] ?? '';
    };
    let write: ((db: Executor, personId: string) => Promise<string>) | undefined;
    switch (kind) {
      case 'case': {
        const caseKind = enumField('kind', ['confirmed', 'suspected']) as 'confirmed' | 'suspected';
        const openedAt = parseTime(values.opened_at, 'opened_at', problems);
        write = (db, personId) => insertCase(db, { personId, kind: caseKind, openedAt });
        break;
      }
      case 'close_contact': {
        const lastContactAt = parseTime(values.last_contact_at, 'last_contact_at', problems);
        write = (db, personId) => insertCloseContact(db, { personId, lastContactAt, recordedAt: now() });
        break;
      }
      case 'lab_result': {
        const sampledAt = parseTime(values.sampled_at, 'sampled_at', problems);
        const result = enumField('result', ['negative', 'positive']) as 'negative' | 'positive';
        const lab = (values.lab ?? '').trim();
        if (!lab) problems.push({ field: 'lab', code: 'REQUIRED' });
        write = (db, personId) => insertLabResult(db, { personId, sampledAt, result, lab });
        break;
      }
      case 'popup': {
        const type = enumField('type', ['A', 'B']) as 'A' | 'B';
        const reason = (values.reason ?? '').trim();
        if (!reason) problems.push({ field: 'reason', code: 'REQUIRED' });
        write = (db, personId) => insertPopup(db, { personId, type, reason, triggeredAt: now() });
        break;
      }
    }
    if (problems.length > 0 || !document?.ok || !name) return { problems };
    const person = await identity.findByDocument(executor, idType, document.idNumber);
    if (!person) return { problems: [{ field: 'id_number', code: 'PERSON_NOT_FOUND' }] };
    if (person.name !== name) return { problems: [{ field: 'name', code: 'NAME_MISMATCH' }] };
    return { problems: [], prepared: { person, write: (db) => write!(db, person.id) } };
  }

  /** People whose declarations or check-ins put them in a region within the rule set's risk-area window. */
  const peopleWhoStayedIn = (executor: Executor, regionCode: string) =>
    peopleInRegionSince(executor, regionPrefix(regionCode), now() - rules.activeAt(now()).definition.yellow.riskAreaDays * DAY);

  return {
    /**
     * Deletes nucleic-acid results sampled, and pop-ups triggered, before their retention periods. Neither
     * changes a colour: a pop-up clears within the longest period a rule may set, and a test counts only
     * toward clearing a pop-up triggered before it. Cases and close contacts are the authority's records and stay.
     */
    async purge(db: Db): Promise<{ labResults: { deleted: number; cutoff: number }; popups: { deleted: number; cutoff: number } }> {
      const purged = async (table: 'lab_results' | 'popups', days: number) => {
        const cutoff = now() - days * DAY;
        return { deleted: await deleteRecordedBefore(db, table, cutoff), cutoff };
      };
      return { labResults: await purged('lab_results', retentionDays.labResults), popups: await purged('popups', retentionDays.popups) };
    },

    async enter(executor: Executor, actor: Actor | null, kind: FactKind, values: Values): Promise<{ personId: string; factId: string }> {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      const { problems, prepared } = await prepare(executor, kind, values);
      if (!prepared) throw invalid(...problems);
      const factId = await prepared.write(executor);
      await insertAuditEntry(executor, { at: now(), actorAccountId: staff.accountId, action: `fact.${kind}.enter`, subjectPersonId: prepared.person.id, reason: null, details: { factId } });
      await status.recompute(executor, prepared.person.id);
      return { personId: prepared.person.id, factId };
    },

    /** Validates every row first; if any is bad, reports all bad rows and writes nothing. Runs as a job. */
    async import(actor: Actor | null, kind: FactKind, csv: string): Promise<JobView> {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      const rows = parseCsv(csv);
      const header = (rows[0] ?? []).map((h) => h.trim());
      const missing = ['id_type', 'id_number', 'name', ...FACT_COLUMNS[kind]].filter((column) => !header.includes(column));
      if (missing.length > 0) throw invalid(...missing.map((field) => ({ field: `csv.${field}`, code: 'COLUMN_MISSING' as FieldErrorCode })));
      const records = rows.slice(1);
      return jobs.run(`import:${kind}`, records.length, staff.accountId, async (progress) => {
        const errors: { line: number; field: string; code: FieldErrorCode }[] = [];
        const prepared: Prepared[] = [];
        for (const [index, record] of records.entries()) {
          const values = Object.fromEntries(header.map((column, i) => [column, (record[i] ?? '').trim()]));
          const result = await prepare(db, kind, values);
          for (const problem of result.problems) errors.push({ line: index + 2, field: problem.field, code: problem.code });
          if (result.prepared) prepared.push(result.prepared);
          if (index % 200 === 199) await progress(index + 1);
        }
        if (errors.length > 0) return { errors };
        await inTransaction(db, async (trx) => {
          for (const fact of prepared) await fact.write(trx);
          await insertAuditEntry(trx, { at: now(), actorAccountId: staff.accountId, action: `fact.${kind}.import`, subjectPersonId: null, reason: null, details: { rows: prepared.length } });
        });
        await progress(records.length);
        const recompute = await jobs.recompute(prepared.map((p) => p.person.id), staff.accountId, `import:${kind}`);
        await jobs.settled(recompute.id);
        return {};
      });
    },

    async closeCase(executor: Executor, actor: Actor | null, caseId: string, closedAt: number): Promise<void> {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      const row = await findCase(executor, caseId);
      if (!row || row.closed_at !== null) throw new AppError('NOT_FOUND');
      await closeCase(executor, caseId, closedAt);
      await insertAuditEntry(executor, { at: now(), actorAccountId: staff.accountId, action: 'fact.case.close', subjectPersonId: row.person_id, reason: null, details: { caseId } });
      await status.recompute(executor, row.person_id);
    },

    async addRiskArea(actor: Actor | null, input: { regionCode: string; level: 'low' | 'medium' | 'high'; validFrom: number; validTo: number | null }) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      if (!findRegion(input.regionCode)) throw invalid({ field: 'regionCode', code: 'REGION_UNKNOWN' });
      if (input.validTo !== null && input.validTo <= input.validFrom) throw invalid({ field: 'validTo', code: 'DATE_INVALID' });
      const id = await inTransaction(db, async (trx) => {
        const areaId = await insertRiskArea(trx, input);
        status.riskAreasChanged(trx);
        await insertAuditEntry(trx, { at: now(), actorAccountId: staff.accountId, action: 'risk_area.add', subjectPersonId: null, reason: null, details: { areaId, ...input } });
        return areaId;
      });
      const job = await jobs.recompute(await peopleWhoStayedIn(db, input.regionCode), staff.accountId, 'risk_area');
      return { id, job };
    },

    async endRiskArea(actor: Actor | null, areaId: string) {
      const staff = requireRole(actor, ['authority_operator', 'authority_admin']);
      const area = await findRiskArea(db, areaId);
      if (!area) throw new AppError('NOT_FOUND');
      await inTransaction(db, async (trx) => {
        await endRiskArea(trx, areaId, now());
        status.riskAreasChanged(trx);
        await insertAuditEntry(trx, { at: now(), actorAccountId: staff.accountId, action: 'risk_area.end', subjectPersonId: null, reason: null, details: { areaId } });
      });
      return { job: await jobs.recompute(await peopleWhoStayedIn(db, area.region_code), staff.accountId, 'risk_area') };
    },

    /** A page of cases, masked; a document narrows them to that person's. */
    async listCases(actor: Actor | null, filter: { idType?: IdType; idNumber?: string; openOnly?: boolean; before?: string; limit: number }) {
      requireRole(actor, AUTHORITY_ROLES);
      const { idType, idNumber, ...rest } = filter;
      let personId: string | undefined;
      if (idNumber) {
        personId = (await identity.findByTypedDocument(db, idType ?? 'resident_id', idNumber))?.id;
        if (!personId) return [];
      }
      return Promise.all(
        (await listCases(db, { ...rest, personId })).map(async (r) => {
          const person = await identity.getPerson(db, r.person_id);
          return { id: r.id, kind: r.kind, name: maskName(person.name), idNumber: maskIdNumber(person.idNumber), openedAt: r.opened_at, closedAt: r.closed_at };
        }),
      );
    },

    /**
     * 中高风险地区查询, for anyone: the medium- and high-risk areas in force now, highest first. Public data,
     * read from the list every process keeps for check-ins.
     */
    async publicRiskAreas(lang: Lang) {
      const areas = (await status.riskAreasInForce(db)).filter((area) => area.level === 'high' || area.level === 'medium');
      return areas
        .map((a) => ({ regionCode: a.region_code, regionName: regionPath(a.region_code, lang), level: a.level as 'high' | 'medium', validFrom: a.valid_from, validTo: a.valid_to }))
        .sort((a, b) => (a.level === b.level ? a.regionCode.localeCompare(b.regionCode) : a.level === 'high' ? -1 : 1));
    },

    async listRiskAreas(actor: Actor | null, lang: Lang) {
      requireRole(actor, AUTHORITY_ROLES);
      const rows = await listRiskAreas(db, 500);
      return rows.map((r) => ({ id: r.id, regionCode: r.region_code, regionName: regionPath(r.region_code, lang), level: r.level, validFrom: r.valid_from, validTo: r.valid_to, active: r.valid_from <= now() && (r.valid_to === null || r.valid_to > now()) }));
    },
  };
}
