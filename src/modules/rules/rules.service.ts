/**
 * Which rule set decides at a given time. Published rule sets are few and change rarely, so they are held
 * in memory, sorted by effective time, and reloaded when one is published.
 */
import type { Executor } from '../../db/database.ts';
import { BASELINE_RULE_SET, type RuleSet, type RuleSetDefinition } from './rule-set.ts';
import { insertRuleSet, listRuleSets } from './rules.repository.ts';

export type RulesService = Awaited<ReturnType<typeof createRulesService>>;

export async function createRulesService(db: Executor, now: () => number) {
  let ruleSets: RuleSet[] = [];

  async function reload(): Promise<void> {
    ruleSets = (await listRuleSets(db)).map((row) => ({
      version: row.version,
      effectiveFrom: row.effective_from,
      definition: JSON.parse(row.definition) as RuleSetDefinition,
    }));
  }

  await reload();
  if (!ruleSets.some((r) => r.version === BASELINE_RULE_SET.version)) {
    await insertRuleSet(db, {
      version: BASELINE_RULE_SET.version,
      definition: JSON.stringify(BASELINE_RULE_SET.definition),
      effective_from: BASELINE_RULE_SET.effectiveFrom,
      published_at: now(),
      published_by: null,
    }).catch(() => undefined); // another process seeded it first
    await reload();
  }

  return {
    reload,
    /** The rule set in force at `at`: the latest whose effective time has come. */
    activeAt(at: number): RuleSet {
      let active = ruleSets[0] ?? BASELINE_RULE_SET;
      for (const ruleSet of ruleSets) if (ruleSet.effectiveFrom <= at) active = ruleSet;
      return active;
    },
    /** The next effective time after `at`, so stored statuses know when a scheduled rule set takes over. */
    nextChangeAfter(at: number): number | null {
      return ruleSets.find((r) => r.effectiveFrom > at)?.effectiveFrom ?? null;
    },
  };
}
