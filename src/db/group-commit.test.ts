import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { GroupCommit } from './group-commit.ts';

/** A batch writer whose commits finish only when the test says so. */
function heldWriter() {
  const batches: { rows: number[]; commit: () => void; fail: (error: Error) => void }[] = [];
  const writeBatch = (queries: CompiledQuery[]) =>
    new Promise<void>((commit, fail) => batches.push({ rows: queries.flatMap((q) => q.parameters as number[]), commit, fail }));
  return { batches, writeBatch };
}

const insert = (rows: number[]) => [CompiledQuery.raw('insert', rows)];
const settled = <T>(promise: Promise<T>) => {
  const state = { done: false, failed: false };
  promise.then(
    () => (state.done = true),
    () => (state.failed = true),
  );
  return state;
};
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes one batch at a time: rows that arrive meanwhile go together in the next, each answered after its own commit', async () => {
    const { batches, writeBatch } = heldWriter();
    const commit = new GroupCommit(writeBatch, insert);
    const first = settled(commit.add([1]));
    await turn();
    assert.deepEqual(batches.map((b) => b.rows), [[1]]);
    const later = [settled(commit.add([2])), settled(commit.add([3, 4]))];
    await turn();
    assert.equal(batches.length, 1, 'nothing more is written while the first batch is');
    batches[0]!.commit();
    await turn();
    assert.equal(first.done, true);
    assert.ok(later.every((s) => !s.done), 'not answered before their own commit');
    assert.deepEqual(batches.map((b) => b.rows), [[1], [2, 3, 4]]);
    batches[1]!.commit();
    await turn();
    assert.ok(later.every((s) => s.done));
  });

  it('fails every request of a batch whose commit fails, and goes on with the next; the metrics are told of each', async () => {
    const { batches, writeBatch } = heldWriter();
    const told: string[] = [];
    const commit = new GroupCommit(writeBatch, insert, { committed: (rows) => told.push(`committed ${rows}`), failed: () => told.push('failed') });
    const lost = [settled(commit.add([1])), settled(commit.add([2]))];
    await turn();
    const next = settled(commit.add([3]));
    batches[0]!.fail(new Error('disk full'));
    await turn();
    assert.ok(lost.every((s) => s.failed));
    assert.deepEqual(batches[1]!.rows, [3]);
    batches[1]!.commit();
    await turn();
    assert.equal(next.done, true);
    assert.deepEqual(told, ['failed', 'committed 1']);
  });
});
