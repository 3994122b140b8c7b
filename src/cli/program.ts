import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { Ledger, systemClock } from '../application/ledger.js';
import type { LedgerStore } from '../application/ports.js';
import { copyLedger } from '../application/copy.js';
import { rebuildProjections } from '../application/rebuild.js';
import { findingLines, verifyLedger } from '../application/verify-ledger.js';
import { loadReportData, reportNames, reports, type ReportName } from '../application/reports/index.js';
import { isDatabaseUrl, redact, type Config } from '../config.js';
import { parseCommand } from '../contract/commands.js';
import { demoAccounts } from '../demo/accounts.js';
import { demoCommands, demoDescription } from '../demo/purl.js';
import { DomainError } from '../domain/errors.js';
import { asCurrency } from '../domain/money.js';
import { applyFile } from './apply.js';
import { addAuditCommands } from './audit.js';
import { addBundleCommands } from './bundle.js';
import { addEvidenceCommands } from './evidence.js';
import { addImportCommands } from './import.js';
import { toCsv } from '../io/csv/write.js';
import { toJson, toJsonValue } from './render.js';
import { reportText } from './report-text.js';
import { addServerCommands, ensureDemoAccounts, portNumber, serve } from './serve.js';

/** What the CLI needs from the composition root. */
export interface CliContext {
  readonly config: Config;
  readonly openStore: (location: string) => Promise<LedgerStore>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Set when a command fails in a way the exit status must show. */
  readonly setExitCode: (code: number) => void;
  readonly today: () => string;
  /** Who the log records as making the CLI's writes: "cli:NAME". */
  readonly actor: string;
}

/**
 * The `aidtrace` command line. It parses arguments and calls the application; no rules live here.
 */
export function buildProgram(context: CliContext): Command {
  const { config, out, err } = context;
  const program = new Command('aidtrace')
    .description('Follow multinational aid from pledge to payment to contract to shipment to accepted receipt.')
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => out(text.trimEnd()), writeErr: (text) => err(text.trimEnd()) })
    .exitOverride();
  const dbOption = () => new Option('--db <path|url>', 'ledger: a SQLite file, or postgres://user@host/database').default(config.databasePath);
  /** Commands that read a ledger refuse to create an empty one by mistake. */
  const mustExist = (db: string) => {
    if (!isDatabaseUrl(db) && !existsSync(db)) throw new DomainError('NOT_FOUND', `${db}: no ledger here; run "aidtrace init" or "aidtrace demo" first`);
  };
  const withStore = async <T>(db: string, work: (store: LedgerStore) => Promise<T>): Promise<T> => {
    const store = await context.openStore(db);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };

  program
    .command('init')
    .description('create an empty ledger file (migrations run on every open)')
    .addOption(dbOption())
    .action(async (options: { db: string }) => {
      const existed = isDatabaseUrl(options.db) || existsSync(options.db);
      const head = await withStore(options.db, (store) => store.head());
      out(existed ? `${options.db} already exists: ${head.seq} events` : `created ${options.db}`);
    });

  program
    .command('migrate')
    .description('bring a ledger (SQLite file or PostgreSQL database) to the current schema')
    .addOption(dbOption())
    .action(async (options: { db: string }) => {
      await withStore(options.db, async () => undefined);
      out(`${options.db} is at the current schema`);
    });

  program
    .command('demo')
    .description('build the demo ledger: NATO PURL packages funded by allies, delivered by the US')
    .addOption(dbOption())
    .action(async (options: { db: string }) => {
      const summary = await buildDemo(options.db);
      out(`${demoDescription}\n\n${summary}`);
    });

  const buildDemo = (db: string) =>
    withStore(db, async (store) => {
      const ledger = await Ledger.open(store, systemClock);
      const results = await ledger.execute(demoCommands().map(parseCommand), { actor: 'demo' });
      const applied = results.filter((r) => r.status === 'applied').length;
      return `demo ledger ${db}: ${applied} commands applied, ${results.length - applied} already there; ${ledger.head.seq} events in the log`;
    });

  program
    .command('apply')
    .description('apply commands from a JSONL file (one JSON command per line; "-" reads standard input)')
    .argument('<file>', 'JSONL file of commands')
    .addOption(dbOption())
    .option('--continue', 'apply the valid commands and list the rejected ones (default: all or nothing)', false)
    .action(async (file: string, options: { db: string; continue: boolean }) => {
      if (file !== '-' && !existsSync(file)) throw new DomainError('NOT_FOUND', `${file}: no such file`);
      const summary = await withStore(options.db, async (store) => {
        const ledger = await Ledger.open(store, systemClock);
        return applyFile(ledger, file, {
          continueOnError: options.continue,
          batchSizeMax: config.applyBatchSizeMax,
          lineBytesMax: config.lineBytesMax,
          actor: context.actor,
        });
      });
      for (const problem of summary.rejected) {
        err(`line ${problem.line}${problem.commandId ? ` (${problem.commandId})` : ''}: ${problem.code}: ${problem.message}`);
      }
      const verdict = summary.written ? '' : summary.rejected.length > 0 ? '; nothing was written' : '';
      out(`applied ${summary.applied}, already applied ${summary.replayed}, rejected ${summary.rejected.length}${verdict}`);
      if (summary.rejected.length > 0) context.setExitCode(1);
    });

  program
    .command('report')
    .description(`print a report: ${reportNames.join(', ')}`)
    .argument('<name>', 'report name', (value: string) => {
      if (!reportNames.includes(value as ReportName)) throw new InvalidArgumentError(`unknown report "${value}"; choose one of ${reportNames.join(', ')}`);
      return value as ReportName;
    })
    .addOption(dbOption())
    .option('--json', 'machine-readable output; amounts are exact decimal strings', false)
    .addOption(new Option('--csv', "the report's rows as CSV (RFC 4180, a header line, exact decimal amounts)").default(false).conflicts('json'))
    .option('--currency <code>', 'reporting currency (ISO 4217)', config.reportCurrency)
    .option('--as-of <date>', 'judge due dates against this day (YYYY-MM-DD)', context.today())
    .action(async (name: ReportName, options: { db: string; json: boolean; csv: boolean; currency: string; asOf: string }) => {
      asCurrency(options.currency);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new DomainError('VALIDATION_FAILED', `--as-of: "${options.asOf}" is not a date such as 2026-06-30`);
      mustExist(options.db);
      // Reports may come from a read replica; writes never do.
      const data = await withStore(config.readDatabase ?? options.db, loadReportData);
      const report = reports[name](data, { currency: options.currency, asOf: options.asOf });
      // `out` ends the text with LF: the CSV's last CRLF loses its LF to it.
      if (options.csv) out(toCsv((toJsonValue(report, options.currency) as { rows: readonly Record<string, unknown>[] }).rows).slice(0, -1));
      else out(options.json ? toJson(report, options.currency) : reportText(report));
    });

  program
    .command('verify')
    .description(
      'recompute the hash chain and Merkle tree over the whole event log, then replay it and compare every projection table with it; exits 1 naming each event seq or table, key and column that disagrees. Events removed from the end of the log leave a chain that holds: check a signed checkpoint for those',
    )
    .addOption(dbOption())
    .option('--chain-only', 'verify the chain and tree only; skip the projection comparison', false)
    .option('--json', 'machine-readable output', false)
    .action(async (options: { db: string; chainOnly: boolean; json: boolean }) => {
      mustExist(options.db);
      const result = await withStore(options.db, (store) => verifyLedger(store, { chainOnly: options.chainOnly }));
      if (!result.ok) context.setExitCode(1);
      if (options.json) {
        out(JSON.stringify(result, null, 2));
        return;
      }
      if (result.ok) {
        const projections = result.projections;
        const compared = projections ? `; ${projections.matching} rows in ${projections.tables.length} projection tables match the log` : '; projections not compared (--chain-only)';
        out(`ok: ${result.events} events, chain head ${result.headHash}, tree root ${result.treeRoot}${compared}`);
        return;
      }
      for (const line of findingLines(result)) err(line);
    });

  program
    .command('rebuild')
    .description('drop the projections and replay the log into them; reports whether they came out identical')
    .addOption(dbOption())
    .action(async (options: { db: string }) => {
      mustExist(options.db);
      await withStore(options.db, async (store) => {
        const before = await store.projectionDigest();
        const { events } = await rebuildProjections(store);
        const after = await store.projectionDigest();
        const changed = Object.keys(after).filter((table) => before[table] !== after[table]);
        out(`rebuilt ${Object.keys(after).length} projection tables from ${events} events`);
        out(changed.length === 0 ? 'identical to the tables before the rebuild' : `differed before the rebuild and are now corrected: ${changed.join(', ')}`);
      });
    });

  program
    .command('copy')
    .description('move a whole ledger into an empty one, SQLite file or postgres:// URL either way; verifies the chain on arrival')
    .requiredOption('--from <path|url>', 'the ledger to copy')
    .requiredOption('--to <path|url>', 'an empty ledger to copy into')
    .action(async (options: { from: string; to: string }) => {
      mustExist(options.from);
      const { events, headHash } = await withStore(options.from, (source) => withStore(options.to, (target) => copyLedger(source, target)));
      out(`copied ${events} events from ${redact(options.from)} to ${redact(options.to)}; chain head ${headHash} verified on arrival`);
    });

  program
    .command('start')
    .description('build the demo ledger and its sign-ins if needed, print its pipeline, and serve the API (what `npm start` runs)')
    .addOption(dbOption())
    .addOption(new Option('--port <n>', 'port to listen on (PORT)').default(String(config.server.port)))
    .option('--checkpoint-key <file>', 'sign a checkpoint at start and every AIDTRACE_CHECKPOINT_INTERVAL seconds with this key (AIDTRACE_CHECKPOINT_KEY)')
    .action(async (options: { db: string; port: string; checkpointKey?: string }) => {
      out(await buildDemo(options.db));
      await withStore(options.db, async (store) => {
        const added = await ensureDemoAccounts(store);
        out('');
        out(reportText(reports.pipeline(await loadReportData(store), { currency: config.reportCurrency, asOf: context.today() })));
        out(`\nDemo sign-ins${added > 0 ? ` (${added} created)` : ''}, one per role — for this local demo only:`);
        for (const account of demoAccounts) out(`  ${account.role.padEnd(12)} ${account.userId.padEnd(13)} ${account.password}${account.partyId ? `   (acts for ${account.partyId})` : ''}`);
        await serve(context, store, options.db, portNumber(options.port), (address) => {
          out(`Sign in:  curl -c jar -H 'content-type: application/json' -d '{"userId":"nl-mod","password":"nl-mod-demo-2025"}' ${address}/api/session`);
          out(`Then:     curl -b jar ${address}/api/packages    (the public needs no sign-in: ${address}/api/reports/pipeline)\n`);
        }, options.checkpointKey);
      });
    });

  addServerCommands(program, context, dbOption, withStore);
  addImportCommands(program, context, dbOption, withStore);
  addAuditCommands(program, context, dbOption, withStore);
  addBundleCommands(program, context, dbOption, withStore);
  addEvidenceCommands(program, context);
  return program;
}
