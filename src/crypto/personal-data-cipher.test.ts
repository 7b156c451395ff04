import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { PersonalDataCipher } from './personal-data-cipher.ts';

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(randomBytes(32));

  it('round-trips and never produces the same ciphertext twice', () => {
    const a = cipher.encrypt('张三');
    const b = cipher.encrypt('张三');
    assert.notEqual(a, b);
    assert.equal(cipher.decrypt(a), '张三');
    assert.ok(!a.includes('张三'));
  });

  it('detects tampering', () => {
    const sealed = cipher.encrypt('11010519491231002X');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    assert.throws(() => cipher.decrypt(parts.join('.')));
  });

  it('lookup hashes are stable per key and purpose, and differ across keys', () => {
    const other = new PersonalDataCipher(randomBytes(32));
    assert.equal(cipher.keyedHash('phone', '13800138000'), cipher.keyedHash('phone', '13800138000'));
    assert.notEqual(cipher.keyedHash('phone', '13800138000'), cipher.keyedHash('id-document', '13800138000'));
    assert.notEqual(cipher.keyedHash('phone', '13800138000'), other.keyedHash('phone', '13800138000'));
  });
});
