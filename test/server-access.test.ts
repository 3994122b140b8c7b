import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * Who may do what, over real HTTP on the demo ledger: every route × every role, including the
 * anonymous public and a revoked token, against an allowed set written out here by hand.
 */

const roles = ['anonymous', 'revoked', 'admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] as const;
type Role = (typeof roles)[number];
const everyone: readonly Role[] = ['anonymous', 'admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'];
const accounts: readonly Role[] = ['admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'];

interface Case {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly allowed: readonly Role[];
  readonly body?: (role: Role) => unknown;
}

const eur = (amount: string) => ({ amount, currency: 'EUR' });

const writes: readonly Case[] = [
  { method: 'POST', path: '/api/parties', allowed: ['admin'], body: () => ({ partyId: 'POL', name: 'Poland', kind: 'state', roles: ['donor'], country: 'POL' }) },
  { method: 'POST', path: '/api/parties/UKR/roles', allowed: ['admin'], body: () => ({ role: 'producer' }) },
  {
    method: 'POST', path: '/api/requirements', allowed: ['admin', 'recipient'],
    body: () => ({ requirementId: 'REQ-T-1', recipientId: 'UKR', category: 'air_defence', description: 'more', quantity: 1, unit: 'set', priority: 90, neededBy: '2027-01-01' }),
  },
  {
    method: 'POST', path: '/api/packages', allowed: ['admin', 'coordinator'],
    body: () => ({
      packageId: 'PK-T', title: 'test', recipientId: 'UKR', coordinatorId: 'NATO', currency: 'EUR', proposedAt: '2026-03-01',
      lines: [{ lineId: 'L-1', item: 'x', category: 'air_defence', quantity: 1, unitValue: '100.00' }],
    }),
  },
  { method: 'POST', path: '/api/packages/PK-T/approve', allowed: ['admin', 'coordinator'], body: () => ({ at: '2026-03-02' }) },
  { method: 'POST', path: '/api/packages/PK-T/close', allowed: ['admin', 'coordinator'], body: () => ({ at: '2026-03-02' }) },
  { method: 'POST', path: '/api/packages/PK-T/cancel', allowed: ['admin', 'coordinator'], body: () => ({ at: '2026-03-02', reason: 'test' }) },
  {
    method: 'POST', path: '/api/contributions', allowed: ['admin', 'donor'],
    body: () => ({ contributionId: 'CON-T', donorId: 'NLD', kind: 'money', stage: 'announced', value: eur('1.00'), at: '2026-03-01', category: 'air_defence', description: 't' }),
  },
  { method: 'POST', path: '/api/contributions/CON-NLD-1/stage', allowed: ['admin', 'donor'], body: () => ({ stage: 'committed', at: '2026-03-01' }) },
  {
    method: 'POST', path: '/api/transfers', allowed: ['admin', 'donor'],
    body: () => ({ fromAccount: 'donor:NLD', toAccount: 'package:PK-T', amount: eur('1.00'), valueDate: '2026-03-01' }),
  },
  {
    method: 'POST', path: '/api/conversions', allowed: ['admin', 'coordinator'],
    body: () => ({ accountId: 'package:PK-T', sold: eur('1.00'), bought: { amount: '1.10', currency: 'USD' }, valueDate: '2026-03-01' }),
  },
  {
    method: 'POST', path: '/api/contracts', allowed: ['admin', 'coordinator'],
    body: () => ({ contractId: 'C-T', packageId: 'PK-T', producerId: 'USA', currency: 'EUR', signedOn: '2026-03-02', deliveryDue: '2026-06-01', lines: [] }),
  },
  {
    method: 'POST', path: '/api/shipments', allowed: ['admin', 'coordinator', 'producer'],
    body: () => ({ shipmentId: 'S-T', contractId: 'C-NORDIC-1', dispatchedAt: '2026-03-03', expectedBy: '2026-04-01', lines: [{ contractLineId: 'CL-1', quantity: 1 }] }),
  },
  { method: 'POST', path: '/api/shipments/S-NORDIC-3/milestones', allowed: ['admin', 'coordinator', 'producer'], body: () => ({ kind: 'at_hub', at: '2026-03-03' }) },
  {
    method: 'POST', path: '/api/receipts', allowed: ['admin', 'recipient'],
    body: () => ({ receiptId: 'R-T', shipmentId: 'S-NORDIC-3', receivedAt: '2026-03-04', lines: [{ contractLineId: 'CL-1', accepted: 1, rejected: 0 }] }),
  },
  { method: 'POST', path: '/api/spending', allowed: ['admin', 'donor'], body: () => ({ country: 'NLD', year: 2026, spending: eur('1.00'), gdp: eur('100.00') }) },
  { method: 'POST', path: '/api/fx-rates', allowed: ['admin', 'coordinator'], body: () => ({ date: '2026-03-01', base: 'EUR', quote: 'NOK', rate: '11.5' }) },
  { method: 'POST', path: '/api/spending/shares', allowed: ['admin', 'donor'], body: () => ({ country: 'NLD', year: 2026, percentOfGdp: '2.10' }) },
  {
    method: 'POST', path: '/api/sources', allowed: ['admin', 'coordinator'],
    body: () => ({ recordKind: 'party', recordId: 'NLD', provenance: { dataset: 'NATO press release', file: 'nato.html', locator: 'paragraph 3' } }),
  },
  {
    method: 'POST', path: '/api/source-documents', allowed: ['admin', 'coordinator'],
    body: () => ({ sourceId: 'SRC-T', kind: 'news-article', publisher: 'Example Daily', title: 'Test article', publishedOn: '2026-03-01', locator: 'https://example.org/t' }),
  },
  {
    method: 'POST', path: '/api/evidence', allowed: ['admin', 'coordinator'],
    body: () => ({ recordKind: 'package', recordId: 'PURL-NLD-1', sourceId: 'SRC-T', excerpt: 'The package was approved, the minister said.', sourceType: 'person', speaker: 'Jane Doe' }),
  },
  {
    method: 'POST', path: '/api/imports/json?name=matrix.jsonl', allowed: ['admin', 'coordinator'],
    body: (role) => ({ id: `import-${role}`, type: 'RecordFxRate', date: '2026-03-03', base: 'EUR', quote: 'PLN', rate: '4.2' }),
  },
  {
    method: 'POST', path: '/api/commands', allowed: ['admin', 'coordinator'],
    body: (role) => ({ commands: [{ id: `batch-${role}`, type: 'RecordFxRate', date: '2026-03-02', base: 'EUR', quote: 'SEK', rate: '11.2' }] }),
  },
];

const reads: readonly Case[] = [
  { method: 'GET', path: '/api/session', allowed: everyone },
  { method: 'GET', path: '/api/parties', allowed: everyone },
  { method: 'GET', path: '/api/parties/NLD', allowed: everyone },
  { method: 'GET', path: '/api/packages', allowed: everyone },
  { method: 'GET', path: '/api/packages/PURL-NLD-1', allowed: everyone },
  { method: 'GET', path: '/api/spending', allowed: everyone },
  { method: 'GET', path: '/api/fx-rates', allowed: everyone },
  { method: 'GET', path: '/api/requirements', allowed: ['admin', 'coordinator', 'donor', 'recipient', 'auditor'] },
  { method: 'GET', path: '/api/requirements/REQ-UKR-01', allowed: ['admin', 'coordinator', 'donor', 'recipient', 'auditor'] },
  { method: 'GET', path: '/api/contributions', allowed: ['admin', 'coordinator', 'donor', 'recipient', 'auditor'] },
  { method: 'GET', path: '/api/contributions/CON-NLD-1', allowed: ['admin', 'coordinator', 'donor', 'recipient', 'auditor'] },
  { method: 'GET', path: '/api/transfers', allowed: ['admin', 'coordinator', 'donor', 'producer', 'auditor'] },
  { method: 'GET', path: '/api/accounts', allowed: ['admin', 'coordinator', 'donor', 'producer', 'auditor'] },
  { method: 'GET', path: '/api/contracts', allowed: accounts },
  { method: 'GET', path: '/api/contracts/C-NLD-1', allowed: accounts },
  { method: 'GET', path: '/api/shipments', allowed: accounts },
  { method: 'GET', path: '/api/shipments/S-NLD-1', allowed: accounts },
  { method: 'GET', path: '/api/receipts', allowed: accounts },
  { method: 'GET', path: '/api/events', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/source-documents', allowed: everyone },
  { method: 'GET', path: '/api/source-documents/SRC-NLD-STATEMENT', allowed: everyone },
  { method: 'GET', path: '/api/evidence?recordKind=package&recordId=PURL-NLD-1', allowed: everyone },
  { method: 'GET', path: '/api/evidence?recordKind=contribution&recordId=CON-NLD-1', allowed: ['admin', 'coordinator', 'donor', 'recipient', 'auditor'] },
  { method: 'GET', path: '/api/evidence?recordKind=shipment&recordId=S-NORDIC-2', allowed: accounts },
  { method: 'GET', path: '/api/exports/json', allowed: ['admin', 'coordinator', 'auditor'] },
  { method: 'GET', path: '/api/exports/csv?table=contribution', allowed: ['admin', 'coordinator', 'auditor'] },
  { method: 'GET', path: '/api/reports', allowed: everyone },
  { method: 'GET', path: '/api/reports/pipeline', allowed: everyone },
  { method: 'GET', path: '/api/reports/donor', allowed: everyone },
  { method: 'GET', path: '/api/reports/spending', allowed: everyone },
  { method: 'GET', path: '/api/reports/requirements', allowed: ['admin', 'coordinator', 'donor', 'recipient', 'auditor'] },
  { method: 'GET', path: '/api/reports/exceptions', allowed: ['admin', 'coordinator', 'auditor'] },
  { method: 'GET', path: '/api/reports/pipeline?format=csv', allowed: everyone },
  { method: 'GET', path: '/api/reports/overview', allowed: ['anonymous', 'admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] },
  { method: 'GET', path: '/api/reports/flows', allowed: ['anonymous', 'admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] },
  { method: 'GET', path: '/api/reports/flows?format=csv', allowed: ['anonymous', 'admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] },
  { method: 'GET', path: '/api/verify', allowed: ['anonymous', 'admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] },
  { method: 'GET', path: '/api/history/PURL-NLD-1', allowed: ['admin', 'coordinator', 'auditor'] },
  { method: 'GET', path: '/api/history/NO-SUCH-RECORD', allowed: ['admin', 'coordinator', 'auditor'] },
];

let server: DemoServer;
let revokedToken = '';

beforeAll(async () => {
  server = await startDemoServer();
  const issued = await server.access.createToken('admin', 'to be revoked', 30);
  await server.access.revokeToken(issued.record.tokenId);
  revokedToken = issued.token;
});
afterAll(async () => server.close());

function headers(role: Role): Record<string, string> {
  if (role === 'anonymous') return {};
  if (role === 'revoked') return { authorization: `Bearer ${revokedToken}` };
  return { cookie: server.cookies[role] as string };
}

async function call(role: Role, test: Case): Promise<{ status: number; body: string }> {
  const body = test.body?.(role);
  const response = await fetch(`${server.url}${test.path}`, {
    method: test.method,
    headers: {
      ...headers(role),
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': `matrix-${role}-${test.path.replaceAll('/', '.')}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.text() };
}

describe('authorization matrix', () => {
  // Writes first, in order: later rows refer to what earlier rows created.
  it.each([...writes, ...reads].map((test) => [`${test.method} ${test.path}`, test] as const))('%s', async (_name, test) => {
    const allowedNow: Role[] = [];
    for (const role of roles) {
      const { status, body } = await call(role, test);
      if (status === 401 || status === 403) {
        expect(JSON.parse(body)).toMatchObject({ status, code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN' });
        // The public and dead credentials are told to sign in; signed-in accounts are told no.
        expect(status, `${role} ${body}`).toBe(role === 'anonymous' || role === 'revoked' ? 401 : 403);
      } else {
        expect(status, `${role}: ${body}`).toBeLessThan(500);
        allowedNow.push(role);
      }
      if (test.method === 'GET' && status === 200) expect(body.length).toBeGreaterThan(0);
    }
    expect(allowedNow.sort()).toEqual([...test.allowed].sort());
  });
});

describe('scoping to a party', () => {
  const list = async (role: Role, path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: headers(role) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Record<string, unknown>[] }).items;
  };

  it('a donor lists only its own contributions and transfers', async () => {
    const contributions = await list('donor', '/api/contributions?limit=1000');
    expect(contributions.length).toBeGreaterThan(0);
    expect(new Set(contributions.map((row) => row.donorId))).toEqual(new Set(['NLD']));
    const transfers = await list('donor', '/api/transfers?limit=1000');
    expect(transfers.length).toBeGreaterThan(0);
    for (const row of transfers) expect([row.fromAccount, row.toAccount]).toContain('donor:NLD');
    const all = await list('admin', '/api/contributions?limit=1000');
    expect(all.length).toBeGreaterThan(contributions.length);
  });

  it('a producer lists only its own contracts', async () => {
    const contracts = await list('producer', '/api/contracts');
    expect(contracts.length).toBeGreaterThan(0);
    expect(new Set(contracts.map((row) => row.producerId))).toEqual(new Set(['USA']));
  });

  it("a producer may not dispatch against another producer's contract", async () => {
    const response = await fetch(`${server.url}/api/shipments`, {
      method: 'POST',
      headers: { ...headers('producer'), 'content-type': 'application/json' },
      body: JSON.stringify({ shipmentId: 'S-X', contractId: 'C-NORDIC-2', dispatchedAt: '2026-03-03', expectedBy: '2026-04-01', lines: [{ contractLineId: 'CL-1', quantity: 1 }] }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN', path: 'contractId' });
  });

  it('an auditor sees an in-transit shipment without route, dates or quantities; the coordinator sees them', async () => {
    const auditorView = (await list('auditor', '/api/shipments')).find((row) => row.id === 'S-NORDIC-3');
    expect(auditorView).toEqual({ id: 'S-NORDIC-3', contractId: 'C-NORDIC-1', packageId: 'PURL-NORDIC-1', stage: expect.any(String), withheld: true });
    const coordinatorView = (await list('coordinator', '/api/shipments')).find((row) => row.id === 'S-NORDIC-3');
    expect(coordinatorView).toMatchObject({ dispatchedAt: '2026-03-02', route: expect.any(String), lines: expect.any(Array) });
  });

  it('evidence follows its record: levels on list rows, excerpts for those who read the record, counted but withheld for others', async () => {
    const packages = await list('anonymous', '/api/packages');
    const level = (id: string) => (packages.find((row) => row.id === id)?.confirmation as { level: string } | undefined)?.level;
    expect([level('PURL-NLD-1'), level('PURL-NORDIC-1'), level('PURL-DEU-1'), level('PURL-ILL-5')]).toEqual(['confirmed', 'on-record', 'reported', 'unverified']);
    const deu = (await list('coordinator', '/api/contributions')).find((row) => row.id === 'CON-DEU-1');
    expect(deu?.confirmation).toEqual({ level: 'reported', evidence: 2, stories: 1 });
    // A donor reads the evidence of its own contribution, and not of another donor's.
    const own = await fetch(`${server.url}/api/evidence?recordKind=contribution&recordId=CON-NLD-1`, { headers: headers('donor') });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ level: 'confirmed', evidence: 1, items: [{ sourceType: 'organisation', level: 'confirmed', source: { id: 'SRC-NLD-STATEMENT' } }] });
    const other = await fetch(`${server.url}/api/evidence?recordKind=contribution&recordId=CON-DEU-1`, { headers: headers('donor') });
    expect(other.status).toBe(404);
    // The public: a source that backs only a shipment is not listed; of a listed source, the contribution's excerpt is withheld.
    const sources = (await (await fetch(`${server.url}/api/source-documents`)).json()) as { items: { id: string }[] };
    expect(sources.items.map((row) => row.id)).toContain('SRC-NLD-STATEMENT');
    expect(sources.items.map((row) => row.id)).not.toContain('SRC-WIRE-ROCKETS');
    expect((await fetch(`${server.url}/api/source-documents/SRC-WIRE-ROCKETS`)).status).toBe(404);
    const statement = (await (await fetch(`${server.url}/api/source-documents/SRC-NLD-STATEMENT`)).json()) as { evidence: { recordKind: string }[]; withheld: number };
    expect(statement.evidence.map((row) => row.recordKind)).toEqual(['package']);
    expect(statement.withheld).toBe(1);
  });

  it("a record its own party entered is confirmed; the same record entered by an admin is not", async () => {
    const post = (role: Role, contributionId: string) =>
      fetch(`${server.url}/api/contributions`, {
        method: 'POST',
        headers: { ...headers(role), 'content-type': 'application/json' },
        body: JSON.stringify({ contributionId, donorId: 'NLD', kind: 'money', stage: 'announced', value: eur('5.00'), at: '2026-03-01', category: 'air_defence', description: 'own entry test' }),
      });
    expect((await post('donor', 'CON-OWN-DONOR')).status).toBe(201);
    expect((await post('admin', 'CON-OWN-ADMIN')).status).toBe(201);
    const rows = await list('auditor', '/api/contributions?limit=1000');
    expect(rows.find((row) => row.id === 'CON-OWN-DONOR')?.confirmation).toEqual({ level: 'confirmed', evidence: 0, stories: 0 });
    expect(rows.find((row) => row.id === 'CON-OWN-ADMIN')?.confirmation).toEqual({ level: 'unverified', evidence: 0, stories: 0 });
    const detail = await fetch(`${server.url}/api/evidence?recordKind=contribution&recordId=CON-OWN-DONOR`, { headers: headers('donor') });
    expect(await detail.json()).toMatchObject({ level: 'confirmed', ownEntry: true, items: [] });
  });

  it('every write records the account that made it in the log', async () => {
    const response = await fetch(`${server.url}/api/events?after=0&limit=1000`, { headers: headers('auditor') });
    const { items } = (await response.json()) as { items: { actor: string; type: string; commandId: string }[] };
    const written = items.filter((row) => row.commandId.startsWith('matrix-'));
    expect(written.length).toBeGreaterThan(0);
    for (const row of written) expect(row.actor).toMatch(/^user:(admin|nato-cell|nl-mod|ua-logistics|us-dsca)$/);
    expect(written.find((row) => row.type === 'ContributionRecorded')?.actor).toBe('user:admin');
  });
});
