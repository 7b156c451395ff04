import { lang } from './prefs';

const messages = {
  appName: { 'zh-CN': '健康码', en: 'Health Code' },
  switchLang: { 'zh-CN': 'English', en: '中文' },
  largeTextOn: { 'zh-CN': '大字模式', en: 'Large text' },
  largeTextOff: { 'zh-CN': '标准字号', en: 'Normal text' },
  register: { 'zh-CN': '实名注册', en: 'Register' },
  signIn: { 'zh-CN': '登录', en: 'Sign in' },
  signOut: { 'zh-CN': '退出登录', en: 'Sign out' },
  signOutEverywhere: { 'zh-CN': '退出所有设备', en: 'Sign out on all devices' },
  name: { 'zh-CN': '姓名', en: 'Full name' },
  idType: { 'zh-CN': '证件类型', en: 'Document type' },
  idNumber: { 'zh-CN': '证件号码', en: 'Document number' },
  phone: { 'zh-CN': '手机号码', en: 'Mobile number' },
  password: { 'zh-CN': '密码', en: 'Password' },
  passwordHint: { 'zh-CN': '至少8位，含字母和数字', en: 'At least 8 characters, letters and digits' },
  submitRegister: { 'zh-CN': '注册并领取健康码', en: 'Register and get my code' },
  submitSignIn: { 'zh-CN': '登录', en: 'Sign in' },
  haveAccount: { 'zh-CN': '已有账号？去登录', en: 'Have an account? Sign in' },
  noAccount: { 'zh-CN': '还没有账号？实名注册', en: 'No account yet? Register' },
  realNameNote: {
    'zh-CN': '健康码实行一人一码、实名认证。您的个人信息加密存储，对他人脱敏显示。',
    en: 'One person, one code, under your real name. Your personal data is encrypted and masked to everyone else.',
  },
  welcome: { 'zh-CN': '您好，', en: 'Hello, ' },
  myInfo: { 'zh-CN': '我的实名信息', en: 'My identity' },
  assurance: { 'zh-CN': '核验方式', en: 'Verification' },
  networkError: { 'zh-CN': '网络连接失败，请稍后再试', en: 'Network error; please try again' },
  working: { 'zh-CN': '请稍候…', en: 'Please wait…' },
  staffAccount: { 'zh-CN': '工作人员账号', en: 'Staff account' },
  roles: { 'zh-CN': '角色', en: 'Roles' },
  colourLegend: {
    'zh-CN': '绿码：未见异常，可通行；黄码、红码：请按防控要求核实健康状态。',
    en: 'Green: no anomalies, may pass. Yellow or red: follow the health authority’s instructions.',
  },
} as const;

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey): string {
  return messages[key][lang.value];
}

export const ID_TYPE_OPTIONS = [
  { value: 'resident_id', 'zh-CN': '居民身份证', en: 'Resident Identity Card' },
  { value: 'passport', 'zh-CN': '护照', en: 'Passport' },
  { value: 'hk_macao_permit', 'zh-CN': '港澳居民来往内地通行证', en: 'Home Return Permit (HK/Macao)' },
  { value: 'taiwan_permit', 'zh-CN': '台湾居民来往大陆通行证', en: 'Mainland Travel Permit (Taiwan)' },
  { value: 'foreign_permanent_resident', 'zh-CN': '外国人永久居留身份证', en: 'Foreign Permanent Resident ID' },
] as const;

export const ROLE_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  holder: { 'zh-CN': '持码人', en: 'Holder' },
  verifier: { 'zh-CN': '核验员', en: 'Verifier' },
  venue_manager: { 'zh-CN': '场所管理员', en: 'Venue manager' },
  authority_operator: { 'zh-CN': '防控操作员', en: 'Authority operator' },
  authority_approver: { 'zh-CN': '防控审批员', en: 'Authority approver' },
  authority_admin: { 'zh-CN': '防控管理员', en: 'Authority admin' },
};
