/**
 * Validation of the five identity documents of SPEC §2. Pure functions: the caller supplies today's
 * date so that tests are deterministic.
 */
import type { FieldErrorCode } from '../../errors.ts';
import { isProvinceCode } from '../regions/regions.data.ts';

export const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_resident'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, { 'zh-CN': string; en: string }> = {
  resident_id: { 'zh-CN': '居民身份证', en: 'Resident Identity Card' },
  passport: { 'zh-CN': '护照', en: 'Passport' },
  hk_macao_permit: { 'zh-CN': '港澳居民来往内地通行证', en: 'Mainland Travel Permit for Hong Kong and Macao Residents' },
  taiwan_permit: { 'zh-CN': '台湾居民来往大陆通行证', en: 'Mainland Travel Permit for Taiwan Residents' },
  foreign_permanent_resident: { 'zh-CN': '外国人永久居留身份证', en: 'Foreign Permanent Resident ID Card' },
};

export type IdValidation = { ok: true; idNumber: string } | { ok: false; code: FieldErrorCode };

/** Spaces removed and letters upper-cased: people type a lowercase x, or copy numbers with spaces. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** 'YYYYMMDD' → whether it is a real calendar date (UTC), and not after `today` ('YYYY-MM-DD'). */
function checkBirthDate(yyyymmdd: string, today: string): FieldErrorCode | null {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'ID_BIRTH_DATE_INVALID';
  }
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return iso > today ? 'ID_BIRTH_DATE_FUTURE' : null;
}

/**
 * 居民身份证 (GB 11643): 6-digit region, 8-digit birth date, 3-digit sequence, check character.
 * A number keeps the county code of its first registration for life, and many county codes have been
 * abolished since (110103 崇文区, 2010), so the province is checked strictly and the county part is not.
 * Residence permits for Hong Kong, Macao and Taiwan residents use 810000 / 820000 / 830000.
 */
function validateResidentId(id: string, today: string): FieldErrorCode | null {
  if (id.length !== 18) return 'ID_RESIDENT_LENGTH';
  if (!/^\d{17}[\dX]$/.test(id)) return 'ID_RESIDENT_CHARS';
  const province = id.slice(0, 2);
  const residencePermit = ['810000', '820000', '830000'].includes(id.slice(0, 6));
  if (!residencePermit && (!isProvinceCode(province) || id.slice(2, 6) === '0000')) return 'ID_REGION_UNKNOWN';
  const dateProblem = checkBirthDate(id.slice(6, 14), today);
  if (dateProblem) return dateProblem;
  if (gb11643CheckChar(id) !== id[17]) return 'ID_CHECK_DIGIT';
  return null;
}

/**
 * 外国人永久居留身份证: the 2023 card has 18 characters (9, issuing province, 3-digit nationality,
 * birth date, sequence, GB 11643 check character); the 2017 card has 3 nationality letters and 12 digits.
 */
function validateForeignPermanentResident(id: string, today: string): FieldErrorCode | null {
  if (/^9\d{16}[\dX]$/.test(id)) {
    if (!isProvinceCode(id.slice(1, 3))) return 'ID_REGION_UNKNOWN';
    const dateProblem = checkBirthDate(id.slice(6, 14), today);
    if (dateProblem) return dateProblem;
    return gb11643CheckChar(id) === id[17] ? null : 'ID_CHECK_DIGIT';
  }
  if (/^[A-Z]{3}\d{12}$/.test(id)) return isProvinceCode(id.slice(3, 5)) ? null : 'ID_REGION_UNKNOWN';
  return 'ID_FOREIGN_PR_FORMAT';
}

export function validateIdDocument(type: IdType, raw: string, today: string): IdValidation {
  const id = normalizeIdNumber(raw);
  let problem: FieldErrorCode | null;
  switch (type) {
    case 'resident_id':
      problem = validateResidentId(id, today);
      break;
    case 'passport':
      problem = /^(?=.*\d)[A-Z0-9]{5,17}$/.test(id) ? null : 'ID_PASSPORT_FORMAT';
      break;
    case 'hk_macao_permit':
      problem = /^[HM]\d{8}(\d{2})?$/.test(id) ? null : 'ID_HK_MACAO_FORMAT';
      break;
    case 'taiwan_permit':
      problem = /^\d{8}(\d{2})?$/.test(id) ? null : 'ID_TAIWAN_FORMAT';
      break;
    case 'foreign_permanent_resident':
      problem = validateForeignPermanentResident(id, today);
      break;
  }
  return problem ? { ok: false, code: problem } : { ok: true, idNumber: id };
}

/** Names as on the document: CJK, Latin letters, the middle dot of minority and foreign names, spaces, hyphens. */
export function normalizeName(raw: string): string | null {
  const name = raw.trim().replace(/\s+/g, ' ').replace(/[.•・]/g, '·');
  const length = [...name].length;
  if (length < 1 || length > 50) return null;
  return /^[\p{Script=Han}\p{L}][\p{Script=Han}\p{L}·' -]*$/u.test(name) ? name : null;
}

/** Mainland mobile numbers (11 digits from 13x to 19x) or international numbers in E.164 form. */
export function normalizePhone(raw: string): string | null {
  const phone = raw.replace(/[\s-]/g, '').replace(/^\+86(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(phone)) return phone;
  if (/^\+[1-9]\d{6,14}$/.test(phone)) return phone;
  return null;
}
