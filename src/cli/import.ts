import { InvalidArgumentError, type Command, type Option } from 'commander';
import { existsSync } from 'node:fs';
import { BatchRejected, Ledger, systemClock } from '../application/ledger.js';
import type { LedgerStore } from '../application/ports.js';
import type { CommandEnvelope } from '../contract/commands.js';
import { DomainError } from '../domain/errors.js';
import { fxImporter } from '../io/fx/ecb.js';
import { ImportRun } from '../io/format.js';
import type { CliContext } from './program.js';

/** Formats `aidtrace import` reads; each maps a file to a stream of commands with source-derived ids. */
const formats = {
  fx: { describe: 'euro reference rates in the ECB layout (Date, USD, JPY, …)', noun: 'rates', skippedNoun: 'cells without a rate' },
} as const;
type Format = keyof typeof formats;

async function* commandsOf(format: Format, files: readonly string[], counts: { skipped: number }): AsyncGenerator<CommandEnvelope> {
  const run = new ImportRun(undefined as never);
  yield* fxImporter.read(files, run);
  counts.skipped = [...run.skipped.values()].reduce((a, b) => a + b, 0);
}

/** `aidtrace import FORMAT FILE…`: all files in one transaction, all or nothing. */
export function addImportCommands(program: Command, context: CliContext, dbOption: () => Option, withStore: <T>(db: string, work: (store: LedgerStore) => Promise<T>) => Promise<T>): void {
  const { out } = context;
  program
    .command('import')
    .description(`import files into the ledger, all or nothing; importing a file again changes nothing. Formats: ${Object.entries(formats).map(([name, f]) => `${name} (${f.describe})`).join('; ')}`)
    .argument('<format>', Object.keys(formats).join(' | '), (value: string) => {
      if (!(value in formats)) throw new InvalidArgumentError(`"${value}" is not a format this version imports; choose ${Object.keys(formats).join(', ')}`);
      return value as Format;
    })
    .argument('<files...>', 'files to import, in one transaction')
    .addOption(dbOption())
    .option('--dry-run', 'read and decide everything, print what would happen, write nothing', false)
    .action(async (format: Format, files: string[], options: { db: string; dryRun: boolean }) => {
      for (const file of files) if (!existsSync(file)) throw new DomainError('NOT_FOUND', `${file}: no such file`);
      const counts = { skipped: 0 };
      const tty = process.stderr.isTTY === true;
      const summary = await withStore(options.db, async (store) => {
        const ledger = await Ledger.open(store, systemClock);
        try {
          return await ledger.executeStream(commandsOf(format, files, counts), {
            actor: context.actor,
            dryRun: options.dryRun,
            onProgress: (n) => tty && process.stderr.write(`\r${format}: ${n.toLocaleString('en-GB')} read…`),
          });
        } catch (error) {
          if (!(error instanceof BatchRejected)) throw error;
          const first = error.results.find((result) => result.status === 'rejected');
          throw new DomainError(first?.status === 'rejected' ? (first.error.code as never) : 'VALIDATION_FAILED', `${first?.commandId ?? 'import'}: ${first?.status === 'rejected' ? first.error.message : 'rejected'}; nothing was written`);
        } finally {
          if (tty) process.stderr.write('\r\x1b[K');
        }
      });
      const f = formats[format];
      out(
        `${format}: ${summary.applied.toLocaleString('en-GB')} ${f.noun} ${options.dryRun ? 'would be created' : 'created'}, ` +
          `${summary.replayed.toLocaleString('en-GB')} already in the ledger, ${counts.skipped.toLocaleString('en-GB')} ${f.skippedNoun} skipped` +
          (options.dryRun ? ' (dry run: nothing was written)' : ''),
      );
    });
}
