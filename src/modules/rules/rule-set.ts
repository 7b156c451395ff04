/**
 * Rule sets are versioned data, not code: every threshold of SPEC §4 lives here, validated by one
 * schema. The baseline implements the reference documents; an authority publishes new versions.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { FieldError } from '../../errors.ts';
import { schemaFieldErrors } from '../../shared/schema-problems.ts';

/** The longest period any rule may set: a fact older than this (a pop-up's trigger, a test after it) decides no colour. */
export const LONGEST_RULE_DAYS = 60;
const Days = (description: string) => Type.Integer({ minimum: 1, maximum: LONGEST_RULE_DAYS, description });
const ColourOfConcern = Type.Enum(['yellow', 'red'] as const);
const PopupRule = Type.Object(
  {
    status: ColourOfConcern,
    negativeTestsRequired: Type.Integer({ minimum: 1, maximum: 5, description: 'Negative tests sampled after the trigger that clear it' }),
    minHoursBetweenTests: Type.Integer({ minimum: 0, maximum: 168, description: 'Required gap between those tests' }),
    autoClearDays: Days('Cleared automatically this many days after the trigger'),
  },
  { additionalProperties: false },
);

export const RuleSetDefinition = Type.Object(
  {
    feverCelsius: Type.Number({ minimum: 37, maximum: 39, description: 'A declared temperature at or above this is fever' }),
    red: Type.Object(
      {
        recoveryDays: Days('Consecutive days of clean declarations that turn red (other than an open case) green'),
      },
      { additionalProperties: false },
    ),
    yellow: Type.Object(
      {
        recoveryDays: Days('Consecutive days of clean declarations that turn yellow green, once its cause has lapsed'),
        closeContactDays: Days('A close contact is yellow for this many days from the last contact'),
        riskAreaDays: Days('A stay in a risk area counts for this many days'),
        riskAreaLevels: Type.Array(Type.Enum(['low', 'medium', 'high'] as const), { uniqueItems: true, description: 'Risk-area levels whose stay is yellow' }),
        declaredContactAnswers: Type.Array(Type.Enum(['yes', 'unsure'] as const), {
          uniqueItems: true,
          description: 'Answers to “contact with a case” that are yellow on their own',
        }),
      },
      { additionalProperties: false },
    ),
    popups: Type.Object({ A: PopupRule, B: PopupRule }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type RuleSetDefinition = Static<typeof RuleSetDefinition>;

export interface RuleSet {
  version: string;
  effectiveFrom: number;
  definition: RuleSetDefinition;
}

/** SPEC §4 and the Hebei FAQ (reference 001): 14/7-day recovery, pop-up A by 2 tests 24 h apart, B by 1, both after 14 days. */
export const BASELINE_RULE_SET: RuleSet = {
  version: 'baseline-1',
  effectiveFrom: 0,
  definition: {
    feverCelsius: 37.3,
    red: { recoveryDays: 14 },
    yellow: {
      recoveryDays: 7,
      closeContactDays: 14,
      riskAreaDays: 14,
      riskAreaLevels: ['medium', 'high'],
      declaredContactAnswers: ['yes'],
    },
    popups: {
      A: { status: 'yellow', negativeTestsRequired: 2, minHoursBetweenTests: 24, autoClearDays: 14 },
      B: { status: 'yellow', negativeTestsRequired: 1, minHoursBetweenTests: 0, autoClearDays: 14 },
    },
  },
};

/** Problems of a candidate definition by field (`yellow.recoveryDays`; '' for the whole), for the rule editor. */
export function ruleSetProblems(candidate: unknown): FieldError[] {
  return schemaFieldErrors([...Value.Errors(RuleSetDefinition, candidate)], '');
}
