import type { Executor } from '../../db/database.ts';
import type { RuleSetsTable } from '../../db/schema.ts';

export type RuleSetRow = RuleSetsTable;

export async function listRuleSets(db: Executor): Promise<RuleSetRow[]> {
  return db.selectFrom('rule_sets').selectAll().orderBy('effective_from').execute();
}

export async function insertRuleSet(db: Executor, row: RuleSetRow): Promise<void> {
  await db.insertInto('rule_sets').values(row).execute();
}
