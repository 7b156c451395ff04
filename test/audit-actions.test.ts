/**
 * Every action the audit log records (AUDIT_ACTIONS, which every write to it is typed by) has a name in the
 * console's audit page in both languages: one without showed its code (declaration.mark_false) to the people
 * reading the log.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS } from '../src/modules/audit/audit.repository.ts';

describe('audit actions', () => {
  it('each one is named in the console, in Chinese and English', () => {
    const console = readFileSync(path.resolve(import.meta.dirname, '../web/src/pages/console/common.tsx'), 'utf8');
    const unnamed = AUDIT_ACTIONS.filter((action) => !new RegExp(`'${action.replaceAll('.', '\\.')}': \\['[^']+', '[^']+'\\]`).test(console));
    assert.deepEqual(unnamed, []);
  });
});
