import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessService } from '../src/application/access.js';
import { signHead } from '../src/application/checkpoints.js';
import { Ledger } from '../src/application/ledger.js';
import { checkProof } from '../src/application/proofs.js';
import { cosign, generateSignerKey, openCheckpoint, parseSignerKey, signCheckpoint, signNote } from '../src/audit/checkpoint.js';
import { verifyChain } from '../src/audit/verify.js';
import { serverSettings } from '../src/config.js';
import { parseCommand } from '../src/contract/commands.js';
import { demoCommands } from '../src/demo/purl.js';
import { buildServer } from '../src/server/app.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { startDemoServer, TestClock, type DemoServer } from './support/server.js';

/** Signed checkpoints and Merkle proofs over real HTTP, checked the way an outside auditor checks them. */

const origin = 'aidtrace.test/proofs';
const log = generateSignerKey(origin);
const witness = generateSignerKey('witness.test');
let server: DemoServer;
let head: number;
let root: string;

beforeAll(async () => {
  server = await startDemoServer();
  await signHead(server.store, parseSignerKey(log.signer), server.clock);
  const verified = await verifyChain(server.store);
  head = verified.events;
  root = verified.treeRoot;
});
afterAll(async () => server.close());

async function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
}

async function json<T>(path: string, cookie?: string): Promise<{ status: number; body: T }> {
  const response = await get(path, cookie);
  return { status: response.status, body: (await response.json()) as T };
}

interface Problem {
  readonly code: string;
  readonly path?: string;
  readonly detail: string;
}

describe('checkpoints over HTTP', () => {
  it('gives anyone the latest signed checkpoint as a note that opens with the log key and states the verified tree', async () => {
    const response = await get('/api/checkpoints/latest');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const opened = openCheckpoint(await response.text(), [log.verifier], { origin });
    expect(Number(opened.checkpoint.size)).toBe(head);
    expect(Buffer.from(opened.checkpoint.root).toString('base64')).toBe(root);
  });

  it('lists them as JSON and serves one by size; 404 for a size never signed, 400 for a size that is no number', async () => {
    const list = await json<{ items: { origin: string; size: number; rootHash: string; note: string }[] }>('/api/checkpoints');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => [c.origin, c.size, c.rootHash])).toEqual([[origin, head, root]]);
    const one = await get(`/api/checkpoints/${head}`);
    expect(one.status).toBe(200);
    expect(await one.text()).toBe(list.body.items[0]?.note);
    expect((await get(`/api/checkpoints/${head - 1}`)).status).toBe(404);
    const bad = await json<Problem>('/api/checkpoints/ten');
    expect(bad.status).toBe(400);
    expect(bad.body.path).toBe('size');
  });

  it('takes back a cosigned checkpoint from an auditor token and keeps the merged note; refuses the other roles and notes the log did not issue', async () => {
    const latest = await (await get('/api/checkpoints/latest')).text();
    const cosigned = cosign(latest, witness.signer, { verifiers: [log.verifier] });
    const post = (note: string, headers: Record<string, string>) =>
      fetch(`${server.url}/api/checkpoints/cosigned`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ note }) });
    expect((await post(cosigned, {})).status).toBe(401);
    expect((await post(cosigned, { cookie: server.cookies.donor as string })).status).toBe(403);

    // The same tree head signed by another key of the same name is not the log's.
    const impostor = generateSignerKey(origin);
    const forged = cosign(signNote(latest.slice(0, latest.lastIndexOf('\n\n') + 1), [impostor.signer]), witness.signer);
    const refused = await post(forged, { cookie: server.cookies.auditor as string });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).path).toBe('body.note');
    // A tree head the log never signed.
    const other = cosign(signCheckpoint({ origin, size: head - 3, root: new Uint8Array(32).fill(7) }, [log.signer]), witness.signer);
    expect((await post(other, { cookie: server.cookies.auditor as string })).status).toBe(404);

    const { token } = await server.access.createToken('auditor', 'witness', 30);
    const accepted = await post(cosigned, { authorization: `Bearer ${token}` });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const kept = await server.store.checkpoints.latest(origin);
    expect(openCheckpoint(kept?.note ?? '', [log.verifier, witness.verifier], { origin }).verifiedBy).toEqual([origin, 'witness.test']);
    expect(openCheckpoint(await (await get('/api/checkpoints/latest')).text(), [witness.verifier], { origin }).verifiedBy).toEqual(['witness.test']);
  });
});

describe('proofs over HTTP', () => {
  it('gives anyone a consistency proof that checks out and ends at the checkpoint\'s root', async () => {
    const { status, body } = await json<{ size1: number; size2: number; root2: string }>(`/api/proofs/consistency?from=5&to=${head}`);
    expect(status).toBe(200);
    expect(checkProof(body)).toMatchObject({ ok: true, kind: 'consistency' });
    expect(body.root2).toBe(root);
    const defaulted = await json<{ size2: number }>('/api/proofs/consistency?from=5');
    expect(defaulted.body.size2).toBe(head);
  });

  it('names the bad parameter of a consistency proof', async () => {
    for (const [query, path] of [
      ['from=0', 'query.from'],
      ['from=x', 'query.from'],
      ['', 'query.from'],
      [`from=1&to=${head + 1}`, 'query.to'],
      ['from=9&to=5', 'query.from'],
      ['from=1&size=3', 'query.size'],
    ] as const) {
      const { status, body } = await json<Problem>(`/api/proofs/consistency?${query}`);
      expect([query, status, body.path]).toEqual([query, 400, path]);
    }
  });

  it('gives an auditor the proof of any event, with its row, against any tree size; 404 past the head', async () => {
    const { status, body } = await json<{ seq: number; treeSize: number; row: string; rootHash: string }>('/api/proofs/events/3', server.cookies.auditor);
    expect(status).toBe(200);
    expect(checkProof(body)).toMatchObject({ ok: true, kind: 'event' });
    expect(body.treeSize).toBe(head);
    expect(body.rootHash).toBe(root);
    expect(JSON.parse(body.row).seq).toBe(3);
    const small = await json<{ treeSize: number; rootHash: string }>('/api/proofs/events/3?size=5', server.cookies.auditor);
    const five = await json<{ root1: string }>('/api/proofs/consistency?from=5');
    expect(small.body.treeSize).toBe(5);
    expect(small.body.rootHash).toBe(five.body.root1);
    expect((await get(`/api/proofs/events/${head + 1}`, server.cookies.auditor)).status).toBe(404);
    expect((await json<Problem>('/api/proofs/events/0', server.cookies.auditor)).body.path).toBe('params.seq');
    expect((await json<Problem>('/api/proofs/events/3?size=0', server.cookies.auditor)).body.path).toBe('query.size');
    expect((await json<Problem>('/api/proofs/events/9?size=5', server.cookies.auditor)).body.path).toBe('params.seq');
    expect((await get('/api/proofs/events/3')).status).toBe(401);
  });

  it("gives a donor the proofs of its own contribution's events and refuses another donor's", async () => {
    const own = await json<{ events: { seq: number; type: string; row: string }[]; rootHash: string }>('/api/proofs/records/CON-NLD-1', server.cookies.donor);
    expect(own.status).toBe(200);
    expect(checkProof(own.body)).toMatchObject({ ok: true, kind: 'record' });
    expect(own.body.rootHash).toBe(root);
    expect(own.body.events.map((e) => e.type)).toContain('ContributionRecorded');
    const full = await json<{ events: { seq: number }[] }>('/api/proofs/records/CON-NLD-1', server.cookies.auditor);
    expect(own.body.events.every((e) => full.body.events.some((f) => f.seq === e.seq))).toBe(true);
    // Every event the donor got names only records it may read: none names another donor's contribution.
    for (const event of own.body.events) expect(event.row).not.toMatch(/CON-(DEU|NOR|SWE|DNK|CAN)/);

    const theirs = await json<Problem>('/api/proofs/records/CON-DEU-1', server.cookies.donor);
    expect(theirs.status).toBe(404);
    const seen = await json<{ events: { seq: number }[] }>('/api/proofs/records/CON-DEU-1', server.cookies.auditor);
    expect(seen.status).toBe(200);
    const theirEvent = seen.body.events[0]?.seq as number;
    expect((await get(`/api/proofs/events/${theirEvent}`, server.cookies.donor)).status).toBe(403);
    expect((await get(`/api/proofs/events/${theirEvent}`, server.cookies.coordinator)).status).toBe(200);
    expect((await get('/api/proofs/records/CON-NLD-1')).status).toBe(401);
    expect((await get('/api/proofs/records/NO-SUCH-RECORD', server.cookies.auditor)).status).toBe(404);
  });
});

describe('the checkpoint schedule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrace-schedule-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start(file: string, seed: boolean) {
    const store = SqliteStore.open(join(dir, file));
    const clock = new TestClock();
    const ledger = await Ledger.open(store, clock);
    if (seed) await ledger.execute(demoCommands().slice(0, 20).map(parseCommand));
    const app = await buildServer({
      ledger,
      reads: store,
      access: new AccessService(store.access, clock),
      settings: { ...serverSettings({}), checkpointIntervalSeconds: 1 },
      reportCurrency: 'EUR',
      today: () => '2026-03-05',
      checkpointSigner: parseSignerKey(log.signer),
    });
    await app.ready();
    return { store, ledger, app };
  }

  it('signs at start, again when the head moves, and stops on close', async () => {
    const { store, ledger, app } = await start('grows.db', true);
    expect((await store.checkpoints.list()).map((c) => c.size)).toEqual([20]);
    await ledger.execute(demoCommands().slice(20, 25).map(parseCommand));
    await vi.waitFor(async () => expect((await store.checkpoints.latest(origin))?.size).toBe(25), { timeout: 4000, interval: 100 });
    const latest = await store.checkpoints.latest(origin);
    expect(openCheckpoint(latest?.note ?? '', [log.verifier], { origin }).checkpoint.size).toBe(25n);
    expect(latest?.rootHash).toBe((await verifyChain(store)).treeRoot);
    // Unchanged head: nothing new.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await store.checkpoints.list()).map((c) => c.size)).toEqual([20, 25]);
    await app.close();
    await ledger.execute(demoCommands().slice(25, 27).map(parseCommand));
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await store.checkpoints.list()).map((c) => c.size)).toEqual([20, 25]);
    await store.close();
  });

  it('signs nothing over a broken chain and says so loudly', async () => {
    const seeded = SqliteStore.open(join(dir, 'broken.db'));
    await (await Ledger.open(seeded, new TestClock())).execute(demoCommands().slice(0, 10).map(parseCommand));
    seeded.connection.exec('DROP TRIGGER event_log_no_update');
    seeded.connection.prepare("UPDATE event_log SET command_id = command_id || '-altered' WHERE seq = 4").run();
    await seeded.close();
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const { store, app } = await start('broken.db', false);
      expect(await store.checkpoints.list()).toEqual([]);
      await app.close();
      await store.close();
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('')).toMatch(/CHECKPOINT NOT SIGNED — CHAIN_BROKEN: event_log seq 4/);
  });
});
