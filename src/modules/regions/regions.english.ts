/**
 * English names of GB/T 2260 regions, as China's own signs and maps write them (GB/T 17693): the provinces by
 * their customary short names (Shaanxi, not Shanxi, for 陕西), everything else in pinyin with its kind in
 * English: 莲池区 → Lianchi District, 延边朝鲜族自治州 → Yanbian Korean Autonomous Prefecture. A reader who
 * cannot read Chinese can then pick where they are and read where a risk area is.
 *
 * Run once, when the data set changes (`npm run regions:english` writes regions.en.json, which the server
 * reads): pinyin-pro's dictionary would cost every process 30 MB and 150 ms at start for names that never change.
 */
import { customPinyin, pinyin } from 'pinyin-pro';
import { allRegions, regionAndParents } from './regions.data.ts';

const PROVINCES: Record<string, string> = {
  '11': 'Beijing', '12': 'Tianjin', '13': 'Hebei', '14': 'Shanxi', '15': 'Inner Mongolia', '21': 'Liaoning', '22': 'Jilin',
  '23': 'Heilongjiang', '31': 'Shanghai', '32': 'Jiangsu', '33': 'Zhejiang', '34': 'Anhui', '35': 'Fujian', '36': 'Jiangxi',
  '37': 'Shandong', '41': 'Henan', '42': 'Hubei', '43': 'Hunan', '44': 'Guangdong', '45': 'Guangxi', '46': 'Hainan',
  '50': 'Chongqing', '51': 'Sichuan', '52': 'Guizhou', '53': 'Yunnan', '54': 'Tibet', '61': 'Shaanxi', '62': 'Gansu',
  '63': 'Qinghai', '64': 'Ningxia', '65': 'Xinjiang', '71': 'Taiwan', '81': 'Hong Kong', '82': 'Macao',
};

/**
 * Place names read some characters as no dictionary's first reading does (都 is du in every place name, 蔚县
 * is Yu County, 黄陂 Huangpi). Found by listing every polyphonic character's reading over the whole data set.
 */
customPinyin({
  都: 'dū', 什: 'shí', 单: 'shàn', 蔚: 'yù', 歙: 'shè', 浚: 'xùn', 乐亭: 'lào tíng', 大城: 'dà chéng',
  涡阳: 'guō yáng', 洪洞: 'hóng tóng', 调兵山: 'diào bīng shān', 蚌山: 'bèng shān', 黄陂: 'huáng pí', 曾都: 'zēng dū',
  尉犁: 'yù lí', 称多: 'chèn duō', 覃塘: 'tán táng', 繁峙: 'fán shì', 万柏林: 'wàn bǎi lín',
});

/**
 * Places named in Tibetan, Uygur or Mongolian are written as in those languages (GB/T 17693 again): Urumqi,
 * not Wulumuqi. Their prefectures, and the cities everyone knows by that name.
 */
const NATIVE_WORDS: Record<string, string> = {
  哈尔滨: 'Harbin', 呼和浩特: 'Hohhot', 鄂尔多斯: 'Ordos', 呼伦贝尔: 'Hulunbuir', 巴彦淖尔: 'Bayannur', 乌兰察布: 'Ulanqab',
  兴安: 'Hinggan', 锡林郭勒: 'Xilingol', 阿拉善: 'Alxa', 锡林浩特: 'Xilinhot', 满洲里: 'Manzhouli', 拉萨: 'Lhasa',
  日喀则: 'Shigatse', 昌都: 'Qamdo', 林芝: 'Nyingchi', 山南: 'Shannan', 那曲: 'Nagqu', 阿里: 'Ngari', 乌鲁木齐: 'Urumqi',
  克拉玛依: 'Karamay', 吐鲁番: 'Turpan', 哈密: 'Hami', 昌吉: 'Changji', 博尔塔拉: 'Bortala', 巴音郭楞: 'Bayingolin',
  阿克苏: 'Aksu', 克孜勒苏: 'Kizilsu', 喀什: 'Kashgar', 和田: 'Hotan', 伊犁: 'Ili', 塔城: 'Tacheng', 阿勒泰: 'Altay',
  库尔勒: 'Korla', 伊宁: 'Yining', 石河子: 'Shihezi', 甘孜: 'Garze', 阿坝: 'Ngawa', 果洛: 'Golog', 玉树: 'Yushu',
  // Inner Mongolia's banners.
  科尔沁: 'Horqin', 阿鲁科尔沁: 'Ar Horqin', 土默特: 'Tumed', 巴林: 'Bairin', 克什克腾: 'Hexigten', 翁牛特: 'Ongniud',
  喀喇沁: 'Harqin', 扎鲁特: 'Jarud', 达拉特: 'Dalad', 准格尔: 'Jungar', 鄂托克: 'Otog', 杭锦: 'Hanggin', 乌审: 'Uxin',
  伊金霍洛: 'Ejin Horo', 阿荣: 'Arun', 乌拉特: 'Urad', 察哈尔: 'Chahar', 扎赉特: 'Jalaid', 阿巴嘎: 'Abag', 苏尼特: 'Sonid',
  东乌珠穆沁: 'East Ujimqin', 西乌珠穆沁: 'West Ujimqin', 额济纳: 'Ejin', 陈巴尔虎: 'Chen Barag', 新巴尔虎: 'New Barag',
  达尔罕茂明安: 'Darhan Muminggan', 库伦: 'Hure', 莫力达瓦: 'Morin Dawa', 鄂伦春: 'Oroqen', 鄂温克族: 'Evenk',
};

/** A banner's position after its name: 科尔沁右翼前旗 is Horqin Right Wing Front Banner. */
const BANNER_POSITION = /^(.+?)(左翼|右翼|左|右)?(前|中|后)?(联合)?$/;
const POSITION_WORDS: Record<string, string> = { 左翼: 'Left Wing', 右翼: 'Right Wing', 左: 'Left', 右: 'Right', 前: 'Front', 中: 'Middle', 后: 'Rear', 联合: 'United' };

/** The kinds a name ends with, longest first, in English; the functional zones (开发区 …) too. */
const KINDS: [string, string][] = (
  [
    ['高新技术产业开发区', 'High-tech Industrial Development Zone'],
    ['高技术产业开发区', 'High-tech Industrial Development Zone'],
    ['高新技术产业园区', 'High-tech Industrial Park'],
    ['高新技术开发区', 'High-tech Development Zone'],
    ['经济技术开发区', 'Economic and Technological Development Zone'],
    ['城乡一体化示范区', 'Urban-Rural Integration Demonstration Zone'],
    ['管理区管委会', 'Administrative Area'],
    ['行政委员会', 'Administrative Committee'],
    ['经济开发区', 'Economic Development Zone'],
    ['风景名胜区', 'Scenic Area'],
    ['综合实验区', 'Comprehensive Experimental Zone'],
    ['产业聚集区', 'Industrial Cluster'],
    ['工业园区', 'Industrial Park'],
    ['产业园区', 'Industrial Park'],
    ['开发区', 'Development Zone'],
    ['示范区', 'Demonstration Zone'],
    ['管理区', 'Administrative Area'],
    ['自治州', 'Autonomous Prefecture'],
    ['自治县', 'Autonomous County'],
    ['自治旗', 'Autonomous Banner'],
    ['新区', 'New Area'],
    ['新城', 'New Town'],
    ['园区', 'Park'],
    ['矿区', 'Mining District'],
    ['地区', 'Prefecture'],
    ['区', 'District'],
    ['县', 'County'],
    ['旗', 'Banner'],
    ['盟', 'League'],
    // A city is known by its name alone: Baoding, not Baoding City.
    ['市', ''],
  ] as [string, string][]
).sort((a, b) => b[0].length - a[0].length);

/** Names no rule above reads right; the first four stand for no place, only for a municipality's or province's districts or counties. */
const WHOLE_NAMES: Record<string, string> = {
  市辖区: 'Districts',
  县: 'Counties',
  神农架林区: 'Shennongjia Forestry District',
  中沙群岛的岛礁及其海域: 'Zhongsha Islands',
  省直辖县级行政区划: 'County-level divisions',
  自治区直辖县级行政区划: 'County-level divisions',
};

/** The peoples autonomous places are named for, as their official English names call them. */
const PEOPLES: Record<string, string> = {
  朝鲜族: 'Korean', 蒙古族: 'Mongol', 藏族: 'Tibetan', 回族: 'Hui', 苗族: 'Miao', 彝族: 'Yi', 壮族: 'Zhuang', 布依族: 'Bouyei',
  侗族: 'Dong', 瑶族: 'Yao', 白族: 'Bai', 土家族: 'Tujia', 哈尼族: 'Hani', 哈萨克族: 'Kazak', 傣族: 'Dai', 黎族: 'Li',
  傈僳族: 'Lisu', 佤族: 'Va', 畲族: 'She', 拉祜族: 'Lahu', 水族: 'Sui', 东乡族: 'Dongxiang', 纳西族: 'Naxi', 景颇族: 'Jingpo',
  柯尔克孜族: 'Kirgiz', 土族: 'Tu', 达斡尔族: 'Daur', 仫佬族: 'Mulao', 羌族: 'Qiang', 布朗族: 'Blang', 撒拉族: 'Salar',
  毛南族: 'Maonan', 仡佬族: 'Gelao', 锡伯族: 'Xibe', 阿昌族: 'Achang', 普米族: 'Pumi', 塔吉克族: 'Tajik', 怒族: 'Nu',
  乌孜别克族: 'Uzbek', 俄罗斯族: 'Russian', 鄂温克族: 'Ewenki', 德昂族: 'De’ang', 保安族: 'Bonan', 裕固族: 'Yugur', 京族: 'Gin',
  塔塔尔族: 'Tatar', 独龙族: 'Derung', 鄂伦春族: 'Oroqen', 赫哲族: 'Hezhen', 门巴族: 'Monba', 珞巴族: 'Lhoba', 基诺族: 'Jino',
  满族: 'Manchu', 维吾尔族: 'Uygur',
  // Some names leave 族 out: 博尔塔拉蒙古自治州, 伊犁哈萨克自治州.
  蒙古: 'Mongol', 哈萨克: 'Kazak', 柯尔克孜: 'Kirgiz', 锡伯: 'Xibe', 塔吉克: 'Tajik',
};
// Longest first, so that 土家族 is not read as 土族 followed by 家.
const PEOPLE_NAMES = Object.keys(PEOPLES).sort((a, b) => b.length - a.length);

/** 保定 → Baoding, 西安 → Xi'an: one word, an apostrophe where a syllable starting with a vowel would run on. */
function placeWord(chinese: string): string {
  if (NATIVE_WORDS[chinese]) return NATIVE_WORDS[chinese];
  const syllables = pinyin(chinese, { toneType: 'none', type: 'array', v: false });
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The peoples named at the end of a stem (湘西土家族苗族 → Xiangxi, [Tujia, Miao]). */
function splitPeoples(stem: string): { place: string; peoples: string[] } {
  const peoples: string[] = [];
  let place = stem;
  for (let found = true; found; ) {
    found = false;
    for (const people of PEOPLE_NAMES) {
      if (place.length > people.length && place.endsWith(people)) {
        peoples.unshift(PEOPLES[people]!);
        place = place.slice(0, -people.length);
        found = true;
        break;
      }
    }
  }
  return { place, peoples };
}

/** 河北省 → 河北, 唐山市 → 唐山: how a parent's name stands at the start of a functional zone's (河北唐山芦台经济开发区). */
const shortName = (name: string) => name.replace(/(省|市|自治区|特别行政区|地区|盟|自治州)$/, '');

/**
 * The English name of a region (its code tells provinces apart; `name` is its Chinese name, `parentNames`
 * those of the province and city it is in). A functional zone's name repeats its parents' (河北唐山芦台经济开发区):
 * they are left out, as the path names them anyway.
 */
export function englishRegionName(code: string, name: string, level: 'province' | 'city' | 'county', parentNames: string[] = []): string {
  if (level === 'province') return PROVINCES[code] ?? placeWord(name);
  if (WHOLE_NAMES[name]) return WHOLE_NAMES[name];
  const kind = KINDS.find(([suffix]) => name.endsWith(suffix) && name.length > suffix.length);
  let stem = kind ? name.slice(0, -kind[0].length) : name;
  for (const parent of parentNames) {
    const prefix = [parent, shortName(parent)].find((p) => stem.startsWith(p));
    if (prefix === undefined) continue;
    const rest = stem.slice(prefix.length);
    // 蚌埠市高新技术开发区 is Bengbu's; 东营港经济开发区 is Dongyinggang's, not Gang's.
    stem = rest.length === 0 ? shortName(parent) : rest.length === 1 ? shortName(stem) : rest;
  }
  const { place, peoples } = kind?.[0].startsWith('自治') ? splitPeoples(stem) : { place: stem, peoples: [] };
  const peopleWords = peoples.length > 1 ? `${peoples.slice(0, -1).join(', ')} and ${peoples.at(-1)}` : (peoples[0] ?? '');
  if (kind?.[0] === '旗') {
    const [, base, ...position] = BANNER_POSITION.exec(place)!;
    return [placeWord(base!), ...position.filter(Boolean).map((word) => POSITION_WORDS[word!]), kind[1]].join(' ');
  }
  return [placeWord(place), peopleWords, kind?.[1] ?? ''].filter(Boolean).join(' ');
}

/** regions.en.json: code → English name, one a line, so that a change to a name reads as one. */
export function englishRegionNames(): string {
  const lines = allRegions().map((region) => {
    const parentNames = regionAndParents(region.code).slice(1).reverse().map((parent) => parent.name);
    return `  ${JSON.stringify(region.code)}: ${JSON.stringify(englishRegionName(region.code, region.name, region.level, parentNames))}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}
