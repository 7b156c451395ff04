/**
 * The error catalogue: every error a client can see, with its HTTP status, a stable code and its
 * messages in zh-CN and English. Services throw `AppError(code)`; the error handler in
 * `http/error-handler.ts` is the only place that turns errors into responses.
 */
import type { Lang } from './shared/i18n.ts';

interface CatalogueEntry {
  status: number;
  'zh-CN': string;
  en: string;
}

export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, 'zh-CN': '填写有误，请检查标注的项目', en: 'Some fields need attention' },
  BAD_REQUEST: { status: 400, 'zh-CN': '请求格式不正确', en: 'The request is malformed' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, 'zh-CN': '手机号或密码错误', en: 'Wrong phone number or password' },
  ACCOUNT_DISABLED: { status: 403, 'zh-CN': '该账号已停用，如有疑问请联系管理员', en: 'This account is disabled; contact an administrator if this is a mistake' },
  CANNOT_DISABLE_SELF: { status: 409, 'zh-CN': '不能停用自己的账号，请由另一名管理员操作', en: 'You cannot disable your own account; ask another administrator' },
  INVALID_SIGN_IN_CODE: { status: 401, 'zh-CN': '验证码错误或已失效，请重新获取', en: 'Wrong or expired code; ask for a new one' },
  SIGN_IN_CODE_TOO_SOON: { status: 429, 'zh-CN': '验证码已发送，请{seconds}秒后再重新获取', en: 'A code was just sent; ask for another in {seconds} s' },
  SMS_FAILED: { status: 503, 'zh-CN': '短信发送失败，请稍后再试', en: 'The text message could not be sent; try again later' },
  CSRF_FAILED: {
    status: 403,
    'zh-CN': '页面已过期，请刷新后重试',
    en: 'This page has expired; reload and try again',
  },
  NOT_FOUND: { status: 404, 'zh-CN': '未找到该内容', en: 'Not found' },
  ALREADY_REGISTERED: {
    status: 409,
    'zh-CN': '该证件已申领健康码，一人只能有一个健康码。如非本人操作，请提出纠错',
    en: 'A health code already exists for this document (one person, one code). If this was not you, file a correction',
  },
  PHONE_TAKEN: {
    status: 409,
    'zh-CN': '该手机号已注册，请直接登录',
    en: 'This phone number is already registered; please sign in',
  },
  DECLARATION_LIMIT: {
    status: 429,
    'zh-CN': '今日已健康申报{limit}次，已达上限，请明日再申报',
    en: 'You have already declared {limit} times today, the daily limit; please declare again tomorrow',
  },
  TOO_MANY_DEPENDENTS: {
    status: 409,
    'zh-CN': '每人最多为{limit}人代领健康码',
    en: 'One person may hold codes for at most {limit} dependents',
  },
  TOO_MANY_GUARDIANS: {
    status: 409,
    'zh-CN': '该人员已被{limit}人代领，已达上限',
    en: 'This person already has {limit} guardians, the maximum',
  },
  HOLDS_OWN_CODE: {
    status: 409,
    'zh-CN': '该人员已本人申领健康码，不能代领',
    en: 'This person holds their own health code and cannot be added as a dependent',
  },
  ALREADY_DEPENDENT: { status: 409, 'zh-CN': '您已代领该人员的健康码', en: 'You already hold this person’s code' },
  ALREADY_MARKED_FALSE: { status: 409, 'zh-CN': '该申报已被认定为不实申报', en: 'This declaration has already been found false' },
  ALREADY_TRUSTED: { status: 409, 'zh-CN': '该平台已在信任列表中', en: 'This platform is already trusted' },
  VENUE_EXISTS: {
    status: 409,
    'zh-CN': '场所码一人只能申领一个，您已申领“{name}”',
    en: 'One venue code per person: you already hold “{name}”',
  },
  VENUE_CODE_INVALID: {
    status: 400,
    'zh-CN': '场所码无效或已被篡改，请扫描场所张贴的官方场所码',
    en: 'This venue code is invalid or altered; scan the venue’s official code',
  },
  VENUE_CODE_STALE: {
    status: 410,
    'zh-CN': '场所码已更新，请扫描现场屏幕上的最新二维码',
    en: 'This venue code has changed; scan the current code on the venue’s screen',
  },
  VENUE_SCREEN_ONLY: {
    status: 410,
    'zh-CN': '该场所已启用动态场所码，请扫描现场屏幕上的二维码',
    en: 'This venue uses a changing code; scan the code on its screen',
  },
  VENUE_SUSPENDED: {
    status: 403,
    'zh-CN': '该场所码已被防控部门暂停使用，请联系场所工作人员',
    en: 'This venue code has been suspended by the health authority; ask the venue’s staff',
  },
  STATS_NOT_GRANTED: {
    status: 403,
    'zh-CN': '统计功能需经防控部门授权后开放，请先申请统计权限',
    en: 'Statistics open once the health authority grants them; request access first',
  },
  VISITOR_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到该证件对应的健康码，请引导其申领健康码或出示纸质码',
    en: 'No health code for this document; help them get one or show a paper code',
  },
  SECOND_APPROVER_REQUIRED: {
    status: 409,
    'zh-CN': '人工赋码须由另一名审批人员批准',
    en: 'A manual colour change must be approved by another authority user',
  },
  APPEAL_LIMIT: {
    status: 429,
    'zh-CN': '每人每天最多提交{limit}次纠错申请，请明日再试',
    en: 'At most {limit} corrections a day; please try again tomorrow',
  },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '提交的内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': '不支持的内容类型',
    en: 'Unsupported content type',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': '操作过于频繁，请{seconds}秒后再试',
    en: 'Too many requests; try again in {seconds} seconds',
  },
  SIGN_IN_RATE_LIMITED: {
    status: 429,
    'zh-CN': '尝试次数过多，为保护您的账户，请{minutes}分钟后再试',
    en: 'Too many attempts; to protect your account, try again in {minutes} minutes',
  },
  INTERNAL: { status: 500, 'zh-CN': '服务器出错了，请稍后再试', en: 'Something went wrong; please try again later' },
  OVERLOADED: { status: 503, 'zh-CN': '系统繁忙，请稍后再试', en: 'The system is busy; please try again later' },
} satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

/** Problems with one field, shown beside that field. */
export const fieldErrorCatalogue = {
  REQUIRED: { 'zh-CN': '此项必填', en: 'Required' },
  LINK_CODE_INVALID: {
    'zh-CN': '健康码无效或已过期，请在签发平台刷新后重新扫描或粘贴',
    en: 'The code is invalid or has expired: refresh it on the platform that issued it, then scan or paste it again',
  },
  LINK_OWN_CODE: { 'zh-CN': '这是本平台的健康码，无需关联', en: 'This is this platform’s own code; it needs no link' },
  LINK_UNTRUSTED: {
    'zh-CN': '该健康码不是本平台互认的省市平台签发的，无法关联',
    en: 'The code was issued by a platform this one does not recognise; it cannot be linked',
  },
  LINK_NAME_MISMATCH: { 'zh-CN': '该健康码的持码人姓名与本人不一致', en: 'The name on this code is not this person’s' },
  INVALID_FORMAT: { 'zh-CN': '格式不正确', en: 'Invalid format' },
  TOO_LONG: { 'zh-CN': '内容过长', en: 'Too long' },
  TOO_SHORT: { 'zh-CN': '内容过短', en: 'Too short' },
  NOT_ALLOWED: { 'zh-CN': '不在可选范围内', en: 'Not one of the allowed values' },
  BELOW_MINIMUM: { 'zh-CN': '不能小于{limit}', en: 'Must be at least {limit}' },
  ABOVE_MAXIMUM: { 'zh-CN': '不能大于{limit}', en: 'Must be at most {limit}' },
  DUPLICATE: { 'zh-CN': '不能重复', en: 'Must not repeat' },
  UNKNOWN_FIELD: { 'zh-CN': '无此项', en: 'No such field' },
  NAME_INVALID: {
    'zh-CN': '请填写证件上的姓名（1-50个字，可含间隔号·）',
    en: 'Enter the name as on the document (1-50 letters, may contain ·)',
  },
  PHONE_INVALID: {
    'zh-CN': '请填写11位手机号码，境外号码以+和国家代码开头',
    en: 'Enter an 11-digit mobile number, or an international number starting with + and the country code',
  },
  CURRENT_PASSWORD_WRONG: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  CODE_WRONG: { 'zh-CN': '验证码错误或已失效，请重新获取', en: 'Wrong or expired code; ask for a new one' },
  PASSWORD_WEAK: {
    'zh-CN': '密码至少8位，且须同时包含字母和数字',
    en: 'The password needs at least 8 characters with both letters and digits',
  },
  ID_RESIDENT_LENGTH: {
    'zh-CN': '居民身份证号码应为18位（一代15位身份证已停用）',
    en: 'A resident ID number has 18 characters (15-digit first-generation cards are no longer valid)',
  },
  ID_RESIDENT_CHARS: {
    'zh-CN': '居民身份证号码前17位应为数字，最后一位为数字或X',
    en: 'The first 17 characters must be digits and the last a digit or X',
  },
  ID_REGION_UNKNOWN: {
    'zh-CN': '身份证号码前6位不是有效的行政区划代码',
    en: 'The first 6 digits are not a valid administrative region code',
  },
  ID_BIRTH_DATE_INVALID: {
    'zh-CN': '身份证号码中的出生日期不存在',
    en: 'The date of birth in the number does not exist',
  },
  ID_BIRTH_DATE_FUTURE: {
    'zh-CN': '身份证号码中的出生日期晚于今天',
    en: 'The date of birth in the number is in the future',
  },
  ID_CHECK_DIGIT: {
    'zh-CN': '身份证号码校验位不正确，请核对是否输错',
    en: 'The check digit does not match; please check for a typing mistake',
  },
  ID_PASSPORT_FORMAT: {
    'zh-CN': '护照号码应为5-17位字母或数字',
    en: 'A passport number has 5-17 letters or digits',
  },
  ID_HK_MACAO_FORMAT: {
    'zh-CN': '港澳居民来往内地通行证号码应为H或M开头加8位或10位数字',
    en: 'A Home Return Permit number is H or M followed by 8 or 10 digits',
  },
  ID_TAIWAN_FORMAT: {
    'zh-CN': '台湾居民来往大陆通行证号码应为8位或10位数字',
    en: 'A Mainland Travel Permit for Taiwan Residents has 8 or 10 digits',
  },
  ID_FOREIGN_PR_FORMAT: {
    'zh-CN': '外国人永久居留身份证号码应为18位（9开头）或15位（3位字母加12位数字）',
    en: 'A Foreign Permanent Resident ID has 18 characters starting with 9, or 3 letters and 12 digits',
  },
  NAME_MISMATCH: {
    'zh-CN': '姓名与证件信息不一致',
    en: 'The name does not match the document',
  },
  REGION_UNKNOWN: {
    'zh-CN': '请选择有效的行政区划（省/市/区县）',
    en: 'Choose a valid region (province / city / county)',
  },
  TEMPERATURE_RANGE: {
    'zh-CN': '体温应在34.0-43.0℃之间',
    en: 'Temperature must be between 34.0 and 43.0 °C',
  },
  UNREACHABLE: { 'zh-CN': '无法访问该地址', en: 'This address cannot be reached' },
  NO_USABLE_KEYS: { 'zh-CN': '未找到可用的Ed25519公钥', en: 'No usable Ed25519 public key found' },
  VENUE_NAME_INVALID: { 'zh-CN': '请填写场所名称（2-60个字）', en: 'Enter the venue name (2-60 characters)' },
  PERSON_NOT_FOUND: { 'zh-CN': '未找到该证件对应的人员', en: 'No person with this document' },
  DATE_INVALID: { 'zh-CN': '时间格式不正确（例：2026-11-20 08:30）', en: 'Invalid time (e.g. 2026-11-20 08:30)' },
  PERIOD_TOO_LONG: { 'zh-CN': '时间段不能超过{days}天', en: 'The period may be {days} days at most' },
  DATE_IN_FUTURE: { 'zh-CN': '时间不能晚于现在', en: 'The time cannot be in the future' },
  COLUMN_MISSING: { 'zh-CN': '缺少必需的列', en: 'A required column is missing' },
  NO_OVERRIDE_IN_FORCE: {
    'zh-CN': '此人当前的颜色已按规则判定，没有可撤销的人工赋码',
    en: 'This person’s colour is already decided by the rules; there is no manual change to undo',
  },
  REASON_REQUIRED: {
    'zh-CN': '请填写理由（至少4个字）',
    en: 'Give a reason (at least 4 characters)',
  },
} satisfies Record<string, Omit<CatalogueEntry, 'status'>>;

export type FieldErrorCode = keyof typeof fieldErrorCatalogue;

export interface FieldError {
  field: string;
  code: FieldErrorCode;
  /** Filled into the message: `{limit}` */
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly options: { fields?: FieldError[]; params?: Record<string, string | number>; headers?: Record<string, string> } = {},
  ) {
    super(code);
    this.name = 'AppError';
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

/** Shorthand for a validation failure on named fields. */
export function invalid(...fields: FieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', { fields });
}

export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

export function errorMessage(code: ErrorCode, lang: Lang, params?: Record<string, string | number>): string {
  return formatMessage(errorCatalogue[code][lang], params);
}

export function fieldErrorMessage(code: FieldErrorCode, lang: Lang, params?: Record<string, string | number>): string {
  return formatMessage(fieldErrorCatalogue[code][lang], params);
}
