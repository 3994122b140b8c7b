import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHead } from '../src/application/checkpoints.js';
import { Ledger, systemClock } from '../src/application/ledger.js';
import type { LedgerStore } from '../src/application/ports.js';
import { httpSource, lastSeenFile, witnessOnce, type WitnessOutcome } from '../src/application/witness.js';
import { generateSignerKey, openCheckpoint, parseSignerKey, parseVerifierKey } from '../src/audit/checkpoint.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * A witness cosigns a log's checkpoints only while each extends the last it saw: a log that
 * grows is cosigned every time; a fork, a rollback or a checkpoint under another key is refused
 * and reported. Over HTTP (the server of test/support/server.ts) and on the database (--db).
 */

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-witness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const origin = 'aidtrace.test/witnessed';
const log = generateSignerKey(origin);
const witness = generateSignerKey('witness.test');
const logKey = parseVerifierKey(log.verifier);
const witnessKey = parseSignerKey(witness.signer);
const files = { logPub: join(dir, 'log.pub'), witnessKey: join(dir, 'witness.key'), otherKey: join(dir, 'other.key') };
writeFileSync(files.logPub, `${log.verifier}\n`);
writeFileSync(files.witnessKey, `${witness.signer}\n`, { mode: 0o600 });

async function aidtrace(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const register = (id: string) => parseCommand({ id, type: 'RegisterParty', partyId: id.toUpperCase(), name: `Party ${id}`, kind: 'state', roles: ['donor'] });

/** A ledger file holding the first `shared` demo commands, then `extra` parties of its own. */
async function ledgerFile(name: string, shared: number, extra: readonly string[]): Promise<string> {
  const file = join(dir, `${name}.db`);
  const store = SqliteStore.open(file);
  const ledger = await Ledger.open(store, systemClock);
  await ledger.execute(demoCommands().slice(0, shared).map(parseCommand));
  if (extra.length > 0) await ledger.execute(extra.map(register));
  await signHead(store, parseSignerKey(log.signer), systemClock);
  await store.close();
  return file;
}

async function withFile<T>(file: string, work: (store: LedgerStore) => Promise<T>): Promise<T> {
  const store = SqliteStore.open(file);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const cosignedBy = (note: string | undefined) => openCheckpoint(note ?? '', [logKey, parseVerifierKey(witness.verifier)], { origin }).verifiedBy;

describe('a witness over HTTP', () => {
  let server: DemoServer;
  let fork: DemoServer | undefined;
  let token: string;
  const state = join(dir, 'http-state');
  beforeAll(async () => {
    server = await startDemoServer();
    await signHead(server.store, parseSignerKey(log.signer), systemClock);
    token = (await server.access.createToken('auditor', 'witness', 30)).token;
  });
  afterAll(async () => {
    await server.close();
    await fork?.close();
  });

  // The witness's token is the honest server's; the fork is asked without one.
  const round = (url = server.url): Promise<WitnessOutcome> => witnessOnce({ logKey, witnessKey, stateDir: state, source: httpSource(url, url === server.url ? token : undefined) });

  it('trusts the first checkpoint, cosigns each one the log grows to, and the log keeps the cosignatures', async () => {
    const first = await round();
    const head = (await server.store.head()).seq;
    expect(first).toMatchObject({ status: 'first-use', size: head });
    expect(cosignedBy((await server.store.checkpoints.latest(origin))?.note)).toEqual([origin, 'witness.test']);
    expect(readFileSync(lastSeenFile(state, origin), 'utf8')).toBe(first.status === 'first-use' ? first.note : '');

    for (const step of [1, 2]) {
      await server.ledger.execute([register(`grown-${step}`)]);
      await signHead(server.store, parseSignerKey(log.signer), systemClock);
      expect(await round()).toMatchObject({ status: 'cosigned', from: head + step - 1, size: head + step });
      expect(cosignedBy((await server.store.checkpoints.latest(origin))?.note)).toEqual([origin, 'witness.test']);
    }
    expect(await round()).toMatchObject({ status: 'unchanged', size: head + 2, resent: false });
  });

  it('refuses to cosign a fork of the same size, and writes both checkpoints down as evidence', async () => {
    // Another ledger shares the first 40 demo events, then records other events: same key, same origin, same size.
    const seen = openCheckpoint(readFileSync(lastSeenFile(state, origin), 'utf8'), [logKey], { origin }).checkpoint;
    const forkFile = await ledgerFile('http-fork', 40, Array.from({ length: Number(seen.size) - 40 }, (_, i) => `fork-${i}`));
    fork = await startDemoServer({ store: SqliteStore.open(forkFile), signIn: false });
    {
      const before = readFileSync(lastSeenFile(state, origin), 'utf8');
      const outcome = await round(fork.url);
      expect(outcome.status).toBe('split-view');
      if (outcome.status !== 'split-view') return;
      expect(outcome.reason).toMatch(new RegExp(`two roots for ${seen.size} events`));
      const evidence = readFileSync(outcome.evidence, 'utf8');
      expect(evidence).toContain(before.trimEnd());
      expect(evidence).toContain((await fork.store.checkpoints.latest(origin))?.note.trimEnd());
      // Nothing cosigned, nothing forgotten.
      expect(cosignedBy((await fork.store.checkpoints.latest(origin))?.note)).toEqual([origin]);
      expect(readFileSync(lastSeenFile(state, origin), 'utf8')).toBe(before);
    }
  });

  it('exits 2 from the command line on the fork, and 0 on the honest log', async () => {
    {
      const args = ['witness', '--log-key', files.logPub, '--key', files.witnessKey, '--state', state];
      const forked = await aidtrace(...args, '--url', fork?.url ?? '');
      expect(forked.code).toBe(2);
      expect(forked.stderr).toMatch(/SPLIT VIEW of aidtrace\.test\/witnessed: two roots/);
      expect(forked.stderr).toMatch(/NOT cosigned\. Evidence: .*split-view-.*\.txt/);
      const honest = await aidtrace(...args, '--url', server.url, '--token', token);
      expect(honest.code, honest.stderr).toBe(0);
      expect(honest.stdout).toMatch(/^unchanged: aidtrace\.test\/witnessed still at \d+ events/);
    }
  });
});

describe('a witness on the database (--db)', () => {
  const state = join(dir, 'db-state');
  const args = ['witness', '--log-key', files.logPub, '--key', files.witnessKey, '--state', state];
  let honest: string;

  it('trusts on first use, then cosigns the grown log in the database', async () => {
    honest = await ledgerFile('honest', 30, []);
    const first = await aidtrace(...args, '--db', honest);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^first use: no checkpoint of aidtrace\.test\/witnessed seen before .* trusting this one \(30 events/);
    await withFile(honest, async (store) => {
      await (await Ledger.open(store, systemClock)).execute(demoCommands().slice(30, 45).map(parseCommand));
      await signHead(store, parseSignerKey(log.signer), systemClock);
    });
    const grown = await aidtrace(...args, '--db', honest);
    expect(grown.code, grown.stderr).toBe(0);
    expect(grown.stdout).toMatch(/^cosigned aidtrace\.test\/witnessed: \d+ events, .*consistent with the 30 events seen before/);
    await withFile(honest, async (store) => {
      for (const checkpoint of await store.checkpoints.list()) expect(cosignedBy(checkpoint.note)).toEqual([origin, 'witness.test']);
    });
  });

  it('reports a fork that grew past the checkpoint it saw: the consistency proof fails; exit 2, evidence, no cosignature', async () => {
    const size = await withFile(honest, async (store) => (await store.head()).seq);
    const fork = await ledgerFile('db-fork', 20, Array.from({ length: size + 5 - 20 }, (_, i) => `branch-${i}`));
    const evidenceBefore = readdirSync(state).filter((f) => f.startsWith('split-view-')).length;
    const result = await aidtrace(...args, '--db', fork);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`does not extend the one of ${size} cosigned before: the log's tree of ${size} events now has root`));
    expect(readdirSync(state).filter((f) => f.startsWith('split-view-'))).toHaveLength(evidenceBefore + 1);
    await withFile(fork, async (store) => expect(cosignedBy((await store.checkpoints.latest(origin))?.note)).toEqual([origin]));
  });

  it('reports a rollback to fewer events', async () => {
    const shorter = await ledgerFile('rolled-back', 30, []);
    const result = await aidtrace(...args, '--db', shorter);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rollback: the log now shows 30 events, fewer than the \d+ this witness already cosigned/);
    await withFile(shorter, async (store) => expect(cosignedBy((await store.checkpoints.latest(origin))?.note)).toEqual([origin]));
  });

  it('refuses a checkpoint signed by another key of the same name, and keeps what it saw', async () => {
    const impostor = generateSignerKey(origin);
    const file = join(dir, 'impostor.db');
    await withFile(file, async (store) => {
      await (await Ledger.open(store, systemClock)).execute(demoCommands().slice(0, 50).map(parseCommand));
      await signHead(store, parseSignerKey(impostor.signer), systemClock);
    });
    const before = readFileSync(lastSeenFile(state, origin), 'utf8');
    const result = await aidtrace(...args, '--db', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the latest checkpoint from .*impostor\.db: note has no verifiable signature/);
    expect(readFileSync(lastSeenFile(state, origin), 'utf8')).toBe(before);
    await withFile(file, async (store) => expect((await store.checkpoints.latest(origin))?.note.split('\n').filter((l) => l.startsWith('\u2014'))).toHaveLength(1));
  });

  it('needs exactly one of --url and --db', async () => {
    const result = await aidtrace(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--url URL or as --db/);
  });
});
