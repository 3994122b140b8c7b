import { CommanderError } from 'commander';
import { userInfo } from 'node:os';
import type { LedgerStore } from './application/ports.js';
import { buildProgram } from './cli/program.js';
import { isDatabaseUrl, loadConfig } from './config.js';
import { DomainError } from './domain/errors.js';
import { serverDriver } from './storage/postgres/driver.js';
import { PgStore } from './storage/postgres/store.js';
import { SqliteStore } from './storage/sqlite/store.js';

/** A PostgreSQL URL selects the server store; anything else is a SQLite file. */
async function openStore(location: string): Promise<LedgerStore> {
  if (isDatabaseUrl(location)) return PgStore.open(serverDriver(location), location);
  return SqliteStore.open(location);
}

/** The operating-system account running the CLI; some containers have none. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Composition root: configuration, the store, and the command line. */
async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  try {
    const config = loadConfig();
    const program = buildProgram({
      config,
      openStore,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      setExitCode: (code) => {
        exitCode = code;
      },
      today: () => new Date().toISOString().slice(0, 10),
      actor: `cli:${process.env.AIDTRACE_ACTOR ?? osUser()}`,
    });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof DomainError) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
