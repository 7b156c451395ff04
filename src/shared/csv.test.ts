import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF, a BOM, and skips blank lines', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\n\n2,"two\nlines",\n'), [
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });
});
