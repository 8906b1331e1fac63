import { isIP } from 'node:net';
import type { RateLimitSetting } from './plugins/rate-limit.js';
import type { StreamLimits } from './plugins/event-streams.js';

/** A setting the server cannot start with; its message names the variable and what it accepts. */
export class SettingError extends Error {}

/**
 * Which peers may set the client address through `X-Forwarded-For`: the number of proxies in front of the server
 * (trusted whatever their addresses), or their addresses and CIDR ranges. Never everything: a client could then
 * rotate the header to dodge every per-address limit.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for ranges: loopback, link-local and unique-local (private) addresses. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  // A /0 range is every address: the same as trusting everyone.
  return /^\d{1,3}$/.test(prefix) && Number(prefix) > 0 && Number(prefix) <= (version === 4 ? 32 : 128);
}

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const setting = (value ?? '').trim();
  if (setting === '' || setting === 'false' || setting === '0') return false;
  if (/^(true|\*|all)$/i.test(setting)) {
    throw new SettingError(
      `TADAMON_TRUST_PROXY=${setting} would trust any X-Forwarded-For, so a client could pick its own address and ` +
        'dodge every rate limit. Give the number of proxies in front of the server (e.g. 1) or their addresses ' +
        'and CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8).',
    );
  }
  if (/^\d+$/.test(setting)) return Number(setting);
  const entries = setting.split(',').map((entry) => entry.trim());
  const invalid = entries.find((entry) => !isAddressOrRange(entry));
  if (invalid !== undefined) {
    throw new SettingError(
      `TADAMON_TRUST_PROXY: "${invalid}" is not an IP address or a CIDR range (e.g. 10.0.0.0/8; /0 is refused). ` +
        'Give a number of proxies, or a comma-separated list of addresses, ranges, loopback, linklocal, uniquelocal.',
    );
  }
  return entries;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new SettingError(`${name} must be a positive integer.`);
  return number;
}

/** Requests per minute per client address, or `off`. */
function perMinute(name: string, value: string | undefined, fallback: number): RateLimitSetting | false {
  if (value?.trim() === 'off') return false;
  return { max: positiveInteger(name, value, fallback), timeWindowMs: 60_000 };
}

export const ADMIN_TOKEN_MIN_LENGTH = 32;

/** Throws unless `token` is long enough to resist guessing. */
export function checkAdminToken(token: string, source: string): void {
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new SettingError(
      `${source} is ${token.length} characters long; an admin token needs at least ${ADMIN_TOKEN_MIN_LENGTH} ` +
        '(openssl rand -base64 32 makes one). Without TADAMON_ADMIN_TOKEN the server generates one into the data ' +
        'folder (TADAMON_DATA_DIR/admin-token).',
    );
  }
}

export interface ServerSettings {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** From `TADAMON_ADMIN_TOKEN`; unset: the one kept in the data folder. */
  adminToken?: string;
  rateLimit: RateLimitSetting | false;
  signupRateLimit: RateLimitSetting | false;
  trustProxy: TrustProxy;
  streamLimits: StreamLimits;
  /** Resources the read cache holds; 0 (`TADAMON_READ_CACHE=off`) turns it off. */
  readCacheSize: number;
  altchaSecret?: string;
  /** PBKDF2 iterations per proof-of-work attempt and the most attempts a challenge asks (load tests make them cheap). */
  powCost?: number;
  powMaxCounter?: number;
  voteRateLimit: RateLimitSetting | false;
  /** Ballot confirmation mails: SMTP server and sender; without SMTP the dev mailbox (never in production). */
  smtpUrl?: string;
  mailFrom?: string;
  /** `NODE_ENV=production`: no dev mailbox. */
  production: boolean;
  /** The API's public base URL, for links in mails. */
  publicUrl?: string;
  logLevel: string;
}

function optionalPositiveInteger(name: string, value: string | undefined): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : positiveInteger(name, value, 1);
}

function smtpSettings(env: NodeJS.ProcessEnv): { smtpUrl?: string; mailFrom?: string } {
  const smtpUrl = env.TADAMON_SMTP_URL?.trim() || undefined;
  const mailFrom = env.TADAMON_MAIL_FROM?.trim() || undefined;
  if (smtpUrl === undefined) return { mailFrom };
  if (!/^smtps?:\/\//.test(smtpUrl)) {
    throw new SettingError('TADAMON_SMTP_URL must look like smtp://user:password@host:587 or smtps://…:465.');
  }
  if (mailFrom === undefined) {
    throw new SettingError(
      'TADAMON_MAIL_FROM must name the sender when TADAMON_SMTP_URL is set, e.g. "Prix <vote@example.org>".',
    );
  }
  return { smtpUrl, mailFrom };
}

/** Every setting of `server.ts`, checked before anything starts. */
export function readSettings(env: NodeJS.ProcessEnv): ServerSettings {
  const adminToken = env.TADAMON_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined) checkAdminToken(adminToken, 'TADAMON_ADMIN_TOKEN');
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.TADAMON_DATA_DIR || './data',
    adminToken,
    rateLimit: perMinute('TADAMON_RATE_LIMIT', env.TADAMON_RATE_LIMIT, 600),
    // On top of the global limit; people behind one NAT share it.
    signupRateLimit: perMinute('TADAMON_SIGNUP_RATE_LIMIT', env.TADAMON_SIGNUP_RATE_LIMIT, 30),
    trustProxy: parseTrustProxy(env.TADAMON_TRUST_PROXY),
    streamLimits: {
      perAddress: positiveInteger('TADAMON_MAX_STREAMS_PER_ADDRESS', env.TADAMON_MAX_STREAMS_PER_ADDRESS, 50),
      total: positiveInteger('TADAMON_MAX_STREAMS', env.TADAMON_MAX_STREAMS, 1000),
    },
    readCacheSize:
      env.TADAMON_READ_CACHE?.trim() === 'off'
        ? 0
        : positiveInteger('TADAMON_READ_CACHE', env.TADAMON_READ_CACHE, 1000),
    altchaSecret: env.TADAMON_ALTCHA_SECRET || undefined,
    powCost: optionalPositiveInteger('TADAMON_POW_COST', env.TADAMON_POW_COST),
    powMaxCounter: optionalPositiveInteger('TADAMON_POW_MAX_COUNTER', env.TADAMON_POW_MAX_COUNTER),
    voteRateLimit: perMinute('TADAMON_VOTE_RATE_LIMIT', env.TADAMON_VOTE_RATE_LIMIT, 30),
    ...smtpSettings(env),
    production: env.NODE_ENV === 'production',
    publicUrl: env.TADAMON_PUBLIC_URL?.trim() || undefined,
    logLevel: env.LOG_LEVEL ?? 'warn',
  };
}
