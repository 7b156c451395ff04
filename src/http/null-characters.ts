/**
 * No text the API takes may hold U+0000. PostgreSQL refuses it in a text value, so a name or a reason
 * carrying one failed deep in a transaction with a 500 there, while SQLite stored it; refused here,
 * before validation, it is the same field error on either store and nothing is written.
 */
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';

/** The path of the first string (or key) in `value` that holds U+0000, as validation names fields (`checks.3.token`); null if none. */
export function fieldWithNullCharacter(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const key in value) {
    const field = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return field;
    const found = fieldWithNullCharacter((value as Record<string, unknown>)[key], field);
    if (found !== null) return found;
  }
  return null;
}

export function installNullCharacterGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = fieldWithNullCharacter(request.params) ?? fieldWithNullCharacter(request.query) ?? fieldWithNullCharacter(request.body);
    done(field === null ? undefined : invalid({ field, code: 'INVALID_FORMAT' }));
  });
}
