/**
 * A rule set's thresholds, each named in both languages with its unit: the console's rule form edits them,
 * and the public 赋码规则 page shows the ones in force.
 */
import { w } from './i18n';

export type Definition = Record<string, unknown>;
/** A unit in Chinese and in English, with the English for one where it differs (1 day, 2 days). */
type Unit = [string, string, string?];

/** A value with its unit, in the reader's language: 14 天, 14 days, 1 test. */
export const withUnit = (value: unknown, [zh, en, enOne]: Unit): string => `${String(value)} ${w(zh, value === 1 && enOne ? enOne : en)}`;

const DAYS: Unit = ['天', 'days', 'day'];
export const NUMBERS: { field: string; label: [string, string]; unit: Unit; step?: number }[] = [
  { field: 'feverCelsius', label: ['体温达到即为发热', 'Fever from'], unit: ['℃', '°C'], step: 0.1 },
  { field: 'red.recoveryDays', label: ['红码（非在治病例）转绿：连续健康申报', 'Red (not an open case) turns green after clean declarations on'], unit: DAYS },
  { field: 'yellow.recoveryDays', label: ['黄码在原因消除后转绿：连续健康申报', 'Yellow turns green, once its cause has lapsed, after clean declarations on'], unit: DAYS },
  { field: 'yellow.closeContactDays', label: ['密切接触者自末次接触起黄码', 'A close contact is yellow from the last contact for'], unit: DAYS },
  { field: 'yellow.riskAreaDays', label: ['在风险地区停留后计入', 'A stay in a risk area counts for'], unit: DAYS },
];
export const CHOICES: { field: string; label: [string, string]; options: { value: string; name: () => string }[] }[] = [
  {
    field: 'yellow.riskAreaLevels',
    label: ['在以下风险地区停留即为黄码', 'A stay in these risk areas is yellow'],
    options: [
      { value: 'low', name: () => w('低风险', 'Low risk') },
      { value: 'medium', name: () => w('中风险', 'Medium risk') },
      { value: 'high', name: () => w('高风险', 'High risk') },
    ],
  },
  {
    field: 'yellow.declaredContactAnswers',
    label: ['申报“接触过病例”为以下回答即为黄码', 'Declaring contact with a case as these answers is yellow'],
    options: [
      { value: 'yes', name: () => w('是', 'Yes') },
      { value: 'unsure', name: () => w('不确定', 'Unsure') },
    ],
  },
];
export const POPUP_NUMBERS: { key: string; label: [string, string]; unit: Unit }[] = [
  { key: 'negativeTestsRequired', label: ['触发后采样的核酸阴性', 'Negative tests sampled after the trigger'], unit: ['次', 'tests', 'test'] },
  { key: 'minHoursBetweenTests', label: ['两次采样至少间隔', 'At least this far apart'], unit: ['小时', 'hours', 'hour'] },
  { key: 'autoClearDays', label: ['触发后自动解除', 'Cleared automatically after'], unit: DAYS },
];
export const POPUPS: { type: string; label: [string, string] }[] = [
  { type: 'A', label: ['A类弹窗（时空伴随、重点场所、中高风险地区）', 'Type A pop-ups (co-location, key venues, risk areas)'] },
  { type: 'B', label: ['B类弹窗（离开有阳性病例的县、严重地区）', 'Type B pop-ups (left a county with a case, a severely affected city)'] },
];

export const valueAt = (definition: Definition, field: string): unknown =>
  field.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), definition);

