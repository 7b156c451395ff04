import { sql, type RawBuilder } from 'kysely';

/**
 * `column LIKE …` for text a person typed: their % and _ are matched as themselves, not as wildcards
 * (both stores honour the ESCAPE clause).
 */
export function textMatch(column: string, text: string, where: 'contains' | 'startsWith'): RawBuilder<boolean> {
  const escaped = text.replace(/[\\%_]/g, '\\$&');
  return sql<boolean>`${sql.ref(column)} like ${where === 'contains' ? `%${escaped}%` : `${escaped}%`} escape '\\'`;
}
