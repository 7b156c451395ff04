/**
 * JSON-schema failures (Ajv's, for request bodies, and TypeBox's, for rule sets: the same shape) as field
 * errors: the field is the property path (`phone`, `regions.0`, `yellow.recoveryDays`).
 */
import type { FieldError, FieldErrorCode } from '../errors.ts';

export interface SchemaProblem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const KEYWORD_CODES: Record<string, FieldErrorCode> = {
  required: 'REQUIRED',
  maxLength: 'TOO_LONG',
  maxItems: 'TOO_LONG',
  minLength: 'TOO_SHORT',
  minItems: 'TOO_SHORT',
  minimum: 'BELOW_MINIMUM',
  maximum: 'ABOVE_MAXIMUM',
  uniqueItems: 'DUPLICATE',
  enum: 'NOT_ALLOWED',
  const: 'NOT_ALLOWED',
  anyOf: 'NOT_ALLOWED',
  additionalProperties: 'UNKNOWN_FIELD',
  // TypeBox reports a property that additionalProperties: false forbids as a schema that is false.
  boolean: 'UNKNOWN_FIELD',
};

/** The property a problem names below its path: the missing one, or the one not allowed. */
function namedProperty(problem: SchemaProblem): unknown {
  if (problem.keyword === 'required') return problem.params.missingProperty ?? (problem.params.requiredProperties as unknown[] | undefined)?.[0];
  if (problem.keyword === 'additionalProperties') return problem.params.additionalProperty ?? (problem.params.additionalProperties as unknown[] | undefined)?.[0];
  return undefined;
}

/** One error per field, the first found; `whole` names a problem with the value itself. */
export function schemaFieldErrors(problems: SchemaProblem[], whole = '(body)'): FieldError[] {
  const fields = new Map<string, FieldError>();
  for (const problem of problems) {
    const segments = problem.instancePath.split('/').filter(Boolean);
    const property = namedProperty(problem);
    if (property !== undefined) segments.push(String(property));
    const field = segments.join('.') || whole;
    let code = KEYWORD_CODES[problem.keyword] ?? 'INVALID_FORMAT';
    if (code === 'TOO_SHORT' && problem.params.limit === 1) code = 'REQUIRED';
    const limit = code === 'BELOW_MINIMUM' || code === 'ABOVE_MAXIMUM' ? problem.params.limit : undefined;
    if (!fields.has(field)) fields.set(field, { field, code, ...(typeof limit === 'number' && { params: { limit } }) });
  }
  return [...fields.values()];
}
