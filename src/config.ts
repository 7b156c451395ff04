/**
 * The one place that reads the environment. Every setting is declared once here, with its default and
 * a parser; `loadConfig` fails fast with a message naming every bad variable, so a misconfigured
 * deployment stops at boot instead of misbehaving later.
 */
import path from 'node:path';

type Parser<T> = (raw: string) => T;

interface Setting<T> {
  env: string;
  default: string;
  describe: string;
  parse: Parser<T>;
}

const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be a whole number between ${min} and ${max}`);
    const value = Number(raw);
    if (value < min || value > max) throw new Error(`must be between ${min} and ${max}`);
    return value;
  };

const optionalInteger =
  (min: number, max: number): Parser<number | undefined> =>
  (raw) => (raw.trim() === '' ? undefined : integer(min, max)(raw));

const text: Parser<string> = (raw) => raw.trim();

const boolean: Parser<boolean> = (raw) => {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new Error('must be true or false');
};

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    const value = raw.trim() as T;
    if (!values.includes(value)) throw new Error(`must be one of ${values.join(', ')}`);
    return value;
  };

const optionalUrl =
  (...protocols: string[]): Parser<string | undefined> =>
  (raw) => {
    if (raw.trim() === '') return undefined;
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new Error('must be a URL');
    }
    if (!protocols.includes(url.protocol)) throw new Error(`must start with ${protocols.join(' or ')}//`);
    return raw.trim();
  };

const optionalKey: Parser<Buffer | undefined> = (raw) => {
  if (raw.trim() === '') return undefined;
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32) throw new Error('must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  return key;
};

const issuerId: Parser<string> = (raw) => {
  if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(raw.trim())) throw new Error('must be 2-63 lowercase letters, digits, dots or dashes');
  return raw.trim();
};

const timeZone: Parser<string> = (raw) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw.trim() });
  } catch {
    throw new Error('must be an IANA time zone such as Asia/Shanghai');
  }
  return raw.trim();
};

/** Declaration order is the order of the README's configuration table. */
export const settings = {
  host: { env: 'HOST', default: '127.0.0.1', describe: 'Address to listen on (0.0.0.0 to serve the network).', parse: text },
  port: { env: 'PORT', default: '3000', describe: 'HTTP port.', parse: integer(0, 65535) },
  dataDir: {
    env: 'HEALTHCODE_DATA_DIR',
    default: 'data',
    describe: 'Directory for the SQLite file and generated development keys.',
    parse: text,
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    default: '',
    describe: 'PostgreSQL URL (postgres://…). Empty: embedded SQLite file `<data dir>/healthcode.sqlite`.',
    parse: optionalUrl('postgres:', 'postgresql:'),
  },
  databasePoolSize: {
    env: 'HEALTHCODE_DATABASE_POOL_SIZE',
    default: '10',
    describe: 'PostgreSQL connections each process keeps open. Mind the server\'s max_connections: processes × machines × this must stay under it.',
    parse: integer(1, 1000),
  },
  redisUrl: {
    env: 'REDIS_URL',
    default: '',
    describe: 'Redis URL (redis://…): rate limits and cache invalidation shared by every process on every machine (needed when several machines share one PostgreSQL). Empty: one machine.',
    parse: optionalUrl('redis:', 'rediss:'),
  },
  masterKey: {
    env: 'HEALTHCODE_MASTER_KEY',
    default: '',
    describe:
      'Base64 32-byte key from which the personal-data encryption and lookup-hash keys are derived. Empty: generated once into `<data dir>/keys/master.key`.',
    parse: optionalKey,
  },
  issuerId: {
    env: 'HEALTHCODE_ISSUER_ID',
    default: 'healthcode.local',
    describe: 'This platform’s issuer id, written into every code it signs.',
    parse: issuerId,
  },
  issuerName: {
    env: 'HEALTHCODE_ISSUER_NAME',
    default: '健康码（开发实例）',
    describe: 'This platform’s name as verifiers and partner platforms see it.',
    parse: text,
  },
  publicUrl: {
    env: 'HEALTHCODE_PUBLIC_URL',
    default: '',
    describe: 'Address people reach this platform at; written into QR codes. Empty: `http://localhost:<PORT>`.',
    parse: (raw: string) => {
      if (raw === '') return raw;
      const url = optionalUrl('http:', 'https:')(raw);
      if (!url) throw new Error('must be an http(s) URL');
      return url.replace(/\/+$/, '');
    },
  },
  codeTtlSeconds: {
    env: 'HEALTHCODE_CODE_TTL_SECONDS',
    default: '180',
    describe: 'How long a shown health code stays valid (the screen refreshes it before then).',
    parse: integer(30, 3600),
  },
  declarationsPerDay: {
    env: 'HEALTHCODE_DECLARATIONS_PER_DAY',
    default: '3',
    describe: 'Health declarations (打卡) one person may make per calendar day; the latest counts.',
    parse: integer(1, 24),
  },
  paperCodeDays: {
    env: 'HEALTHCODE_PAPER_CODE_DAYS',
    default: '7',
    describe: 'How many days a printed paper code (纸质码/爱心码) stays valid.',
    parse: integer(1, 90),
  },
  trustListMaxAgeHours: {
    env: 'HEALTHCODE_TRUST_LIST_MAX_AGE_HOURS',
    default: '24',
    describe: 'A verifier’s offline trust list older than this shows a warning.',
    parse: integer(1, 24 * 30),
  },
  checkinRetentionDays: {
    env: 'HEALTHCODE_CHECKIN_RETENTION_DAYS',
    default: '28',
    describe: 'Check-ins older than this are deleted by the scheduled purge (daily per-venue totals are kept).',
    parse: integer(1, 365),
  },
  declarationRetentionDays: {
    env: 'HEALTHCODE_DECLARATION_RETENTION_DAYS',
    default: '90',
    describe: 'Health declarations older than this are deleted by the scheduled purge. At least 90: the rules engine reads a person’s declarations that far back.',
    parse: integer(90, 3650),
  },
  labResultRetentionDays: {
    env: 'HEALTHCODE_LAB_RESULT_RETENTION_DAYS',
    default: '90',
    describe: 'Nucleic-acid results sampled longer ago than this are deleted by the scheduled purge. At least 60: no rule lasts longer, so an older test clears no pop-up still in force.',
    parse: integer(60, 3650),
  },
  popupRetentionDays: {
    env: 'HEALTHCODE_POPUP_RETENTION_DAYS',
    default: '90',
    describe: 'Pop-ups (弹窗) triggered longer ago than this are deleted by the scheduled purge. At least 60: every pop-up has cleared by then, whatever the rules.',
    parse: integer(60, 3650),
  },
  statusHistoryRetentionDays: {
    env: 'HEALTHCODE_STATUS_HISTORY_RETENTION_DAYS',
    default: '90',
    describe: 'Past statuses (赋码记录: each change of a colour and its reasons) older than this are deleted by the scheduled purge; the status now is kept.',
    parse: integer(14, 3650),
  },
  verificationRetentionDays: {
    env: 'HEALTHCODE_VERIFICATION_RETENTION_DAYS',
    default: '28',
    describe: 'Records of scanned codes (whose code, who scanned it, when, the result) older than this are deleted by the scheduled purge. At least 7: offline checks are accepted for 7 days, and an upload sent again must still find its first.',
    parse: integer(7, 365),
  },
  venueCodeRotationSeconds: {
    env: 'HEALTHCODE_VENUE_CODE_ROTATION_SECONDS',
    default: '30',
    describe: 'How often a venue’s screen code changes; a code is accepted for one rotation after.',
    parse: integer(5, 3600),
  },
  tracingWindowMinutes: {
    env: 'HEALTHCODE_TRACING_WINDOW_MINUTES',
    default: '30',
    describe: 'Contact tracing: check-ins at the same venue less than this apart overlap (时空伴随).',
    parse: integer(1, 24 * 60),
  },
  appealsPerDay: {
    env: 'HEALTHCODE_APPEALS_PER_DAY',
    default: '1',
    describe: 'Corrections (纠错) one person may file per day.',
    parse: integer(1, 20),
  },
  timeZone: {
    env: 'HEALTHCODE_TIME_ZONE',
    default: 'Asia/Shanghai',
    describe: 'Time zone that defines a calendar day (declaration limits, day boundaries), in which the app shows every time and reads times typed without one.',
    parse: timeZone,
  },
  sessionTtlSeconds: {
    env: 'HEALTHCODE_SESSION_TTL_SECONDS',
    default: '604800',
    describe: 'How long a sign-in lasts.',
    parse: integer(60, 90 * 24 * 3600),
  },
  cookieSecure: {
    env: 'HEALTHCODE_COOKIE_SECURE',
    default: 'false',
    describe: 'Mark cookies Secure (set true when served over HTTPS).',
    parse: boolean,
  },
  trustProxy: {
    env: 'HEALTHCODE_TRUST_PROXY',
    default: 'false',
    describe: 'Trust X-Forwarded-For from a reverse proxy for client addresses.',
    parse: boolean,
  },
  bodyLimitBytes: {
    env: 'HEALTHCODE_BODY_LIMIT_BYTES',
    default: '65536',
    describe: 'Largest accepted request body.',
    parse: integer(1024, 50 * 1024 * 1024),
  },
  rateLimitPerMinute: {
    env: 'HEALTHCODE_RATE_LIMIT_PER_MINUTE',
    default: '600',
    describe: 'Requests per minute on every API endpoint, per signed-in account, or per client address without a session. With several workers and no REDIS_URL, counted in each worker (sign-in attempts are counted for the whole machine).',
    parse: integer(1, 1_000_000),
  },
  loginAttemptsPerWindow: {
    env: 'HEALTHCODE_LOGIN_ATTEMPTS',
    default: '10',
    describe: 'Sign-in and registration attempts allowed per phone number and address in one window.',
    parse: integer(1, 10_000),
  },
  loginAttemptsPerPhone: {
    env: 'HEALTHCODE_LOGIN_ATTEMPTS_PER_PHONE',
    default: '30',
    describe: 'Sign-in and registration attempts allowed per phone number from all addresses together in one window: bounds guessing one account\'s password from many addresses.',
    parse: integer(1, 100_000),
  },
  signInCodesPerAddress: {
    env: 'HEALTHCODE_SIGN_IN_CODES_PER_ADDRESS',
    default: '20',
    describe: 'Text messages with a sign-in code one address may have sent, to any numbers, in one window (短信轰炸: they cost the platform money). A carrier\'s shared address (CGNAT) counts as one.',
    parse: integer(1, 100_000),
  },
  loginWindowSeconds: {
    env: 'HEALTHCODE_LOGIN_WINDOW_SECONDS',
    default: '900',
    describe: 'Length of the window of the three settings above.',
    parse: integer(1, 86_400),
  },
  maxInFlight: {
    env: 'HEALTHCODE_MAX_IN_FLIGHT',
    default: '128',
    describe: 'Most requests one process works on at once; past this it sheds them (503 系统繁忙 with Retry-After) instead of queueing.',
    parse: integer(1, 100_000),
  },
  maxEventLoopDelayMs: {
    env: 'HEALTHCODE_MAX_EVENT_LOOP_DELAY_MS',
    default: '150',
    describe: 'When the event loop lags more than this, new requests are shed the same way until it recovers.',
    parse: integer(10, 10_000),
  },
  targetLatencyMs: {
    env: 'HEALTHCODE_TARGET_LATENCY_MS',
    default: '25',
    describe: 'While the requests a process serves have taken longer than this on average for 0.3 s, it admits fewer at once (down to 16) and sheds the rest; a shorter stall sheds nothing.',
    parse: integer(1, 60_000),
  },
  refusalPauseMs: {
    env: 'HEALTHCODE_REFUSAL_PAUSE_MS',
    default: '1000',
    describe: 'How long a shed request waits for its 503: a client that ignores Retry-After and asks again at once is paced by it instead of storming.',
    parse: integer(0, 10_000),
  },
  workerHeapMb: {
    env: 'HEALTHCODE_WORKER_HEAP_MB',
    default: '384',
    describe: 'V8 old-space limit of each worker with --workers > 1, so memory stays bounded under load. A lone process (--workers 1) instead grows its heap by at most half past what is alive; NODE_OPTIONS=--max-old-space-size=N gives it a hard limit.',
    parse: integer(64, 16_384),
  },
  cacheEntries: {
    env: 'HEALTHCODE_CACHE_ENTRIES',
    default: '100000',
    describe: 'Entries each in-process cache (statuses, sessions, masked names, venues, issued codes) keeps at most; 0 turns caching off.',
    parse: integer(0, 10_000_000),
  },
  maxDependents: {
    env: 'HEALTHCODE_MAX_DEPENDENTS',
    default: '3',
    describe: 'Dependents one guardian may hold codes for (代领).',
    parse: integer(0, 20),
  },
  maxGuardians: {
    env: 'HEALTHCODE_MAX_GUARDIANS',
    default: '3',
    describe: 'Guardians one person may have.',
    parse: integer(1, 20),
  },
  logLevel: {
    env: 'HEALTHCODE_LOG_LEVEL',
    default: 'info',
    describe: 'pino log level. info: start, warnings and errors; debug adds a line for every request.',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  metricsPort: {
    env: 'HEALTHCODE_METRICS_PORT',
    default: '',
    describe:
      'Port of a second listener that serves Prometheus metrics at `/metrics` (requests by route and status, shed and rate-limited requests, group commits, scanned codes by result, cache hits, process CPU and memory); with --workers N, the workers\' added up. Empty: none.',
    parse: optionalInteger(1, 65535),
  },
  metricsHost: {
    env: 'HEALTHCODE_METRICS_HOST',
    default: '127.0.0.1',
    describe: 'Address the metrics listener listens on. It has no rate limit or sign-in: keep it off the public network.',
    parse: text,
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]['parse']> } & {
  /** Absolute path of the data directory. */
  dataPath: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads settings from `env` (the process environment by default) plus explicit overrides used by tests and the CLI. */
export function loadConfig(
  overrides: Partial<Record<keyof Settings, string>> = {},
  env: Record<string, string | undefined> = process.env,
): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings) as [keyof Settings, Setting<unknown>][]) {
    const raw = overrides[key] ?? env[setting.env] ?? setting.default;
    try {
      values[key] = setting.parse(raw);
    } catch (error) {
      problems.push(`${setting.env}=${JSON.stringify(raw)}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = values as Config;
  config.dataPath = path.resolve(config.dataDir);
  // Codes must point where this server answers: on another port, the default address would print dead QR codes.
  config.publicUrl ||= `http://localhost:${config.port}`;
  return config;
}

/** Whether the test suite should also run against PostgreSQL, and where (tests only). */
export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return optionalUrl('postgres:', 'postgresql:')(env.HEALTHCODE_TEST_PG ?? '');
}

/** Redis for tests of shared state across app instances (tests only). */
export function testRedisUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return optionalUrl('redis:', 'rediss:')(env.HEALTHCODE_TEST_REDIS ?? '');
}
