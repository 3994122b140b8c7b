import { DomainError } from './domain/errors.js';
import { limits } from './domain/limits.js';
import { asCurrency } from './domain/money.js';

/** Environment settings and every limit, parsed once at start. */
export interface Config {
  /** A SQLite file path, or a postgres:// URL (AIDTRACE_DATABASE_URL wins over AIDTRACE_DB). */
  readonly databasePath: string;
  /** A replica that serves reports (AIDTRACE_READ_DATABASE_URL); writes always go to `databasePath`. */
  readonly readDatabase: string | undefined;
  readonly reportCurrency: string;
  /** Commands per transaction when `apply --continue` streams a large file. */
  readonly applyBatchSizeMax: number;
  /** Longest JSONL line accepted, in bytes. */
  readonly lineBytesMax: number;
  readonly server: ServerSettings;
}

/** Settings of `aidtrace serve`. */
export interface ServerSettings {
  /** PORT; 8080 by default. */
  readonly port: number;
  readonly host: string;
  /** Largest request body, in bytes; larger ones get 413. */
  readonly bodyBytesMax: number;
  /** AIDTRACE_IMPORT_BYTES_MAX: largest file POSTed to /api/imports (256 MiB by default). */
  readonly importBytesMax: number;
  /** Requests per minute per account (or per address for the public); more get 429. */
  readonly rateLimitPerMinute: number;
  /** AIDTRACE_PUBLIC_DELAY_DAYS: days after handover before the public sees a shipment's goods. */
  readonly publicDelayDays: number;
  readonly pageSizeMax: number;
  readonly sessionHoursMax: number;
  /** AIDTRACE_COOKIE_SECURE=true behind HTTPS: the session cookie is sent over HTTPS only. */
  readonly cookieSecure: boolean;
  /** Commands in one POST /api/commands. */
  readonly commandsPerRequestMax: number;
  /** Sign-in attempts per minute from one address. */
  readonly signInsPerMinuteMax: number;
  /**
   * AIDTRACE_CHECKPOINT_KEY: a private key file from `aidtrace keys init` (NAME.key). With it the
   * server verifies the log and signs a checkpoint of its Merkle tree when it starts, and again
   * every AIDTRACE_CHECKPOINT_INTERVAL seconds when the log has grown; `serve --checkpoint-key`
   * overrides it. Without it the server signs nothing (it still serves kept checkpoints).
   */
  readonly checkpointKeyFile: string | undefined;
  /** AIDTRACE_CHECKPOINT_INTERVAL: seconds between checkpoints (300 by default, 1 to 604800). */
  readonly checkpointIntervalSeconds: number;
}

function integerSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Digits only: "1e3", "0x10" and " 5" are mistakes, not numbers.
  const value = /^\d{1,9}$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
  if (Number.isNaN(value) || value < min || value > max) {
    throw new DomainError('VALIDATION_FAILED', `${name}: "${raw}" is not a whole number from ${min} to ${max}`, name);
  }
  return value;
}

export function serverSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    port: integerSetting(env, 'PORT', 8080, 0, 65_535),
    host: env.HOST ?? '127.0.0.1',
    bodyBytesMax: integerSetting(env, 'AIDTRACE_BODY_BYTES_MAX', 1_048_576, 1024, 64 * 1_048_576),
    importBytesMax: integerSetting(env, 'AIDTRACE_IMPORT_BYTES_MAX', 256 * 1_048_576, 1024, 999_999_999),
    rateLimitPerMinute: integerSetting(env, 'AIDTRACE_RATE_LIMIT', 600, 1, 10_000_000),
    publicDelayDays: integerSetting(env, 'AIDTRACE_PUBLIC_DELAY_DAYS', 14, 0, 3650),
    pageSizeMax: 1000,
    sessionHoursMax: integerSetting(env, 'AIDTRACE_SESSION_HOURS', 12, 1, 24 * 30),
    cookieSecure: env.AIDTRACE_COOKIE_SECURE === 'true',
    commandsPerRequestMax: 1000,
    signInsPerMinuteMax: integerSetting(env, 'AIDTRACE_SIGN_INS_PER_MINUTE', 30, 1, 100_000),
    checkpointKeyFile: env.AIDTRACE_CHECKPOINT_KEY === '' ? undefined : env.AIDTRACE_CHECKPOINT_KEY,
    checkpointIntervalSeconds: integerSetting(env, 'AIDTRACE_CHECKPOINT_INTERVAL', 300, 1, 604_800),
  };
}

export { limits };

/** A connection string without its password, for messages: postgres://user:***@host/db. */
export function redact(location: string): string {
  return location.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** `postgres://…` and `postgresql://…` name a server; anything else is a SQLite file path. */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const currency = env.AIDTRACE_CURRENCY ?? 'EUR';
  try {
    asCurrency(currency);
  } catch {
    throw new DomainError('CURRENCY_UNKNOWN', `AIDTRACE_CURRENCY: "${currency}" is not an ISO 4217 currency`);
  }
  return {
    databasePath: env.AIDTRACE_DATABASE_URL ?? env.AIDTRACE_DB ?? './aidtrace.db',
    readDatabase: env.AIDTRACE_READ_DATABASE_URL,
    reportCurrency: currency,
    applyBatchSizeMax: 10_000,
    lineBytesMax: 1_000_000,
    server: serverSettings(env),
  };
}
