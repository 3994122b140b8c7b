import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommands } from '../src/demo/purl.js';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * Evidence about transfers and about the stages of a contribution, over real HTTP on the demo:
 * the Dutch payment into package 1 carries the fund administrator's acknowledgement; Norway's
 * commitment is quoted from its minister, its payment only from unnamed officials.
 */

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

const nldPayment = String(demoCommands().find((command) => command.type === 'RecordTransfer' && command.fromAccount === 'donor:NLD')?.id);

async function get(role: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: server.cookies[role] as string } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function commands(role: string, list: readonly Record<string, unknown>[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/api/commands`, {
    method: 'POST',
    headers: { cookie: server.cookies[role] as string, 'content-type': 'application/json' },
    body: JSON.stringify({ commands: list }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const linkTo = (id: string, recordKind: string, recordId: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'LinkEvidence',
  recordKind,
  recordId,
  sourceId: 'SRC-PURL-FUND-NLD',
  excerpt: `Evidence ${id}`,
  sourceType: 'organisation',
  speaker: 'PURL fund administrator',
  ...extra,
});

describe('evidence for a transfer', () => {
  it('shows the evidence of a transfer and counts it in the transfer list row', async () => {
    const evidence = await get('coordinator', `/api/evidence?recordKind=transfer&recordId=${encodeURIComponent(nldPayment)}`);
    expect(evidence.status).toBe(200);
    expect(evidence.body).toMatchObject({ recordKind: 'transfer', recordId: nldPayment, level: 'confirmed', evidence: 1, items: [{ source: { id: 'SRC-PURL-FUND-NLD' }, level: 'confirmed' }] });
    const rows = (await get('coordinator', '/api/transfers?limit=1000')).body.items as Record<string, unknown>[];
    expect(rows.find((row) => row.transferId === nldPayment)?.confirmation).toEqual({ level: 'confirmed', evidence: 1, stories: 0 });
    // A donor reads the evidence of its own payment, not of another donor's.
    expect((await get('donor', `/api/evidence?recordKind=transfer&recordId=${encodeURIComponent(nldPayment)}`)).status).toBe(200);
    const dnk = String(demoCommands().find((command) => command.type === 'RecordTransfer' && command.fromAccount === 'donor:DNK')?.id);
    expect((await get('donor', `/api/evidence?recordKind=transfer&recordId=${encodeURIComponent(dnk)}`)).status).toBe(404);
  });

  it('links evidence to a transfer through the API, and refuses one that does not exist, naming it', async () => {
    const linked = await commands('coordinator', [linkTo('ev-http-1', 'transfer', nldPayment, { excerpt: 'A second acknowledgement.' })]);
    expect(linked.status).toBe(201);
    const rows = (await get('coordinator', '/api/transfers?limit=1000')).body.items as Record<string, unknown>[];
    expect(rows.find((row) => row.transferId === nldPayment)?.confirmation).toMatchObject({ evidence: 2 });
    const missing = await commands('coordinator', [linkTo('ev-http-2', 'transfer', 'no-such-transfer')]);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', path: 'recordId', detail: expect.stringContaining('"no-such-transfer"') });
  });
});

describe('evidence for a stage of a contribution', () => {
  it('judges a contribution by its stage now, and tells the level of each stage with its own evidence', async () => {
    const { status, body } = await get('coordinator', '/api/evidence?recordKind=contribution&recordId=CON-NOR-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ level: 'reported', evidence: 1 });
    const items = body.items as { id: string; claim: string }[];
    const idOf = (claim: string) => items.find((item) => item.claim === claim)?.id;
    expect(body.stages).toEqual([
      { stage: 'announced', reached: true, current: false, level: 'unverified', evidence: 0, stories: 0, evidenceIds: [] },
      { stage: 'committed', reached: true, current: false, level: 'on-record', evidence: 1, stories: 1, evidenceIds: [idOf('stage:committed')] },
      { stage: 'disbursed', reached: true, current: true, level: 'reported', evidence: 1, stories: 1, evidenceIds: [idOf('stage:disbursed')] },
    ]);
    const rows = (await get('coordinator', '/api/contributions?limit=1000')).body.items as Record<string, unknown>[];
    expect(rows.find((row) => row.id === 'CON-NOR-1')?.confirmation).toEqual({ level: 'reported', evidence: 1, stories: 1 });
    // Records of other kinds carry no stages.
    expect((await get('coordinator', '/api/evidence?recordKind=package&recordId=PURL-NLD-1')).body.stages).toBeUndefined();
  });

  it("refuses a stage that is not the contribution kind's, naming the claim", async () => {
    const wrong = await commands('coordinator', [linkTo('ev-http-3', 'contribution', 'CON-NOR-1', { claim: 'stage:delivered' })]);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'VALIDATION_FAILED', path: 'claim' });
    const unknown = await commands('coordinator', [linkTo('ev-http-4', 'contribution', 'CON-NOR-1', { claim: 'stage:paid' })]);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', path: 'commands[0].claim' });
  });
});
