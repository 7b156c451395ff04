/**
 * A person's status as the rules engine decides it, stored so that reads are one row: recomputed when a
 * fact about the person changes (callers invoke `recompute`), when time alone may change it
 * (`reevaluate_at`), or when another rule set has come into force. Every change of status or reasons is
 * appended to the history with the rule-set version that decided it.
 */
import type { Db, Executor } from '../../db/database.ts';
import { evaluate, regionPrefix, type Evaluation, type Facts, type Reason, type RiskLevel } from '../rules/rules.engine.ts';
import type { RulesService } from '../rules/rules.service.ts';
import { findStoredStatus, listStatusHistory, loadFactsAndStatuses, loadFactsFor, riskAreasNotEndedAt, storeStatuses, storeUnlessChangedQueries, type StatusHistoryEntry, type StoredStatusRow } from './status.repository.ts';
import type { InvalidationBus } from '../../cache/invalidation-bus.ts';
import { ReadThroughCache, type CacheMaker } from '../../cache/read-through-cache.ts';
import { afterCommit, deleteRecordedBefore, inTransaction } from '../../db/transactions.ts';
import type { CompiledQuery } from 'kysely';

const DAY = 86_400_000;
/** How far back declarations are read: longer than any recovery period a rule set may set (60 days). */
export const DECLARATION_LOOKBACK_DAYS = 90;

/** The person's latest nucleic-acid test, for the line checkpoints read (24小时内阴性 …); its age is reckoned when shown. */
export interface LatestTest {
  sampledAt: number;
  result: 'negative' | 'positive';
}

export interface StoredStatus {
  status: Evaluation['status'];
  reasons: Reason[];
  ruleSetVersion: string;
  computedAt: number;
  clearsAt: number | null;
  latestTest: LatestTest | null;
}

function latestTestOf(results: Facts['labResults'], at: number): LatestTest | null {
  let latest: LatestTest | null = null;
  for (const { sampledAt, result } of results) if (sampledAt <= at && (!latest || sampledAt > latest.sampledAt)) latest = { sampledAt, result };
  return latest;
}

export type StatusService = ReturnType<typeof createStatusService>;

export function createStatusService(deps: {
  rules: RulesService;
  bus: InvalidationBus;
  caches: CacheMaker;
  now: () => number;
  timeZone: string;
  /** Runs statements in one transaction of their own (on the embedded store, in its writer thread). */
  writeBatch: (queries: CompiledQuery[]) => Promise<void>;
  /** Lock rows read to be written in the same transaction (PostgreSQL; SQLite's write transactions run one at a time). */
  lockRows: boolean;
  /** Days a past status is kept; the purge deletes older ones. */
  historyRetentionDays: number;
}) {
  const { rules, bus, now, timeZone, writeBatch, lockRows, historyRetentionDays } = deps;
  // Verifying, showing a code and checking in all read a status; it is kept until it is recomputed
  // anywhere (announced on the bus after the commit) or time alone may change it (reevaluate_at).
  const statuses = deps.caches.readThrough<StoredStatus & { reevaluateAt: number | null }>('statuses');
  bus.on('status', (personIds) => statuses.drop(personIds));

  // Every check-in asks whether its place is in a risk area: the areas are kept until one is declared or
  // lifted anywhere (`riskAreasChanged`).
  const riskAreas = new ReadThroughCache<Awaited<ReturnType<typeof riskAreasNotEndedAt>>>(1);
  bus.on('risk_area', () => riskAreas.drop(null));

  const LEVELS: RiskLevel[] = ['low', 'medium', 'high'];
  type Area = Awaited<ReturnType<typeof riskAreasNotEndedAt>>[number];
  /** The kept list of risk areas not ended; some may not have begun, or have ended since it was read. */
  const notEndedRiskAreas = async (db: Executor, at: number) =>
    (await riskAreas.get('not-ended', at, async () => ({ value: await riskAreasNotEndedAt(db, at), expiresAt: Infinity }))) ?? [];
  const inForce = (area: Area, at: number) => area.valid_from <= at && (area.valid_to === null || area.valid_to > at);
  /** The highest level of the risk areas in force now that cover `regionCode` (a county), or null. */
  async function riskLevelNow(db: Executor, regionCode: string): Promise<RiskLevel | null> {
    const at = now();
    let level: RiskLevel | null = null;
    for (const area of await notEndedRiskAreas(db, at)) {
      const covers = inForce(area, at) && regionCode.startsWith(regionPrefix(area.region_code));
      if (covers && LEVELS.indexOf(area.level as RiskLevel) > (level === null ? -1 : LEVELS.indexOf(level))) level = area.level as RiskLevel;
    }
    return level;
  }

  // Stored statuses and history rows keep the reasons the same way.
  const fromRow = (row: Pick<StoredStatusRow, 'status' | 'reasons' | 'rule_set_version' | 'computed_at'>): StoredStatus => {
    const stored = JSON.parse(row.reasons) as { reasons: Reason[]; clearsAt: number | null; latestTest?: LatestTest };
    return {
      status: row.status as Evaluation['status'],
      reasons: stored.reasons,
      ruleSetVersion: row.rule_set_version,
      computedAt: row.computed_at,
      clearsAt: stored.clearsAt,
      latestTest: stored.latestTest ?? null,
    };
  };

  type Evaluated = { rows: StoredStatusRow[]; changes: StatusHistoryEntry[]; results: Map<string, StoredStatus>; before: Map<string, StoredStatusRow> };

  /** Reads the facts of `personIds` together and evaluates them; stores nothing. */
  async function evaluateMany(db: Executor, personIds: string[], known?: Map<string, StoredStatusRow>): Promise<Evaluated> {
    const at = now();
    const ruleSet = rules.activeAt(at);
    const since = at - DECLARATION_LOOKBACK_DAYS * DAY;
    const { facts: allFacts, stored: before } = known ? { facts: await loadFactsFor(db, personIds, since, since, at), stored: known } : await loadFactsAndStatuses(db, personIds, since, since, at);
    const nextRuleSetAt = rules.nextChangeAfter(at);
    // What makes a change worth a history row: the colour, the rule set, and which facts are the reasons.
    const signature = (status: string, ruleSetVersion: string, reasons: Reason[]) => `${status}|${ruleSetVersion}|${reasons.map((x) => `${x.code}:${x.factId}`).join(',')}`;
    const signatureOfRow = (r: StoredStatusRow) => signature(r.status, r.rule_set_version, (JSON.parse(r.reasons) as { reasons: Reason[] }).reasons);
    const evaluated: Evaluated = { rows: [], changes: [], results: new Map(), before };
    for (const personId of personIds) {
      const facts = allFacts.get(personId)!;
      const evaluation = evaluate(facts, ruleSet, at, timeZone);
      const latestTest = latestTestOf(facts.labResults, at);
      const boundaries = [evaluation.reevaluateAt, nextRuleSetAt].filter((t): t is number => t !== null);
      const row: StoredStatusRow = {
        person_id: personId,
        status: evaluation.status,
        // The latest test rides with the reasons (every read that needs one needs the other), and only when there
        // is one: most people have none, and a longer row is more for a bulk recompute to write.
        reasons: JSON.stringify({ reasons: evaluation.reasons, clearsAt: evaluation.clearsAt, ...(latestTest && { latestTest }) }),
        rule_set_version: evaluation.ruleSetVersion,
        computed_at: at,
        reevaluate_at: boundaries.length > 0 ? Math.min(...boundaries) : null,
      };
      const previous = before.get(personId);
      if (!previous || signatureOfRow(previous) !== signature(evaluation.status, evaluation.ruleSetVersion, evaluation.reasons)) {
        evaluated.changes.push({ personId, at, status: row.status, reasons: row.reasons, ruleSetVersion: row.rule_set_version });
      }
      evaluated.rows.push(row);
      evaluated.results.set(personId, { status: evaluation.status, reasons: evaluation.reasons, ruleSetVersion: evaluation.ruleSetVersion, computedAt: at, clearsAt: evaluation.clearsAt, latestTest });
    }
    return evaluated;
  }

  /** Recomputes and stores the statuses of `personIds`, loading their facts together. */
  async function recomputeMany(db: Executor, personIds: string[], known?: Map<string, StoredStatusRow>): Promise<Map<string, StoredStatus>> {
    if (personIds.length === 0) return new Map();
    const { rows, changes, results } = await evaluateMany(db, personIds, known);
    await storeStatuses(db, rows, changes);
    afterCommit(db, () => bus.publish('status', personIds));
    return results;
  }

  const recompute = async (db: Executor, personId: string, previous?: StoredStatusRow): Promise<StoredStatus> =>
    (await recomputeMany(db, [personId], previous ? new Map([[personId, previous]]) : undefined)).get(personId)!;

  return {
    recompute,

    /**
     * A batch of a bulk recompute. Facts are read and evaluated outside any transaction, so that processes
     * sharing a job work at once; the results are stored by `writeBatch` (off the event loop on the embedded
     * store) together with `alsoWrite` (the job's progress), leaving out anyone whose stored status changed
     * since it was read: a fact written meanwhile recomputed them with facts newer than these. Someone with
     * no stored status yet is left for their first read, which computes one.
     */
    async recomputeBatch(db: Db, personIds: string[], alsoWrite: CompiledQuery[] = []): Promise<void> {
      if (personIds.length === 0) return;
      const { rows, changes, before } = await evaluateMany(db, personIds);
      const readAt = new Map([...before].map(([personId, row]) => [personId, row.computed_at]));
      await writeBatch([...storeUnlessChangedQueries(db, rows, changes, readAt, { lock: lockRows }), ...alsoWrite]);
      bus.publish('status', personIds);
    },

    /** Whether a stay in `regionCode` now is a new fact about whoever stays: a risk area in force covers the place. */
    async stayCounts(db: Executor, regionCode: string): Promise<boolean> {
      return (await riskLevelNow(db, regionCode)) !== null;
    },

    riskLevelNow,

    /**
     * After check-ins where a stay counts have committed, their statuses marked due in the same commit
     * (`storeCheckinsQueries`): recomputes them now (declaring the area recomputed only those who had stayed
     * before). Should that fail, the check-ins still stand and the mark holds: every process drops its copy,
     * and the next read recomputes. The people are taken in one order: on PostgreSQL storing a status locks its
     * row, and two families sharing a child, checking in at once and named in opposite orders, deadlocked.
     */
    async afterStay(db: Db, personIds: string[]): Promise<void> {
      try {
        await inTransaction(db, (trx) => recomputeMany(trx, [...personIds].sort()));
      } catch (error) {
        bus.publish('status', personIds);
        throw error;
      }
    },

    /** The risk areas in force now (public: 风险地区查询), read from what every check-in reads anyway. */
    async riskAreasInForce(db: Executor): Promise<Area[]> {
      const at = now();
      return (await notEndedRiskAreas(db, at)).filter((area) => inForce(area, at));
    },

    /** Called by whoever declares or lifts a risk area, in its transaction: every process re-reads the areas once it commits. */
    riskAreasChanged(db: Executor): void {
      afterCommit(db, () => bus.publish('risk_area', ['not-ended']));
    },

    /** The stored status if it is still valid now, otherwise a fresh one. No access check: callers have done it. */
    /** The person's past statuses, latest first: each change of colour, rule set or reasons, as decided then. */
    async history(db: Executor, personId: string, page: { before?: string; limit: number }): Promise<(StoredStatus & { id: string })[]> {
      return (await listStatusHistory(db, personId, page)).map((row) => ({ id: row.id, ...fromRow({ ...row, computed_at: row.at }) }));
    },

    /** Deletes the past statuses decided before the retention period. */
    async purgeHistory(db: Db): Promise<{ deleted: number; cutoff: number }> {
      const cutoff = now() - historyRetentionDays * DAY;
      return { deleted: await deleteRecordedBefore(db, 'status_history', cutoff), cutoff };
    },

    async current(db: Executor, personId: string): Promise<StoredStatus> {
      const at = now();
      const cached = await statuses.get(personId, at, async () => {
        const row = await findStoredStatus(db, personId);
        return row && { value: { ...fromRow(row), reevaluateAt: row.reevaluate_at }, expiresAt: row.reevaluate_at ?? Infinity };
      });
      if (cached && (cached.reevaluateAt === null || cached.reevaluateAt > at) && rules.activeAt(at).version === cached.ruleSetVersion) return cached;
      return recompute(db, personId);
    },
  };
}
