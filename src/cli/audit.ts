import { InvalidArgumentError, type Command, type Option } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { LedgerStore } from '../application/ports.js';
import { checkProof, proveConsistency, proveEvent, proveRecord } from '../application/proofs.js';
import { isDatabaseUrl } from '../config.js';
import { DomainError } from '../domain/errors.js';
import type { CliContext } from './program.js';

const wholeNumber = (what: string) => (value: string): number => {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${what} "${value}" is not a whole number of events (1 or more)`);
  return n;
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** `aidtrace prove` and `aidtrace check-proof`: Merkle proofs an auditor checks without the ledger. */
export function addAuditCommands(program: Command, context: CliContext, dbOption: () => Option, withStore: <T>(db: string, work: (store: LedgerStore) => Promise<T>) => Promise<T>): void {
  const { out, err } = context;
  const mustExist = (db: string) => {
    if (!isDatabaseUrl(db) && !existsSync(db)) throw new DomainError('NOT_FOUND', `${db}: no ledger here; run "aidtrace init" or "aidtrace demo" first`);
  };

  program
    .command('prove')
    .description('print as JSON the Merkle proof that an event, or every event of a record, is in the ledger\'s tree, or (--consistency) that an older tree is a prefix of a newer one')
    .addHelpText(
      'after',
      '\nAn all-digit target is an event\'s seq; anything else is a record id (e.g. PURL-NLD-1).\n' +
        'Check the output with "aidtrace check-proof FILE", and compare its treeSize and rootHash with a tree head you trust (a signed checkpoint, "aidtrace verify").',
    )
    .argument('[target]', 'SEQ | RECORD: an event\'s seq, or a record id')
    .addOption(dbOption())
    .option('--size <n>', 'prove against the tree of the first N events (default: every event in the log)', wholeNumber('--size'))
    .option('--consistency <sizes...>', 'N M: prove that the tree of the first N events is a prefix of the tree of the first M')
    .action(async (target: string | undefined, options: { db: string; size?: number; consistency?: string[] }) => {
      if (options.consistency !== undefined) {
        if (target !== undefined || options.size !== undefined) throw new DomainError('VALIDATION_FAILED', 'prove --consistency N M takes no target and no --size');
        if (options.consistency.length !== 2) throw new DomainError('VALIDATION_FAILED', `--consistency takes two sizes, N and M; got ${options.consistency.length}`);
        const [size1, size2] = options.consistency.map((value, index) => wholeNumber(index === 0 ? 'N' : 'M')(value)) as [number, number];
        mustExist(options.db);
        out(JSON.stringify(await withStore(options.db, (store) => proveConsistency(store, size1, size2)), null, 2));
        return;
      }
      if (target === undefined) throw new DomainError('VALIDATION_FAILED', 'prove: name an event\'s seq or a record id, or give --consistency N M');
      mustExist(options.db);
      const proof = await withStore<object>(options.db, (store) => (/^\d+$/.test(target) ? proveEvent(store, Number(target), options.size) : proveRecord(store, target, options.size)));
      out(JSON.stringify(proof, null, 2));
    });

  program
    .command('check-proof')
    .description('check a proof from "aidtrace prove" offline, with no ledger: exits 0 when it holds, 1 with the reason when it does not')
    .argument('<file>', 'the JSON proof; "-" reads standard input')
    .action(async (file: string) => {
      if (file !== '-' && !existsSync(file)) throw new DomainError('NOT_FOUND', `${file}: no such file`);
      const result = checkProof(file === '-' ? await readStdin() : await readFile(file, 'utf8'));
      if (result.ok) {
        out(`ok: ${result.summary}`);
        return;
      }
      err(`proof fails: ${result.reason}`);
      context.setExitCode(1);
    });
}
