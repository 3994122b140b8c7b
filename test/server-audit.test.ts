import Database from 'better-sqlite3';
import { rootOf, rowLeafHash } from '../src/audit/merkle.js';
import { tables } from '../src/projections/tables.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * The audit reads over real HTTP on the demo ledger: the chain's verification, which anyone may
 * run and compare, and the history of one record.
 */

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => server.close());

interface LogItem {
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly hash: string;
  readonly payload: string;
}

interface HistoryItem {
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly hash: string;
  readonly event: Record<string, unknown>;
}

interface TableCounts {
  readonly table: string;
  readonly rows: number;
  readonly stored: number;
  readonly missing: number;
  readonly unexplained: number;
  readonly differing: number;
  readonly findings?: readonly unknown[];
}

async function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
}

/** The whole log, as an auditor reads it. */
async function wholeLog(): Promise<LogItem[]> {
  const items: LogItem[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const page = (await (await get(`/api/events?after=${after}&limit=1000`, server.cookies.auditor)).json()) as { items: LogItem[]; nextAfter: number | null };
    items.push(...page.items);
    after = page.nextAfter;
  }
  return items;
}

describe('GET /api/verify', () => {
  it('finds the demo chain intact, and its head hash is the last event’s hash', async () => {
    const response = await get('/api/verify');
    expect(response.status).toBe(200);
    const report = (await response.json()) as { ok: boolean; events: number; headHash: string; firstBreak?: unknown };
    const log = await wholeLog();
    const last = log[log.length - 1];
    // The tree root, recomputed here from the stored rows by the RFC's reference definition.
    const rows = await server.store.readEvents(0, log.length);
    const treeRoot = Buffer.from(rootOf(rows.map(rowLeafHash))).toString('base64');
    expect(report).toEqual({ ok: true, events: log.length, headHash: last?.hash, treeRoot, projections: expect.objectContaining({ ok: true, events: log.length }) });
    expect(report.headHash).toMatch(/^[0-9a-f]{64}$/);
    // Every projection table was compared, and all of its rows match the log.
    const { projections } = report as unknown as { projections: { matching: number; tables: TableCounts[] } };
    expect(projections.tables.length).toBe(Object.keys(tables).length);
    for (const table of projections.tables) expect(table).toMatchObject({ stored: table.rows, missing: 0, unexplained: 0, differing: 0 });
    expect(projections.matching).toBe(projections.tables.reduce((sum, table) => sum + table.rows, 0));
    expect(projections.matching).toBeGreaterThan(100);
    // The auditor reads the same answer, with the (empty) lists of differences.
    const audited = (await (await get('/api/verify', server.cookies.auditor)).json()) as typeof report & { projections: { tables: TableCounts[] } };
    expect(audited.projections.tables.every((table) => Array.isArray(table.findings) && table.findings.length === 0)).toBe(true);
    // Every other role reads the public's answer.
    expect(await (await get('/api/verify', server.cookies.donor)).json()).toEqual(report);
  });

  it('follows the head when the ledger grows', async () => {
    const before = (await (await get('/api/verify')).json()) as { events: number; headHash: string };
    const written = await fetch(`${server.url}/api/fx-rates`, {
      method: 'POST',
      headers: { cookie: server.cookies.coordinator as string, 'content-type': 'application/json', 'idempotency-key': 'audit-fx-1' },
      body: JSON.stringify({ date: '2026-03-04', base: 'EUR', quote: 'PLN', rate: '4.25' }),
    });
    expect(written.status).toBe(201);
    const after = (await (await get('/api/verify')).json()) as { ok: boolean; events: number; headHash: string };
    expect(after.ok).toBe(true);
    expect(after.events).toBe(before.events + 1);
    expect(after.headHash).not.toBe(before.headHash);
    const log = await wholeLog();
    expect(after.headHash).toBe(log[log.length - 1]?.hash);
  });
});

describe('GET /api/verify after a projection row is changed behind the ledger', () => {
  it('names table, key and column to admins and auditors, and gives everyone else the counts only', async () => {
    const file = new Database(server.store.location);
    const original = (file.prepare("SELECT name FROM party WHERE id = 'NLD'").get() as { name: string }).name;
    try {
      file.prepare("UPDATE party SET name = ? WHERE id = 'NLD'").run(`${original}!`);
      // A write moves the head, so the verification is not the one from before the change.
      const written = await fetch(`${server.url}/api/fx-rates`, {
        method: 'POST',
        headers: { cookie: server.cookies.coordinator as string, 'content-type': 'application/json', 'idempotency-key': 'audit-fx-tamper' },
        body: JSON.stringify({ date: '2026-03-05', base: 'EUR', quote: 'PLN', rate: '4.26' }),
      });
      expect(written.status).toBe(201);
      const audited = (await (await get('/api/verify', server.cookies.auditor)).json()) as { ok: boolean; firstBreak?: unknown; projections: { ok: boolean; tables: TableCounts[] } };
      expect(audited.ok).toBe(false);
      expect(audited.firstBreak).toBeUndefined();
      expect(audited.projections.ok).toBe(false);
      const party = audited.projections.tables.find((table) => table.table === 'party');
      expect(party).toMatchObject({ differing: 1, missing: 0, unexplained: 0 });
      expect(party?.findings).toEqual([{ table: 'party', key: 'NLD', kind: 'differs', column: 'name', log: JSON.stringify(original), stored: JSON.stringify(`${original}!`) }]);
      expect(audited.projections.tables.filter((table) => table.table !== 'party').every((table) => table.differing + table.missing + table.unexplained === 0)).toBe(true);
      expect(await (await get('/api/verify', server.cookies.admin)).json()).toEqual(audited);

      const response = await get('/api/verify');
      const text = await response.text();
      const publicView = JSON.parse(text) as { ok: boolean; projections: { tables: TableCounts[] } };
      expect(publicView.ok).toBe(false);
      expect(publicView.projections.tables.find((table) => table.table === 'party')).toEqual({ table: 'party', rows: party?.rows, stored: party?.stored, missing: 0, unexplained: 0, differing: 1 });
      expect(text).not.toContain(`${original}!`);
      expect(await (await get('/api/verify', server.cookies.coordinator)).json()).toEqual(publicView);
    } finally {
      file.prepare("UPDATE party SET name = ? WHERE id = 'NLD'").run(original);
      file.close();
    }
  });
});

describe('GET /api/history/{id}', () => {
  it("returns a package's events in log order, transfers into its account included", async () => {
    const response = await get('/api/history/PURL-NLD-1', server.cookies.auditor);
    expect(response.status).toBe(200);
    const { id, items } = (await response.json()) as { id: string; items: HistoryItem[] };
    expect(id).toBe('PURL-NLD-1');
    const seqs = items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(items[0]).toMatchObject({ type: 'PackageProposed', event: { type: 'PackageProposed', packageId: 'PURL-NLD-1' } });
    const types = new Set(items.map((item) => item.type));
    for (const type of ['PackageProposed', 'PackageStageChanged', 'ContributionRecorded', 'TransferRecorded', 'ContractSigned', 'ShipmentDispatched']) expect(types).toContain(type);
    const transfersIn = items.filter((item) => item.type === 'TransferRecorded' && item.event.toAccount === 'package:PURL-NLD-1');
    expect(transfersIn.length).toBeGreaterThan(0);
    // Each entry is the logged row: same hash, actor and time as in /api/events, and its payload parsed.
    const log = new Map((await wholeLog()).map((row) => [row.seq, row]));
    for (const item of items) {
      const row = log.get(item.seq);
      expect(item).toEqual({ seq: row?.seq, type: row?.type, actor: row?.actor, recordedAt: row?.recordedAt, hash: row?.hash, event: JSON.parse(row?.payload ?? 'null') });
    }
    // Nothing else in the log concerns the package.
    const concerns = (payload: string) => payload.includes('"PURL-NLD-1"') || payload.includes('"package:PURL-NLD-1"');
    expect(seqs).toEqual([...log.values()].filter((row) => concerns(row.payload)).map((row) => row.seq));
  });

  it('follows a shipment through its milestones and receipt', async () => {
    const { items } = (await (await get('/api/history/S-NLD-1', server.cookies.coordinator)).json()) as { items: HistoryItem[] };
    expect(items.map((item) => item.type)).toEqual(expect.arrayContaining(['ShipmentDispatched', 'ShipmentMilestoneRecorded', 'ReceiptRecorded']));
    expect(items[0]?.type).toBe('ShipmentDispatched');
  });

  it('answers an id nothing concerns with a 404 problem', async () => {
    const response = await get('/api/history/NO-SUCH-RECORD', server.cookies.admin);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
