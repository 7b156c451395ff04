/**
 * Statuses and reasons in words (出行提示). Colour is never the only signal: every status has a label,
 * and every reason says what it is and what clears it.
 */
import { formatMessage } from '../../errors.ts';
import type { Lang } from '../../shared/i18n.ts';
import { dateTimeFormat } from '../../shared/calendar.ts';
import { regionPath } from '../regions/regions.data.ts';
import type { HolderStatus, Reason } from '../rules/rules.engine.ts';
import type { LatestTest, StoredStatus } from './status.service.ts';

type Words = Record<Lang, string>;

export const STATUS_LABELS: Record<HolderStatus, Words> = {
  green: { 'zh-CN': '绿码', en: 'Green' },
  yellow: { 'zh-CN': '黄码', en: 'Yellow' },
  red: { 'zh-CN': '红码', en: 'Red' },
  pending: { 'zh-CN': '待申报', en: 'Awaiting declaration' },
};

/** The line checkpoints read beside the colour: how recent the latest negative test is, in their own words. */
export type NucleicAcidLine = 'negative_24h' | 'negative_48h' | 'negative_72h' | 'positive' | 'none_recent';

const NUCLEIC_ACID_LABELS: Record<NucleicAcidLine, Words> = {
  negative_24h: { 'zh-CN': '24小时内核酸阴性', en: 'Negative test within 24 h' },
  negative_48h: { 'zh-CN': '48小时内核酸阴性', en: 'Negative test within 48 h' },
  negative_72h: { 'zh-CN': '72小时内核酸阴性', en: 'Negative test within 72 h' },
  positive: { 'zh-CN': '核酸阳性', en: 'Positive test' },
  none_recent: { 'zh-CN': '无近期核酸记录', en: 'No recent test on record' },
};

const HOUR = 3_600_000;

/** The latest test (sampled within 72 h) as of `now`; older ones count as none. */
export function presentNucleicAcid(latest: LatestTest | null, now: number, lang: Lang) {
  const hours = latest ? (now - latest.sampledAt) / HOUR : Infinity;
  const line: NucleicAcidLine =
    !latest || hours > 72 ? 'none_recent' : latest.result === 'positive' ? 'positive' : hours <= 24 ? 'negative_24h' : hours <= 48 ? 'negative_48h' : 'negative_72h';
  return { line, label: NUCLEIC_ACID_LABELS[line][lang], sampledAt: line === 'none_recent' ? null : latest!.sampledAt };
}

const HEADLINES: Record<'clear' | 'prompts' | 'pending', Words> = {
  clear: { 'zh-CN': '未见异常', en: 'No anomalies found' },
  prompts: { 'zh-CN': '经过数据库查询，您有以下出行提示：', en: 'The database query found the following travel prompts:' },
  pending: { 'zh-CN': '初次使用需先完成一次健康申报（去打卡）', en: 'Complete a health declaration first to get your code' },
};

const REASONS: Record<Reason['code'], Words> = {
  OPEN_CASE: { 'zh-CN': '登记为{kind}', en: 'Registered as a {kind}' },
  CLOSED_CASE: { 'zh-CN': '{kind}已解除，处于健康观察期', en: '{kind} closed; under health observation' },
  FALSE_DECLARATION: { 'zh-CN': '{date}的健康申报被认定为不实申报', en: 'The health declaration of {date} was found to be false' },
  FEVER_WITH_EXPOSURE: { 'zh-CN': '申报发热（{temperature}℃），且{exposure}', en: 'Declared fever ({temperature} °C) with {exposure}' },
  SYMPTOMS: { 'zh-CN': '申报身体不适：{symptoms}', en: 'Declared symptoms: {symptoms}' },
  DECLARED_CONTACT: { 'zh-CN': '申报与确诊或疑似病例有接触', en: 'Declared contact with a confirmed or suspected case' },
  CLOSE_CONTACT: { 'zh-CN': '被判定为密切接触者（末次接触{date}）', en: 'Identified as a close contact (last contact {date})' },
  RISK_AREA_STAY: { 'zh-CN': '14天内到访{region}（{level}风险地区）{via}', en: 'Stayed in {region} ({level}-risk area) within 14 days{via}' },
  POPUP: { 'zh-CN': '弹窗提示（{type}类）：{reason}', en: 'Pop-up (type {type}): {reason}' },
  MANUAL_OVERRIDE: { 'zh-CN': '防控部门人工赋码为{colour}：{reason}', en: 'Set to {colour} by the health authority: {reason}' },
  AWAITING_DECLARATION: { 'zh-CN': '尚未进行健康申报', en: 'No health declaration yet' },
};

const DETAIL_WORDS: Record<string, Words> = {
  confirmed: { 'zh-CN': '确诊病例', en: 'confirmed case' },
  suspected: { 'zh-CN': '疑似病例', en: 'suspected case' },
  contact: { 'zh-CN': '申报与病例有接触', en: 'declared contact with a case' },
  high_risk_area: { 'zh-CN': '到访高风险地区', en: 'a stay in a high-risk area' },
  low: { 'zh-CN': '低', en: 'low' },
  medium: { 'zh-CN': '中', en: 'medium' },
  high: { 'zh-CN': '高', en: 'high' },
  fever: { 'zh-CN': '发热', en: 'fever' },
  fatigue: { 'zh-CN': '乏力', en: 'fatigue' },
  cough: { 'zh-CN': '咳嗽', en: 'cough' },
  sore_throat: { 'zh-CN': '咽痛', en: 'sore throat' },
  shortness_of_breath: { 'zh-CN': '呼吸困难', en: 'shortness of breath' },
  diarrhoea: { 'zh-CN': '腹泻', en: 'diarrhoea' },
  conjunctivitis: { 'zh-CN': '结膜炎', en: 'conjunctivitis' },
  other: { 'zh-CN': '其他症状', en: 'other symptoms' },
  checkin: { 'zh-CN': '（场所扫码记录）', en: ' (venue check-in)' },
};

const CLEARANCES = {
  case_closed: { 'zh-CN': '病例解除后进入观察期', en: 'Once the case is closed, an observation period follows' },
  first_declaration: { 'zh-CN': '完成健康申报后生成健康码', en: 'Your code appears after your first declaration' },
  overrideUntil: { 'zh-CN': '有效期至{date}', en: 'Until {date}' },
  overrideOpen: { 'zh-CN': '直至防控部门撤销', en: 'Until the health authority withdraws it' },
  declarations: {
    'zh-CN': '连续{days}天健康申报且无新增风险后解除（已连续{done}天）',
    en: 'Clears after {days} consecutive days of declarations without new risk ({done} so far)',
  },
  notBefore: { 'zh-CN': '，且不早于{date}', en: ', and not before {date}' },
  tests: {
    'zh-CN': '{gap}{count}次核酸检测阴性后解除（已有{done}次），或于{date}自动解除',
    en: 'Clears after {count} negative nucleic-acid tests{gap} ({done} so far), or automatically on {date}',
  },
  gap: { 'zh-CN': '间隔{hours}小时', en: ' at least {hours} h apart' },
} satisfies Record<string, Words>;

export function formatDateTime(epochMs: number, lang: Lang, timeZone: string): string {
  return dateTimeFormat(lang, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(epochMs);
}

const detailWord = (value: string | undefined, lang: Lang) => (value ? (DETAIL_WORDS[value]?.[lang] ?? value) : '');

/** A reason in words, short: what verifiers see. */
export function presentReasonText(reason: Reason, lang: Lang, timeZone: string): string {
  const d = reason.detail;
  const symptoms = (d.symptoms ?? '').split(',').filter(Boolean).map((s) => detailWord(s, lang));
  return formatMessage(REASONS[reason.code][lang], {
    kind: detailWord(d.kind, lang),
    exposure: detailWord(d.exposure, lang),
    temperature: d.temperature ?? '',
    symptoms: symptoms.length > 0 ? symptoms.join(lang === 'en' ? ', ' : '、') : detailWord('fever', lang),
    region: d.region ? regionPath(d.region, lang) || d.region : '',
    level: detailWord(d.level, lang),
    via: detailWord(d.via, lang),
    colour: d.colour ? STATUS_LABELS[d.colour as HolderStatus][lang] : '',
    type: d.type ?? '',
    reason: d.reason ?? '',
    date: formatDateTime(reason.code === 'FALSE_DECLARATION' ? Number(d.declaredAt) : reason.since, lang, timeZone),
  });
}

function clearanceText(reason: Reason, lang: Lang, timeZone: string): string {
  const c = reason.clearance;
  switch (c.kind) {
    case 'case_closed':
    case 'first_declaration':
      return CLEARANCES[c.kind][lang];
    case 'declarations': {
      const text = formatMessage(CLEARANCES.declarations[lang], { days: c.daysRequired, done: c.daysDone });
      return c.notBefore === null ? text : text + formatMessage(CLEARANCES.notBefore[lang], { date: formatDateTime(c.notBefore, lang, timeZone) });
    }
    case 'override':
      return c.expiresAt === null ? CLEARANCES.overrideOpen[lang] : formatMessage(CLEARANCES.overrideUntil[lang], { date: formatDateTime(c.expiresAt, lang, timeZone) });
    case 'tests':
      return formatMessage(CLEARANCES.tests[lang], {
        gap: c.testsRequired > 1 && c.minHoursBetween > 0 ? formatMessage(CLEARANCES.gap[lang], { hours: c.minHoursBetween }) : '',
        count: c.testsRequired,
        done: c.testsDone,
        date: formatDateTime(c.autoClearAt, lang, timeZone),
      });
  }
}

/** Which fact a holder may dispute behind a reason; reasons from their own declarations they correct by declaring again. */
function appealable(reason: Reason): { factType: string; factId: string } | null {
  if (!reason.factId) return null;
  const factType =
    reason.code === 'OPEN_CASE' || reason.code === 'CLOSED_CASE'
      ? 'case'
      : reason.code === 'CLOSE_CONTACT'
        ? 'close_contact'
        : reason.code === 'POPUP'
          ? 'popup'
          : reason.code === 'FALSE_DECLARATION'
            ? 'declaration'
            : reason.code === 'MANUAL_OVERRIDE'
              ? 'override'
            : reason.code === 'RISK_AREA_STAY' && reason.detail.via === 'checkin'
              ? 'checkin'
              : null;
  return factType ? { factType, factId: reason.factId } : null;
}

export function presentStatus(stored: StoredStatus, lang: Lang, timeZone: string) {
  const headline = stored.status === 'green' ? 'clear' : stored.status === 'pending' ? 'pending' : 'prompts';
  return {
    status: stored.status,
    label: STATUS_LABELS[stored.status][lang],
    headline: HEADLINES[headline][lang],
    reasons: stored.reasons.map((reason) => ({
      code: reason.code,
      status: reason.status,
      since: reason.since,
      text: presentReasonText(reason, lang, timeZone),
      clears: clearanceText(reason, lang, timeZone),
      clearsAt: reason.clearsAt,
      appealable: appealable(reason),
    })),
    clearsAt: stored.clearsAt,
    ruleSetVersion: stored.ruleSetVersion,
    computedAt: stored.computedAt,
  };
}
