import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testClock, testTargets, type TestApp } from '../../../test/helpers.ts';
import { createSigningKeys, type SigningKeys } from './signing-keys.ts';

for (const target of testTargets()) {
  describe(`signing keys in two processes of one store (${target})`, () => {
    const clock = testClock();
    let t: TestApp;
    /** Another process's keys: loaded before the rotation, as a worker that has not reloaded yet. */
    let other: SigningKeys;
    before(async () => {
      t = await createTestApp(target, { now: clock.now });
      other = await createSigningKeys(t.deps.db, { cipher: t.deps.cipher, now: clock.now, codeTtlSeconds: 300 });
    });
    after(() => t.close());

    it('a code naming a key id rotated in since the last reload makes the process reload, at most once a second', async () => {
      await other.reload(); // its periodic reload, just before the rotation
      const newKid = await t.deps.signingKeys.rotate();
      assert.equal(other.find(newKid), undefined);
      assert.equal(await other.reloadForUnknownKey(), true);
      assert.ok(other.find(newKid), 'the new key is known at the first code signed with it');
      assert.equal(await other.reloadForUnknownKey(), false, 'made-up key ids in the same second reload nothing');
      clock.advance(1_000);
      assert.equal(await other.reloadForUnknownKey(), true);
    });
  });
}
