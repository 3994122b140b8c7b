import { InvalidArgumentError, type Command, type Option } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '../application/ledger.js';
import { signHead } from '../application/checkpoints.js';
import type { LedgerStore } from '../application/ports.js';
import { checkProof, proveConsistency, proveEvent, proveRecord } from '../application/proofs.js';
import { httpSource, storeSource, witnessOnce, type LogSource, type WitnessOutcome } from '../application/witness.js';
import { generateSignerKey, NoteError, openCheckpoint, parseSignerKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from '../audit/checkpoint.js';
import { isDatabaseUrl, redact } from '../config.js';
import { DomainError } from '../domain/errors.js';
import type { CliContext } from './program.js';

const wholeNumber = (what: string) => (value: string): number => {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${what} "${value}" is not a whole number of events (1 or more)`);
  return n;
};

/** A malformed key or a note that does not verify is the input's fault: named by its file. */
function fromNote<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof NoteError) throw new DomainError('VALIDATION_FAILED', `${where}: ${error.message}`);
    throw error;
  }
}

async function keyFile(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', `${file}: no such key file`);
    throw error;
  }
}

/** A private key from a file of "aidtrace keys init"; a file that is not one is named in the error. */
export async function readSignerKey(file: string): Promise<NoteSigner> {
  const text = await keyFile(file);
  return fromNote(file, () => parseSignerKey(text));
}

export async function readVerifierKey(file: string): Promise<NoteVerifier> {
  const text = await keyFile(file);
  return fromNote(file, () => parseVerifierKey(text));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The audit commands: `keys init`, `checkpoint` and `check-checkpoint` (signed tree heads), `prove`
 * and `check-proof` (Merkle proofs an auditor checks without the ledger).
 */
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

  const keys = program.command('keys').description('the Ed25519 keys that sign checkpoints; private keys stay in files, never in the ledger');
  keys
    .command('init')
    .description('make a signing key for a log name (the checkpoints\' origin): NAME.key (private, mode 0600) and NAME.pub in --dir')
    .requiredOption('--name <origin>', 'the log\'s name, e.g. aidtrace.example/purl-ledger')
    .option('--dir <dir>', 'where to write the two files', '.')
    .action(async (options: { name: string; dir: string }) => {
      const pair = fromNote('--name', () => generateSignerKey(options.name));
      const base = join(options.dir, options.name.replace(/[^A-Za-z0-9._-]/g, '_'));
      for (const file of [`${base}.key`, `${base}.pub`]) {
        if (existsSync(file)) throw new DomainError('ALREADY_EXISTS', `${file}: exists; a key is never overwritten`);
      }
      await mkdir(options.dir, { recursive: true });
      await writeFile(`${base}.key`, `${pair.signer}\n`, { mode: 0o600, flag: 'wx' });
      await writeFile(`${base}.pub`, `${pair.verifier}\n`, { flag: 'wx' });
      out(`private key ${base}.key (keep it off the ledger's machine if you can)\npublic key  ${base}.pub: ${pair.verifier}`);
    });

  program
    .command('checkpoint')
    .description('verify the whole log, print a signed checkpoint of its Merkle tree (C2SP signed note: origin, size, root) and keep it in the ledger')
    .requiredOption('--key <file>', 'the private key from "aidtrace keys init"')
    .option('--no-store', 'only print the checkpoint; keep nothing in the ledger')
    .addOption(dbOption())
    .action(async (options: { key: string; db: string; store: boolean }) => {
      mustExist(options.db);
      const signer = await readSignerKey(options.key);
      const record = await withStore(options.db, (store) => signHead(store, signer, systemClock, { keep: options.store }));
      out(record.note.trimEnd());
    });

  program
    .command('checkpoints')
    .description('list the checkpoints kept in the ledger: origin, size, root, when signed, and who signed (the log and its witnesses)')
    .addOption(dbOption())
    .option('--json', 'the checkpoints with their notes, as JSON', false)
    .action(async (options: { db: string; json: boolean }) => {
      mustExist(options.db);
      const list = await withStore(options.db, (store) => store.checkpoints.list());
      if (options.json) {
        out(JSON.stringify(list, null, 2));
        return;
      }
      if (list.length === 0) out(`no checkpoints in ${redact(options.db)}; sign one with "aidtrace checkpoint --key FILE"`);
      for (const record of list) {
        const signers = record.note
          .slice(record.note.lastIndexOf('\n\n') + 2)
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => line.split(' ')[1]);
        out(`${record.origin}\t${record.size}\t${record.rootHash}\t${record.createdAt}\tsigned by ${signers.join(', ')}`);
      }
    });

  program
    .command('witness')
    .description("witness a log: cosign its latest checkpoint only if it extends the last one this witness saw; report a split view (a fork or a rollback) and exit 2")
    .addHelpText(
      'after',
      '\nThe first run trusts the checkpoint it finds (trust on first use). Later runs check a consistency proof from the last checkpoint seen to the new one before cosigning.\n' +
        'A split view is written to STATE/split-view-<time>.txt with both checkpoints as evidence, and nothing is cosigned.',
    )
    .requiredOption('--log-key <file>', "the log's public key (NAME.pub)")
    .requiredOption('--key <file>', "the witness's private key (\"aidtrace keys init --name WITNESS\")")
    .requiredOption('--state <dir>', 'where the witness keeps the last checkpoint it saw, and evidence of split views')
    .option('--url <url>', "the log's server, e.g. http://127.0.0.1:8080")
    .option('--token <token>', 'an API token (auditor, coordinator or admin) to hand the cosigned checkpoint back; default AIDTRACE_TOKEN')
    .option('--db <path|url>', "the log's ledger, read and written directly instead of --url")
    .option('--watch <seconds>', 'repeat every SECONDS until stopped (or a split view)', wholeNumber('--watch'))
    .action(async (options: { logKey: string; key: string; state: string; url?: string; token?: string; db?: string; watch?: number }) => {
      if ((options.url === undefined) === (options.db === undefined)) throw new DomainError('VALIDATION_FAILED', 'witness: give the log as --url URL or as --db PATH|URL (one of them)');
      const logKey = await readVerifierKey(options.logKey);
      const witnessKey = await readSignerKey(options.key);
      const round = (source: LogSource) => witnessOnce({ logKey, witnessKey, stateDir: options.state, source });
      const report = (outcome: WitnessOutcome): boolean => {
        switch (outcome.status) {
          case 'first-use':
            out(`first use: no checkpoint of ${logKey.name} seen before in ${options.state}; trusting this one (${outcome.size} events, root ${outcome.rootHash}) and cosigning it`);
            return true;
          case 'cosigned':
            out(`cosigned ${logKey.name}: ${outcome.size} events, root ${outcome.rootHash}; consistent with the ${outcome.from} events seen before`);
            return true;
          case 'unchanged':
            out(`unchanged: ${logKey.name} still at ${outcome.size} events, root ${outcome.rootHash}${outcome.resent ? '; the cosignature the log lacked was sent again' : ''}`);
            return true;
          case 'split-view':
            err(`SPLIT VIEW of ${logKey.name}: ${outcome.reason}`);
            err(`NOT cosigned. Evidence: ${outcome.evidence}`);
            err(`--- cosigned before:\n${outcome.seen.trimEnd()}\n--- offered now:\n${outcome.offered.trimEnd()}`);
            context.setExitCode(2);
            return false;
        }
      };
      const once = async (): Promise<boolean> => {
        if (options.url !== undefined) return report(await round(httpSource(options.url, options.token ?? process.env.AIDTRACE_TOKEN)));
        const db = options.db as string;
        mustExist(db);
        return withStore(db, async (store) => report(await round(storeSource(store, logKey.name))));
      };
      if (options.watch === undefined) {
        await once();
        return;
      }
      for (;;) {
        try {
          if (!(await once())) return;
        } catch (error) {
          // A log out of reach is reported and tried again; a split view ends the watch.
          err(`witness round failed: ${error instanceof DomainError ? `${error.code}: ` : ''}${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, (options.watch as number) * 1000));
      }
    });

  program
    .command('check-checkpoint')
    .description('check a signed checkpoint with a public key; with --db, also that the ledger\'s tree at that size has that root (the log was not rewritten)')
    .argument('<file>', 'the signed checkpoint')
    .requiredOption('--pub <file>', 'the public key of the log ("aidtrace keys init")')
    .option('--db <path|url>', 'a ledger to compare the checkpoint with')
    .action(async (file: string, options: { pub: string; db?: string }) => {
      const verifier = await readVerifierKey(options.pub);
      const note = await readFile(file, 'utf8');
      const opened = fromNote(file, () => openCheckpoint(note, [verifier], { origin: verifier.name }));
      const size = Number(opened.checkpoint.size);
      const root = Buffer.from(opened.checkpoint.root).toString('base64');
      if (options.db !== undefined) {
        mustExist(options.db);
        const db = options.db;
        const head = await withStore(db, (store) => store.head());
        if (head.seq < size) {
          err(`checkpoint fails: it covers ${size} events, the ledger holds ${head.seq}: events were removed`);
          context.setExitCode(1);
          return;
        }
        const now = await withStore(db, (store) => proveConsistency(store, size, head.seq));
        if (now.root1 !== root) {
          err(`checkpoint fails: the ledger's tree of the first ${size} events has root ${now.root1}, the checkpoint ${root}: the log was rewritten`);
          context.setExitCode(1);
          return;
        }
      }
      out(`ok: ${opened.checkpoint.origin}, ${size} events, root ${root}, signed by ${opened.verifiedBy.join(', ')}${options.db === undefined ? '' : '; the ledger still has that tree'}`);
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
