import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gb11643CheckChar, normalizeName, normalizePhone, validateIdDocument, type IdType } from './id-document.ts';

const TODAY = '2026-11-22';
const withCheck = (first17: string) => first17 + gb11643CheckChar(first17);

function expectValid(type: IdType, raw: string, normalized: string) {
  assert.deepEqual(validateIdDocument(type, raw, TODAY), { ok: true, idNumber: normalized }, `${type} ${raw}`);
}

function expectInvalid(type: IdType, raw: string, code: string) {
  assert.deepEqual(validateIdDocument(type, raw, TODAY), { ok: false, code }, `${type} ${raw}`);
}

describe('居民身份证 (GB 11643)', () => {
  it('accepts the standard example with check character X', () => {
    expectValid('resident_id', '11010519491231002X', '11010519491231002X');
  });

  it('accepts a lowercase x and stray spaces, normalising to uppercase', () => {
    expectValid('resident_id', '110105 19491231 002x', '11010519491231002X');
  });

  it('computes the check character over the first 17 digits', () => {
    assert.equal(gb11643CheckChar('11010519491231002'), 'X');
    assert.equal(gb11643CheckChar('44030519781120004'), withCheck('44030519781120004').at(-1));
  });

  it('refuses a wrong check character', () => {
    expectInvalid('resident_id', '110105194912310021', 'ID_CHECK_DIGIT');
  });

  it('refuses impossible dates: 30 February, month 13, 1899', () => {
    expectInvalid('resident_id', withCheck('11010519490230002'), 'ID_BIRTH_DATE_INVALID');
    expectInvalid('resident_id', withCheck('11010519491301002'), 'ID_BIRTH_DATE_INVALID');
    expectInvalid('resident_id', withCheck('11010518991231002'), 'ID_BIRTH_DATE_INVALID');
  });

  it('accepts 29 February in a leap year only', () => {
    expectValid('resident_id', withCheck('11010520000229002'), withCheck('11010520000229002'));
    expectInvalid('resident_id', withCheck('11010519000229002'), 'ID_BIRTH_DATE_INVALID');
  });

  it('refuses a birth date after today and accepts today', () => {
    expectInvalid('resident_id', withCheck('11010520261123002'), 'ID_BIRTH_DATE_FUTURE');
    expectValid('resident_id', withCheck('11010520261122002'), withCheck('11010520261122002'));
  });

  it('refuses an unknown province and a province-only code', () => {
    expectInvalid('resident_id', withCheck('99010519491231002'), 'ID_REGION_UNKNOWN');
    expectInvalid('resident_id', withCheck('00010519491231002'), 'ID_REGION_UNKNOWN');
    expectInvalid('resident_id', withCheck('11000019491231002'), 'ID_REGION_UNKNOWN');
  });

  it('accepts historical county codes abolished since (110103 崇文区, gone in 2010)', () => {
    expectValid('resident_id', withCheck('11010319800101001'), withCheck('11010319800101001'));
  });

  it('accepts residence permits for Hong Kong, Macao and Taiwan residents (810000/820000/830000)', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      const id = withCheck(`${prefix}19900101001`);
      expectValid('resident_id', id, id);
    }
  });

  it('refuses wrong lengths, including old 15-digit numbers, and letters inside', () => {
    expectInvalid('resident_id', '11010519491231002', 'ID_RESIDENT_LENGTH');
    expectInvalid('resident_id', '11010519491231002XX', 'ID_RESIDENT_LENGTH');
    expectInvalid('resident_id', '110105491231002', 'ID_RESIDENT_LENGTH');
    expectInvalid('resident_id', '1101051949123100AX', 'ID_RESIDENT_CHARS');
    expectInvalid('resident_id', '11010519491231X021', 'ID_RESIDENT_CHARS');
  });
});

describe('other documents', () => {
  it('passport: 5-17 letters and digits with at least one digit', () => {
    expectValid('passport', 'e12345678', 'E12345678');
    expectValid('passport', 'EA1234567', 'EA1234567');
    expectInvalid('passport', 'ABCDEFG', 'ID_PASSPORT_FORMAT');
    expectInvalid('passport', '1234', 'ID_PASSPORT_FORMAT');
    expectInvalid('passport', 'E1234567890123456789', 'ID_PASSPORT_FORMAT');
    expectInvalid('passport', 'E123/4567', 'ID_PASSPORT_FORMAT');
  });

  it('港澳居民来往内地通行证: H or M with 8 or 10 digits', () => {
    expectValid('hk_macao_permit', 'h12345678', 'H12345678');
    expectValid('hk_macao_permit', 'M1234567890', 'M1234567890');
    expectInvalid('hk_macao_permit', 'K12345678', 'ID_HK_MACAO_FORMAT');
    expectInvalid('hk_macao_permit', 'H1234567', 'ID_HK_MACAO_FORMAT');
    expectInvalid('hk_macao_permit', 'H123456789', 'ID_HK_MACAO_FORMAT');
  });

  it('台湾居民来往大陆通行证: 8 or 10 digits', () => {
    expectValid('taiwan_permit', '12345678', '12345678');
    expectValid('taiwan_permit', '1234567890', '1234567890');
    expectInvalid('taiwan_permit', '1234567', 'ID_TAIWAN_FORMAT');
    expectInvalid('taiwan_permit', 'T1234567', 'ID_TAIWAN_FORMAT');
  });

  it('外国人永久居留身份证: the 18-character card with its check character, and the 15-character card', () => {
    const card2023 = withCheck('93184019850101001');
    expectValid('foreign_permanent_resident', card2023.toLowerCase(), card2023);
    expectInvalid('foreign_permanent_resident', card2023.slice(0, 17) + (card2023.endsWith('0') ? '1' : '0'), 'ID_CHECK_DIGIT');
    expectInvalid('foreign_permanent_resident', withCheck('99984019850101001'), 'ID_REGION_UNKNOWN');
    expectInvalid('foreign_permanent_resident', withCheck('93184019851301001'), 'ID_BIRTH_DATE_INVALID');
    expectValid('foreign_permanent_resident', 'usa110000000001', 'USA110000000001');
    expectInvalid('foreign_permanent_resident', 'USA990000000001', 'ID_REGION_UNKNOWN');
    expectInvalid('foreign_permanent_resident', 'US1100000000001', 'ID_FOREIGN_PR_FORMAT');
    expectInvalid('foreign_permanent_resident', '1234', 'ID_FOREIGN_PR_FORMAT');
  });
});

describe('names and phones', () => {
  it('names: CJK, Latin and the middle dot; digits and symbols refused', () => {
    assert.equal(normalizeName(' 张三 '), '张三');
    assert.equal(normalizeName('买买提.艾力'), '买买提·艾力');
    assert.equal(normalizeName('John  Smith'), 'John Smith');
    assert.equal(normalizeName('张3'), null);
    assert.equal(normalizeName(''), null);
    assert.equal(normalizeName('<script>'), null);
    assert.equal(normalizeName('张'.repeat(51)), null);
  });

  it('phones: mainland mobiles with or without +86, and E.164 numbers', () => {
    assert.equal(normalizePhone('138 0013 8000'), '13800138000');
    assert.equal(normalizePhone('+8613800138000'), '13800138000');
    assert.equal(normalizePhone('+85291234567'), '+85291234567');
    assert.equal(normalizePhone('12800138000'), null);
    assert.equal(normalizePhone('1380013800'), null);
    assert.equal(normalizePhone('abc'), null);
  });
});
