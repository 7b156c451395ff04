import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedNameFits, maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('masking (SPEC §8)', () => {
  it('names of 1, 2, 3 and 4 characters', () => {
    assert.equal(maskName('张'), '*');
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('李秀英'), '李*英');
    assert.equal(maskName('欧阳明峰'), '欧**峰');
  });

  it('counts characters, not UTF-16 units, and handles Latin names', () => {
    assert.equal(maskName('𠀋𠀋𠀋'), '𠀋*𠀋');
    assert.equal(maskName('Anna'), 'A**a');
  });

  it('ID numbers keep the first and last character', () => {
    assert.equal(maskIdNumber('11010519491231002X'), '1****************X');
    assert.equal(maskIdNumber('E12345678'), 'E*******8');
  });

  it('phones keep 3 + 4 digits', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('+85291234567'), '+85*****4567');
  });

  it('a name masked another way still fits the name it came from, and no other', () => {
    for (const masked of ['王*', '*芳', '王芳']) assert.ok(maskedNameFits(masked, '王芳'), masked);
    assert.ok(maskedNameFits('欧**峰', '欧阳明峰'));
    assert.ok(maskedNameFits('*阳明*', '欧阳明峰'));
    assert.ok(maskedNameFits('*', '张'));
    for (const [masked, name] of [['李*', '王芳'], ['王**', '王芳'], ['**', '王芳'], ['欧**', '欧阳明峰'], ['王*', '王']]) assert.ok(!maskedNameFits(masked!, name!), `${masked} ${name}`);
  });
});
