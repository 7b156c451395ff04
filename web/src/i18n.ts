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
  myCode: { 'zh-CN': '出示码', en: 'My code' },
  declare: { 'zh-CN': '去打卡', en: 'Declare health' },
  healthInfo: { 'zh-CN': '查看个人健康信息', en: 'Personal health information' },
  history: { 'zh-CN': '查看打卡记录', en: 'Declaration history' },
  dependents: { 'zh-CN': '代领管理', en: 'Dependents' },
  account: { 'zh-CN': '我的账号', en: 'My account' },
  back: { 'zh-CN': '返回', en: 'Back' },
  timeLeft: { 'zh-CN': '有效期剩余', en: 'Valid for' },
  refreshing: { 'zh-CN': '正在刷新…', en: 'Refreshing…' },
  refresh: { 'zh-CN': '刷新', en: 'Refresh' },
  screenshotWarning: { 'zh-CN': '时钟实时走动，截图无效', en: 'The clock runs live; screenshots are not valid' },
  clears: { 'zh-CN': '解除条件：', en: 'Clears: ' },
  ruleVersion: { 'zh-CN': '判定规则版本', en: 'Rule set' },
  contactPhone: { 'zh-CN': '联系电话', en: 'Contact phone' },
  address: { 'zh-CN': '现住址', en: 'Current address' },
  region: { 'zh-CN': '当前所在地', en: 'Current location' },
  province: { 'zh-CN': '省', en: 'Province' },
  city: { 'zh-CN': '市', en: 'City' },
  county: { 'zh-CN': '区县', en: 'County' },
  temperature: { 'zh-CN': '体温（℃）', en: 'Temperature (°C)' },
  symptoms: { 'zh-CN': '身体状况', en: 'How do you feel?' },
  noSymptoms: { 'zh-CN': '无异常', en: 'No symptoms' },
  visited: { 'zh-CN': '近14天到访地区', en: 'Regions visited in the last 14 days' },
  addVisited: { 'zh-CN': '添加到访地区', en: 'Add region' },
  remove: { 'zh-CN': '移除', en: 'Remove' },
  contactWithCase: { 'zh-CN': '是否接触过确诊或疑似病例', en: 'Contact with a confirmed or suspected case?' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
  unsure: { 'zh-CN': '不确定', en: 'Not sure' },
  arrivedFromAbroad: { 'zh-CN': '近14天是否有境外旅居史', en: 'Arrived from abroad in the last 14 days?' },
  submitDeclaration: { 'zh-CN': '提交', en: 'Submit' },
  declarationNote: {
    'zh-CN': '请如实填写，谎报瞒报将被判为红码并依法追究责任。每天最多申报3次，以最后一次为准。',
    en: 'Declare truthfully: a false declaration turns the code red and is punishable by law. Up to 3 declarations a day; the latest counts.',
  },
  declaredFor: { 'zh-CN': '申报人', en: 'Declaring for' },
  noHistory: { 'zh-CN': '近14天没有打卡记录', en: 'No declarations in the last 14 days' },
  counts: { 'zh-CN': '当日有效', en: 'Counts for the day' },
  superseded: { 'zh-CN': '已被当日后续申报替代', en: 'Replaced by a later declaration that day' },
  addDependent: { 'zh-CN': '添加代领人员', en: 'Add a dependent' },
  relationship: { 'zh-CN': '与我的关系', en: 'Relationship to me' },
  dependentsNote: {
    'zh-CN': '可为没有智能手机的老人、儿童代领健康码。每人最多代领3人，每人最多被3人代领。本人注册后可自行接管。',
    en: 'Hold codes for elderly people and children without smartphones: up to 3 dependents each, and up to 3 guardians per person. They can take their code over by registering.',
  },
  self: { 'zh-CN': '本人', en: 'Me' },
  noDependents: { 'zh-CN': '尚未代领任何人', en: 'No dependents yet' },
  confirmRemove: { 'zh-CN': '确定不再代领此人吗？', en: 'Stop holding this person’s code?' },
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

export const SYMPTOM_OPTIONS = [
  { value: 'fever', 'zh-CN': '发热', en: 'Fever' },
  { value: 'fatigue', 'zh-CN': '乏力', en: 'Fatigue' },
  { value: 'cough', 'zh-CN': '咳嗽', en: 'Cough' },
  { value: 'sore_throat', 'zh-CN': '咽痛', en: 'Sore throat' },
  { value: 'shortness_of_breath', 'zh-CN': '呼吸困难', en: 'Shortness of breath' },
  { value: 'diarrhoea', 'zh-CN': '腹泻', en: 'Diarrhoea' },
  { value: 'conjunctivitis', 'zh-CN': '结膜炎', en: 'Conjunctivitis' },
  { value: 'other', 'zh-CN': '其他', en: 'Other' },
] as const;

export const RELATIONSHIP_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  self: { 'zh-CN': '本人', en: 'Me' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  grandparent: { 'zh-CN': '祖父母/外祖父母', en: 'Grandparent' },
  child: { 'zh-CN': '子女', en: 'Child' },
  grandchild: { 'zh-CN': '孙子女/外孙子女', en: 'Grandchild' },
  spouse: { 'zh-CN': '配偶', en: 'Spouse' },
  sibling: { 'zh-CN': '兄弟姐妹', en: 'Sibling' },
  other: { 'zh-CN': '其他', en: 'Other' },
};
