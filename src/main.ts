import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { loadConfig } from './config.js';
import { DomainError } from './domain/errors.js';
import { SqliteStore } from './storage/sqlite/store.js';

/** Composition root: configuration, the store, and the command line. */
async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  try {
    const config = loadConfig();
    const program = buildProgram({
      config,
      openStore: async (location) => SqliteStore.open(location),
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      setExitCode: (code) => {
        exitCode = code;
      },
      today: () => new Date().toISOString().slice(0, 10),
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
