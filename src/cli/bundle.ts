import type { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { auditBundle, exportBundle, type BundleAudit, type SourcedText } from '../application/bundle.js';
import type { LedgerStore } from '../application/ports.js';
import type { ReportName } from '../application/reports/index.js';
import { toJsonValue } from '../contract/wire.js';
import { isDatabaseUrl } from '../config.js';
import { DomainError } from '../domain/errors.js';
import type { CliContext } from './program.js';
import { reportText } from './report-text.js';

async function readTexts(option: string, files: readonly string[] | undefined): Promise<SourcedText[]> {
  const texts: SourcedText[] = [];
  for (const file of files ?? []) {
    if (!existsSync(file)) throw new DomainError('NOT_FOUND', `${option} ${file}: no such file`);
    texts.push({ source: file, text: await readFile(file, 'utf8') });
  }
  return texts;
}

/** The reports whose re-derived figures the text output shows in full, when the registry has them. */
const shownReports = ['reconciliation', 'donor', 'pipeline'];

/** The audit as people read it: what was checked, with which keys, the re-derived totals, then every finding. */
export function auditText(audit: BundleAudit): string {
  const lines: string[] = [];
  lines.push(`bundle ${audit.dir} (format version ${audit.version}, created ${audit.createdAt})`);
  lines.push(`files: ${audit.filesChecked} checked against the manifest's SHA-256`);
  lines.push(`events: ${audit.events} recomputed from events.jsonl; chain head ${audit.headHash}; tree root ${audit.treeRoot}`);
  if (audit.keys.length === 0) lines.push('keys: none given (--pub FILE); no signature was checked');
  for (const key of audit.keys) lines.push(`key ${key.key}: ${key.source === 'given' ? `given by you (${key.file})` : `from the bundle (${key.file}), trusted on request`}`);
  for (const c of audit.checkpoints) {
    const what = c.origin === undefined ? '' : ` ${c.origin} at ${c.size} events, root ${c.rootHash}`;
    const by = c.verifiedBy.length > 0 ? `; signed by ${c.verifiedBy.join(', ')}` : '';
    const others = c.otherSigners.length > 0 ? `; also signed by keys not trusted: ${c.otherSigners.join(', ')}` : '';
    lines.push(`checkpoint ${c.file}: ${c.status}${what}${by}${others}`);
  }
  lines.push(`reports re-derived from the events (${audit.currency}, as of ${audit.asOf}): ${audit.reports.map((r) => `${r.name} ${r.status}${r.differences > 0 ? ` (${r.differences} figures)` : ''}`).join(', ')}`);
  for (const name of shownReports) {
    const report = audit.rederived[name as ReportName];
    if (report !== undefined) lines.push('', `Re-derived from the events: ${name}`, reportText(report));
  }
  if (audit.warnings.length > 0) lines.push('', ...audit.warnings.map((warning) => `warning: ${warning}`));
  if (audit.findings.length > 0) {
    lines.push('', `findings (${audit.findings.length}):`);
    for (const f of audit.findings) lines.push(`  ${f.file}${f.line === undefined ? '' : ` line ${f.line}`}: ${f.message}`);
  }
  lines.push('', audit.ok ? 'ok: the bundle verifies, and its reports are what its events give' : `FAILED: ${audit.findings.length} finding${audit.findings.length === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** `export-bundle` (a ledger's history in files, for auditors) and `audit BUNDLE` (checked offline). */
export function addBundleCommands(program: Command, context: CliContext, dbOption: () => Option, withStore: <T>(db: string, work: (store: LedgerStore) => Promise<T>) => Promise<T>): void {
  const { out, err } = context;

  program
    .command('export-bundle')
    .description('write an audit bundle: every event, the signed checkpoints, public keys and every report, with a manifest of their SHA-256')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .addOption(dbOption())
    .option('--pub <files...>', 'public keys to include (a convenience: auditors should get the keys from you by another way)')
    .option('--checkpoint <files...>', 'signed checkpoints ("aidtrace checkpoint") to include beside the ones the ledger keeps')
    .option('--as-of <date>', 'the day the included reports are made for (YYYY-MM-DD)', context.today())
    .option('--currency <code>', 'the currency of the included reports (ISO 4217)', 'EUR')
    .action(async (options: { out: string; db: string; pub?: string[]; checkpoint?: string[]; asOf: string; currency: string }) => {
      if (!isDatabaseUrl(options.db) && !existsSync(options.db)) throw new DomainError('NOT_FOUND', `${options.db}: no ledger here; run "aidtrace init" or "aidtrace demo" first`);
      const keys = await readTexts('--pub', options.pub);
      const checkpoints = await readTexts('--checkpoint', options.checkpoint);
      const summary = await withStore(options.db, (store) =>
        exportBundle(store, options.out, { currency: options.currency, asOf: options.asOf, createdAt: new Date().toISOString(), keys, checkpoints }),
      );
      out(`wrote ${summary.dir}: ${summary.events} events (chain head ${summary.headHash}, tree root ${summary.treeRoot}), ${summary.checkpoints.length} checkpoint${summary.checkpoints.length === 1 ? '' : 's'}, reports ${summary.reports.join(', ')}`);
      if (summary.checkpoints.length === 0) err('warning: the bundle holds no signed checkpoint, so no auditor can tell who vouches for it; sign one with "aidtrace checkpoint --key FILE" and pass it with --checkpoint');
    });

  program
    .command('audit')
    .description('verify an audit bundle offline, with no database and no server: file hashes, the hash chain, the Merkle tree, signed checkpoints, and every report re-derived from the events; exits 1 on any finding')
    .argument('<bundle>', 'the folder "aidtrace export-bundle" wrote')
    .option('--pub <files...>', 'the public keys you trust to have signed the checkpoints (got from the log\'s operator by another way)')
    .option('--trust-bundle-keys', 'also trust the public keys inside the bundle (they prove nothing about who signed)', false)
    .option('--json', 'machine-readable output', false)
    .action(async (bundle: string, options: { pub?: string[]; trustBundleKeys: boolean; json: boolean }) => {
      const keys = await readTexts('--pub', options.pub);
      const scratch = await context.openStore(':memory:');
      let audit: BundleAudit;
      try {
        audit = await auditBundle(bundle, { keys, trustBundleKeys: options.trustBundleKeys, scratch });
      } finally {
        await scratch.close();
      }
      if (options.json) {
        const rederived = Object.fromEntries(Object.entries(audit.rederived).map(([name, report]) => [name, toJsonValue(report, audit.currency)]));
        out(JSON.stringify({ ...audit, rederived }, null, 2));
      } else out(auditText(audit));
      if (!audit.ok) context.setExitCode(1);
    });
}
