import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allRegions, findRegion, regionName, regionPath } from './regions.data.ts';
import { englishRegionName, englishRegionNames } from './regions.english.ts';

describe('English region names (GB/T 17693)', () => {
  it('regions.en.json is what the rules make of the data set now: run `npm run regions:english` after changing either', () => {
    assert.equal(readFileSync(new URL('./regions.en.json', import.meta.url), 'utf8'), englishRegionNames());
  });

  it('names every region in Latin letters', () => {
    const unnamed = allRegions().filter((region) => !/^[A-Za-z][A-Za-zü' ,’-]*$/.test(regionName(region, 'en')));
    assert.deepEqual(unnamed.map((r) => `${r.code} ${r.name} → ${regionName(r, 'en')}`), []);
  });

  it('reads place names as places are read, not as a dictionary first reads their characters', () => {
    const english = (code: string) => regionName(findRegion(code)!, 'en');
    assert.deepEqual(
      ['61', '14', '6101', '130225', '371522', '130602', '340304', '130981', '420116', '540102', '650100', '230100'].map(english),
      ['Shaanxi', 'Shanxi', "Xi'an", 'Laoting County', 'Shen County', 'Jingxiu District', 'Yuhui District', 'Botou', 'Huangpi District', 'Chengguan District', 'Urumqi', 'Harbin'],
    );
    assert.equal(english('371722'), 'Shan County', '单县');
    assert.equal(english('130726'), 'Yu County', '蔚县');
    assert.equal(english('540302'), 'Karuo District');
  });

  it('says what kind of place it is, and for whom an autonomous one is', () => {
    assert.equal(englishRegionName('2224', '延边朝鲜族自治州', 'city'), 'Yanbian Korean Autonomous Prefecture');
    assert.equal(englishRegionName('4331', '湘西土家族苗族自治州', 'city'), 'Xiangxi Tujia and Miao Autonomous Prefecture');
    assert.equal(englishRegionName('6527', '博尔塔拉蒙古自治州', 'city'), 'Bortala Mongol Autonomous Prefecture');
    assert.equal(englishRegionName('1522', '兴安盟', 'city'), 'Hinggan League');
    assert.equal(englishRegionName('152221', '科尔沁右翼前旗', 'county'), 'Horqin Right Wing Front Banner', 'a banner’s position follows its name');
    assert.equal(englishRegionName('152921', '阿拉善左旗', 'county'), 'Alxa Left Banner');
    assert.equal(englishRegionName('150724', '鄂温克族自治旗', 'county'), 'Evenk Autonomous Banner');
    assert.equal(englishRegionName('140109', '万柏林区', 'county'), 'Wanbailin District', '林区 here is part of the name');
    assert.equal(englishRegionName('429021', '神农架林区', 'county'), 'Shennongjia Forestry District');
  });

  it('leaves out of a functional zone’s name the parents the path names anyway', () => {
    assert.equal(englishRegionName('130271', '河北唐山芦台经济开发区', 'county', ['河北省', '唐山市']), 'Lutai Economic Development Zone');
    assert.equal(englishRegionName('340371', '蚌埠市高新技术开发区', 'county', ['安徽省', '蚌埠市']), 'Bengbu High-tech Development Zone');
  });

  it('writes a path smallest first in English, leaving out groupings that are no place', () => {
    assert.equal(regionPath('130606', 'zh-CN'), '河北省 保定市 莲池区');
    assert.equal(regionPath('130606', 'en'), 'Lianchi District, Baoding, Hebei');
    assert.equal(regionPath('110101', 'zh-CN'), '北京市 市辖区 东城区');
    assert.equal(regionPath('110101', 'en'), 'Dongcheng District, Beijing');
    assert.equal(regionPath('110100', 'en'), 'Districts, Beijing');
    assert.equal(regionPath('999999', 'en'), '');
  });
});
