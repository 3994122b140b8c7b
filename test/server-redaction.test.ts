import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommands } from '../src/demo/purl.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * Nothing a public response carries may endanger a delivery: crawls every route the public can
 * read over the whole demo ledger (every page, every record, every report in JSON and CSV, in
 * two currencies) and looks for withheld values and fields.
 */

// Today 2026-03-05 with a 14-day delay: S-CAN-1 (handed over 2026-02-27) is not public yet,
// and S-NORDIC-3 (dispatched 2026-03-02) is in transit.
const today = '2026-03-05';
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ today, settings: { publicDelayDays: 14 } });
});
afterAll(async () => server.close());

const commands = demoCommands() as readonly Record<string, unknown>[];

/** Strings the public must never see: routes, hub and handover locations, sensitive item names. */
function withheldStrings(): string[] {
  const values = new Set<string>();
  for (const command of commands) {
    if (command.type === 'DispatchShipment' && typeof command.route === 'string') values.add(command.route);
    if (command.type === 'RecordMilestone' && typeof command.location === 'string') values.add(command.location);
    if (command.type === 'ProposePackage') {
      for (const line of command.lines as { item: string; sensitive?: boolean }[]) if (line.sensitive) values.add(line.item);
    }
  }
  return [...values];
}

const withheldFields = ['route', 'location', 'dispatchedAt', 'expectedBy', 'handedOverAt', 'milestones', 'shipmentId'];

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysOf(item, into);
    }
  }
  return into;
}

async function get(path: string, cookie?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, text: await response.text() };
}

/** Every public response body, following cursors and opening each listed record. */
async function crawlPublic(): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const lists = ['parties', 'packages', 'spending', 'fx-rates'];
  for (const list of lists) {
    for (const format of ['json', 'csv']) {
      let cursor: string | null = null;
      do {
        const path: string = `/api/${list}?limit=2&format=${format}${cursor ? `&cursor=${cursor}` : ''}`;
        const { status, text } = await get(path);
        expect(status, path).toBe(200);
        bodies.set(path, text);
        if (format === 'csv') {
          const next = /cursor=([^&>]+)/.exec((await fetch(`${server.url}${path}`)).headers.get('link') ?? '');
          cursor = next ? (next[1] as string) : null;
          continue;
        }
        const page = JSON.parse(text) as { items: { id?: string }[]; nextCursor: string | null };
        if (list === 'parties' || list === 'packages') {
          for (const item of page.items) bodies.set(`/api/${list}/${item.id}`, (await get(`/api/${list}/${item.id}`)).text);
        }
        cursor = page.nextCursor;
      } while (cursor !== null);
    }
  }
  // Every report the public may run, as the API lists them: a new public report is crawled too.
  const listed = JSON.parse((await get('/api/reports')).text) as { reports: string[] };
  expect(listed.reports).toEqual(expect.arrayContaining(['pipeline', 'donor', 'spending', 'overview', 'flows', 'reconciliation']));
  for (const report of listed.reports) {
    for (const query of ['', '?currency=USD', '?format=csv', `?asOf=2026-12-31`]) {
      const path = `/api/reports/${report}${query}`;
      const { status, text } = await get(path);
      expect(status, path).toBe(200);
      bodies.set(path, text);
    }
  }
  // Sources and the evidence of every record the public lists.
  const sources = JSON.parse((await get('/api/source-documents')).text) as { items: { id: string }[] };
  bodies.set('/api/source-documents', JSON.stringify(sources));
  for (const { id } of sources.items) bodies.set(`/api/source-documents/${id}`, (await get(`/api/source-documents/${id}`)).text);
  const records: [string, string][] = [];
  for (const pkg of (JSON.parse((await get('/api/packages?limit=1000')).text) as { items: { id: string }[] }).items) records.push(['package', pkg.id]);
  for (const row of (JSON.parse((await get('/api/spending?limit=1000')).text) as { items: { country: string; year: number }[] }).items) records.push(['spending', `${row.country}:${row.year}`]);
  for (const [kind, id] of records) {
    const path = `/api/evidence?recordKind=${kind}&recordId=${encodeURIComponent(id)}`;
    const { status, text } = await get(path);
    expect(status, path).toBe(200);
    bodies.set(path, text);
  }
  const verify = await get('/api/verify');
  expect(verify.status).toBe(200);
  bodies.set('/api/verify', verify.text);
  return bodies;
}

describe('public redaction over the whole demo ledger', () => {
  it('no public response carries a route, a hub, a date of an undelivered shipment or a sensitive item', async () => {
    const bodies = await crawlPublic();
    expect(bodies.size).toBeGreaterThan(40);
    const secrets = withheldStrings();
    expect(secrets.length).toBeGreaterThan(3);
    for (const [path, body] of bodies) {
      for (const secret of secrets) expect(body.includes(secret), `${path} contains "${secret}"`).toBe(false);
      if (path.includes('csv')) {
        const header = body.split('\r\n')[0] ?? '';
        for (const field of withheldFields) expect(header.split(','), `${path} has column ${field}`).not.toContain(field);
        continue;
      }
      const keys = keysOf(JSON.parse(body));
      for (const field of withheldFields) expect(keys.has(field), `${path} has field ${field}`).toBe(false);
    }
  });

  it("no public response carries an excerpt of evidence for a record the public may not read", async () => {
    const bodies = await crawlPublic();
    const publicKinds = new Set(['package', 'party', 'spending']);
    const links = commands.filter((command) => command.type === 'LinkEvidence') as { recordKind: string; excerpt: string }[];
    const shown = new Set(links.filter((link) => publicKinds.has(link.recordKind)).map((link) => link.excerpt));
    const hidden = links.filter((link) => !publicKinds.has(link.recordKind) && !shown.has(link.excerpt)).map((link) => link.excerpt);
    expect(hidden.length).toBeGreaterThan(0);
    expect([...bodies.keys()].some((path) => path.startsWith('/api/evidence?'))).toBe(true);
    for (const [path, body] of bodies) for (const excerpt of hidden) expect(body.includes(excerpt), `${path} contains "${excerpt}"`).toBe(false);
    // What the public does see of a package: its level and the words behind it.
    const nld = JSON.parse(bodies.get('/api/evidence?recordKind=package&recordId=PURL-NLD-1') ?? '{}') as { level: string; items: { excerpt: string }[] };
    expect(nld.level).toBe('confirmed');
    expect(nld.items.length).toBeGreaterThan(0);
  });

  it('the public sees delivered goods only after handover plus the delay', async () => {
    const row = (text: string) => (JSON.parse(text) as { rows: { packageId: string; shipped: string; accepted: string }[] }).rows.find((r) => r.packageId === 'PURL-CAN-1');
    const full = row((await get('/api/reports/pipeline', server.cookies.coordinator)).text);
    const pub = row((await get('/api/reports/pipeline')).text);
    // Handed over six days ago: the cell sees it, the public does not yet.
    expect(full?.shipped).toMatch(/^[1-9]\d*\.\d{2}$/);
    expect(pub?.shipped).toBe('0.00');
    expect(pub?.accepted).toBe('0.00');
    const pkg = JSON.parse((await get('/api/packages/PURL-CAN-1')).text) as { stageSince: string | null };
    expect(pkg.stageSince).toBeNull();
    // Days in stage would tell when the goods started moving.
    const days = (text: string, id: string) => (JSON.parse(text) as { rows: { packageId: string; daysInStage: number | null }[] }).rows.find((r) => r.packageId === id)?.daysInStage;
    const publicPipeline = (await get('/api/reports/pipeline')).text;
    expect(days(publicPipeline, 'PURL-CAN-1')).toBeNull();
    expect(days(publicPipeline, 'PURL-NORDIC-1')).toBeNull();
    expect(days(publicPipeline, 'PURL-NLD-1')).toEqual(expect.any(Number));
    expect(days((await get('/api/reports/pipeline', server.cookies.coordinator)).text, 'PURL-CAN-1')).toEqual(expect.any(Number));
    // Long since handed over: the public's totals for the Dutch package equal the cell's.
    const nl = (text: string) => (JSON.parse(text) as { rows: { packageId: string; accepted: string }[] }).rows.find((r) => r.packageId === 'PURL-NLD-1');
    expect(nl((await get('/api/reports/pipeline')).text)?.accepted).toBe(nl((await get('/api/reports/pipeline', server.cookies.coordinator)).text)?.accepted);
  });

  it("the public's flows credit no goods that are not public yet", async () => {
    type Flows = { rows: { source: string; target: string; paid: string; delivered: string }[] };
    const canadian = (text: string) => (JSON.parse(text) as Flows).rows.filter((link) => link.source === 'package:PURL-CAN-1' || link.target === 'package:PURL-CAN-1');
    const full = canadian((await get('/api/reports/flows', server.cookies.coordinator)).text);
    const pub = canadian((await get('/api/reports/flows')).text);
    // Handed over six days ago: the cell sees the accepted goods, the public not yet.
    expect(full.some((link) => /^[1-9]\d*\.\d{2}$/.test(link.delivered))).toBe(true);
    expect(pub.length).toBeGreaterThan(0);
    for (const link of pub) expect(link.delivered, `${link.source} → ${link.target}`).toBe('0.00');
    // The money paid is public as soon as it moves.
    const paidIn = (links: Flows['rows']) => links.filter((link) => link.source === 'donor:CAN').map((link) => link.paid);
    expect(paidIn(pub)).toEqual(paidIn(full));
    // And the overview's totals are the public pipeline's.
    const overview = JSON.parse((await get('/api/reports/overview')).text) as { totals: { accepted: string } };
    const pipeline = JSON.parse((await get('/api/reports/pipeline')).text) as { totals: { accepted: string } };
    expect(overview.totals.accepted).toBe(pipeline.totals.accepted);
  });

  it("the public's reconciliation counts no goods that are not public yet and gives no reasons for rejections", async () => {
    type Reconciliation = {
      rows: { level: string; id: string; disbursed: string; accepted: string; traced: string; untraced: string }[];
      quantities: { packageId: string; lines: { notReceived: number; reasons: string[] }[] }[];
      merges: { merged: number };
    };
    const full = JSON.parse((await get('/api/reports/reconciliation', server.cookies.coordinator)).text) as Reconciliation;
    const pub = JSON.parse((await get('/api/reports/reconciliation')).text) as Reconciliation;
    const canadian = (report: Reconciliation) => report.rows.find((row) => row.level === 'package' && row.id === 'PURL-CAN-1');
    // Handed over six days ago: the cell sees the goods and the money they trace, the public not yet.
    expect(canadian(full)?.accepted).toMatch(/^[1-9]\d*\.\d{2}$/);
    expect(canadian(pub)?.accepted).toBe('0.00');
    expect(canadian(pub)?.traced).toBe('0.00');
    expect(canadian(pub)?.disbursed).toBe(canadian(full)?.disbursed);
    // The cell sees why goods were rejected; the public gets no free text about them.
    expect(full.quantities.some((gap) => gap.lines.some((line) => line.reasons.length > 0))).toBe(true);
    for (const gap of pub.quantities) for (const line of gap.lines) expect(line.reasons).toEqual([]);
    // S-NORDIC-3 is in transit: its goods are not received for the cell, and not the public's to count.
    const inTransit = (report: Reconciliation) => report.quantities.flatMap((gap) => gap.lines).reduce((sum, line) => sum + line.notReceived, 0);
    expect(inTransit(full)).toBeGreaterThan(0);
    expect(inTransit(pub)).toBe(0);
    // The CSV download carries the donor and package rows under a header.
    const csv = (await get('/api/reports/reconciliation?format=csv')).text.split('\r\n');
    expect(csv[0]?.split(',').slice(0, 6)).toEqual(['level', 'id', 'name', 'pledged', 'committed', 'disbursed']);
    expect(csv.filter((line) => line.startsWith('donor,')).length).toBe(pub.rows.filter((row) => row.level === 'donor').length);
    expect(csv.filter((line) => line.startsWith('package,')).length).toBe(pub.rows.filter((row) => row.level === 'package').length);
  });

  it('the public may not read shipments, contracts, receipts, contributions or the log at all', async () => {
    for (const list of ['shipments', 'contracts', 'receipts', 'contributions', 'transfers', 'accounts', 'requirements', 'events', 'history/PURL-NLD-1']) {
      expect((await get(`/api/${list}`)).status, list).toBe(401);
    }
  });

  it('a package listed for the public leaves its sensitive lines out; the cell sees them', async () => {
    const lines = async (cookie?: string) =>
      (JSON.parse((await get('/api/packages/PURL-NLD-1', cookie)).text) as { lines: { lineId: string; sensitive: boolean }[] }).lines;
    const cell = await lines(server.cookies.coordinator);
    const pub = await lines();
    expect(cell.some((line) => line.sensitive)).toBe(true);
    expect(pub.map((line) => line.lineId)).toEqual(cell.filter((line) => !line.sensitive).map((line) => line.lineId));
  });
});
