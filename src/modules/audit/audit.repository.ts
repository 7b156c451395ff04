import type { Executor } from '../../db/database.ts';
import { newId } from '../../shared/ids.ts';
import { textMatch } from '../../db/text-match.ts';

/** Every action the audit log records: one list, so that none goes unnamed in the console (test/audit-actions.test.ts). */
export const AUDIT_ACTIONS = [
  'person.reveal', 'person.take_over', 'dependent.add', 'dependent.remove', 'paper_code.issue', 'paper_code.revoke',
  'fact.case.enter', 'fact.close_contact.enter', 'fact.lab_result.enter', 'fact.popup.enter',
  'fact.case.import', 'fact.close_contact.import', 'fact.lab_result.import', 'fact.popup.import', 'fact.case.close',
  'declaration.mark_false', 'risk_area.add', 'risk_area.end', 'tracing.run', 'tracing.venue', 'popup.push', 'rule_set.publish',
  'override.request', 'override.approve', 'override.decline', 'override.withdraw', 'appeal.accept', 'appeal.reject', 'organisation.create', 'verifier.create',
  'account.password_change', 'partner.add', 'venue.suspend', 'venue.reinstate', 'venue.stats_grant', 'staff.create', 'staff.disable', 'staff.enable', 'signing_key.rotate', 'store.backup',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  at: number;
  actorAccountId: string | null;
  action: AuditAction;
  subjectPersonId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export async function insertAuditEntry(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(entry.at),
      at: entry.at,
      actor_account_id: entry.actorAccountId,
      action: entry.action,
      subject_person_id: entry.subjectPersonId,
      reason: entry.reason,
      details: JSON.stringify(entry.details),
    })
    .execute();
}

export interface AuditFilter {
  actorAccountId?: string;
  subjectPersonId?: string;
  actionPrefix?: string;
  from?: number;
  to?: number;
  before?: string;
  limit: number;
}

/** As stored: an action written before it was renamed or retired reads as what it was. */
export type StoredAuditEntry = Omit<AuditEntry, 'action'> & { id: string; action: string };

export async function listAuditEntries(db: Executor, filter: AuditFilter): Promise<StoredAuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.subjectPersonId) query = query.where('subject_person_id', '=', filter.subjectPersonId);
  if (filter.actorAccountId) query = query.where('actor_account_id', '=', filter.actorAccountId);
  if (filter.actionPrefix) query = query.where(textMatch('action', filter.actionPrefix, 'startsWith'));
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actorAccountId: row.actor_account_id,
    action: row.action,
    subjectPersonId: row.subject_person_id,
    reason: row.reason,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}
