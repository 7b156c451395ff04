/**
 * Rule sets as the authority edits them: preview a candidate against everyone (how many would move from
 * each colour to each other, with masked examples), then publish it with an effective time. Publishing
 * recomputes everyone as a job once it takes effect; statuses read meanwhile notice the version changed.
 */
import type { Db } from '../../db/database.ts';
import { AppError, invalid, type FieldError } from '../../errors.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import { maskName } from '../../shared/masking.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import { listPersonIds } from '../identity/identity.repository.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import { loadFactsFor } from '../status/status.repository.ts';
import { DECLARATION_LOOKBACK_DAYS } from '../status/status.service.ts';
import { ruleSetProblems, type RuleSet, type RuleSetDefinition } from './rule-set.ts';
import { evaluate, type HolderStatus } from './rules.engine.ts';
import { insertRuleSet, listRuleSets } from './rules.repository.ts';
import type { RulesService } from './rules.service.ts';
import { inTransaction } from '../../db/transactions.ts';
import type { InvalidationBus } from '../../cache/invalidation-bus.ts';

const DAY = 86_400_000;
const STATUSES: HolderStatus[] = ['green', 'yellow', 'red', 'pending'];

export type RuleSetsService = ReturnType<typeof createRuleSetsService>;

export function createRuleSetsService(deps: { db: Db; rules: RulesService; jobs: JobsService; identity: IdentityService; bus: InvalidationBus; now: () => number; timeZone: string }) {
  const { db, rules, jobs, identity, bus, now, timeZone } = deps;

  function validated(definition: unknown): RuleSetDefinition {
    const problems = ruleSetProblems(definition);
    if (problems.length > 0) {
      throw new AppError('VALIDATION_FAILED', { fields: problems.map((p): FieldError => ({ ...p, field: p.field ? `definition.${p.field}` : 'definition' })) });
    }
    return definition as RuleSetDefinition;
  }

  return {
    /** 赋码规则, for anyone: the rule set in force now. Rules that decide people's colours are public. */
    inForce(): RuleSet {
      return rules.activeAt(now());
    },

    async list(actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      const at = now();
      const active = rules.activeAt(at).version;
      return (await listRuleSets(db)).map((r) => ({
        version: r.version,
        effectiveFrom: r.effective_from,
        publishedAt: r.published_at,
        active: r.version === active,
        definition: JSON.parse(r.definition) as RuleSetDefinition,
      }));
    },

    /** Problems of a candidate by field, for the editor. */
    problems(actor: Actor | null, definition: unknown) {
      requireRole(actor, AUTHORITY_ROLES);
      return ruleSetProblems(definition);
    },

    async preview(actor: Actor | null, definition: unknown) {
      requireRole(actor, AUTHORITY_ROLES);
      const candidate: RuleSet = { version: 'preview', effectiveFrom: now(), definition: validated(definition) };
      const at = now();
      const current = rules.activeAt(at);
      const matrix = Object.fromEntries(STATUSES.map((from) => [from, Object.fromEntries(STATUSES.map((to) => [to, 0]))])) as Record<HolderStatus, Record<HolderStatus, number>>;
      const examples: { from: HolderStatus; to: HolderStatus; name: string }[] = [];
      const everyone = await listPersonIds(db);
      for (let i = 0; i < everyone.length; i += 500) {
        const batch = everyone.slice(i, i + 500);
        const facts = await loadFactsFor(db, batch, at - DECLARATION_LOOKBACK_DAYS * DAY, at - DECLARATION_LOOKBACK_DAYS * DAY, at);
        for (const personId of batch) {
          const from = evaluate(facts.get(personId)!, current, at, timeZone).status;
          const to = evaluate(facts.get(personId)!, candidate, at, timeZone).status;
          matrix[from][to]++;
          if (from !== to && examples.filter((e) => e.from === from && e.to === to).length < 3) {
            examples.push({ from, to, name: maskName((await identity.getPerson(db, personId)).name) });
          }
        }
      }
      return { against: current.version, matrix, examples };
    },

    async publish(actor: Actor | null, input: { version: string; definition: unknown; effectiveFrom: number }) {
      const admin = requireRole(actor, ['authority_admin']);
      const definition = validated(input.definition);
      if ((await listRuleSets(db)).some((r) => r.version === input.version)) throw invalid({ field: 'version', code: 'NOT_ALLOWED' });
      const effectiveFrom = Math.max(input.effectiveFrom, now());
      await inTransaction(db, async (trx) => {
        await insertRuleSet(trx, { version: input.version, definition: JSON.stringify(definition), effective_from: effectiveFrom, published_at: now(), published_by: admin.accountId });
        await insertAuditEntry(trx, { at: now(), actorAccountId: admin.accountId, action: 'rule_set.publish', subjectPersonId: null, reason: null, details: { version: input.version, effectiveFrom } });
      });
      await rules.reload();
      // Every other process reloads too, or it would recompute statuses with the rule set it still holds.
      bus.publish('rules', [input.version]);
      const recomputeEveryone = async () => jobs.recompute(await listPersonIds(db), admin.accountId, `rule_set:${input.version}`);
      if (effectiveFrom <= now()) return { version: input.version, effectiveFrom, job: await recomputeEveryone() };
      setTimeout(() => void recomputeEveryone(), Math.min(effectiveFrom - now(), 2 ** 31 - 1)).unref();
      return { version: input.version, effectiveFrom, job: null };
    },
  };
}
