import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { Ledger, systemClock } from '../application/ledger.js';
import type { LedgerStore } from '../application/ports.js';
import { DomainError } from '../domain/errors.js';
import { formatNames, formats, type FormatName } from '../io/index.js';
import { importFiles, type ImportSummary } from '../io/run.js';
import type { CliContext } from './program.js';

const formatArgument = (value: string): FormatName => {
  if (!(value in formats)) throw new InvalidArgumentError(`"${value}" is not a format aidtrace reads or writes; choose ${formatNames.join(', ')}`);
  return value as FormatName;
};

const count = (n: number) => n.toLocaleString('en-GB');

/** The summary an import prints: created, already there, merged and skipped, each with its reason. */
export function summaryText(format: string, summary: ImportSummary): string {
  const lines = [
    `${format}: ${count(summary.created)} records ${summary.dryRun ? 'would be created' : 'created'}, ${count(summary.alreadyInLedger)} already in the ledger` +
      (summary.dryRun ? ' (dry run: nothing was written)' : ''),
  ];
  for (const [reason, n] of Object.entries(summary.merged)) lines.push(`  merged ${count(n)}: ${reason}`);
  for (const [reason, n] of Object.entries(summary.skipped)) lines.push(`  skipped ${count(n)}: ${reason}`);
  return lines.join('\n');
}

/** A bar on a terminal; a line every few seconds otherwise (logs, CI). */
function progress(format: string, tty: boolean): { update: (n: number) => void; stop: () => void } {
  if (tty) {
    const bar = new SingleBar({ format: `${format} | {value} commands | {speed}/s | {duration_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true });
    const started = Date.now();
    bar.start(0, 0, { speed: 0 });
    return {
      update: (n) => bar.update(n, { speed: count(Math.round(n / Math.max(0.001, (Date.now() - started) / 1000))) }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update: (n) => {
      if (Date.now() - last < 5000) return;
      last = Date.now();
      process.stderr.write(`${format}: ${count(n)} commands read\n`);
    },
    stop: () => undefined,
  };
}

/** `aidtrace import FORMAT FILE…` and `aidtrace export FORMAT`. */
export function addImportCommands(program: Command, context: CliContext, dbOption: () => Option, withStore: <T>(db: string, work: (store: LedgerStore) => Promise<T>) => Promise<T>): void {
  const { out } = context;
  const list = formatNames.map((name) => `  ${name.padEnd(5)} ${formats[name].importer.describe}`).join('\n');
  program
    .command('import')
    .description('import files into the ledger in one transaction, all or nothing; importing a file again changes nothing')
    .addHelpText('after', `\nFormats:\n${list}`)
    .argument('<format>', formatNames.join(' | '), formatArgument)
    .argument('<files...>', 'files to import, in one transaction')
    .addOption(dbOption())
    .option('--dry-run', 'read and decide everything, print what would happen, write nothing', false)
    .action(async (format: FormatName, files: string[], options: { db: string; dryRun: boolean }) => {
      for (const file of files) if (!existsSync(file)) throw new DomainError('NOT_FOUND', `${file}: no such file`);
      const bar = progress(format, process.stderr.isTTY === true);
      const summary = await withStore(options.db, async (store) => {
        const ledger = await Ledger.open(store, systemClock);
        try {
          return await importFiles(ledger, formats[format].importer, files, { actor: context.actor, dryRun: options.dryRun, onProgress: bar.update });
        } finally {
          bar.stop();
        }
      });
      out(summaryText(format, summary));
    });

  program
    .command('export')
    .description('write the ledger in a format of the field, to standard output or a file')
    .addHelpText('after', `\nFormats:\n${formatNames.map((name) => `  ${name.padEnd(5)} ${formats[name].exporter.describe}`).join('\n')}`)
    .argument('<format>', formatNames.join(' | '), formatArgument)
    .addOption(dbOption())
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--table <name>', 'for csv (and json): the table to export, e.g. contribution')
    .action(async (format: FormatName, options: { db: string; out?: string; table?: string }) => {
      const sink = options.out === undefined ? process.stdout : createWriteStream(options.out);
      const write = async (text: string) => {
        if (!sink.write(text)) await once(sink, 'drain');
      };
      await withStore(options.db, (store) => formats[format].exporter.write(store, write, { table: options.table }));
      if (options.out !== undefined) {
        sink.end();
        await once(sink, 'finish');
        out(`${format}: written to ${options.out}`);
      }
    });
}
