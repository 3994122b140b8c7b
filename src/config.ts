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
  };
}
