import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../application/ledger.js';
import { Ledger } from '../application/ledger.js';
import { loadReportData, reports } from '../application/reports/index.js';
import { parseCommand } from '../contract/commands.js';
import { percent } from '../domain/money.js';
import type { Row } from '../projections/memory.js';
import { SqliteStore } from '../storage/sqlite/store.js';
import { demoCommands, demoDescription } from './purl.js';

const now = '2026-06-30T12:00:00.000Z';
const today = now.slice(0, 10);
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-demo-'));
let store: SqliteStore;
let results: readonly CommandResult[];

beforeAll(async () => {
  store = SqliteStore.open(join(dir, 'purl.db'));
  const ledger = await Ledger.open(store, { now: () => now });
  results = await ledger.execute(demoCommands().map((command) => parseCommand(command)), { continueOnError: true });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const table = (name: Parameters<SqliteStore['readTable']>[0]) => store.readTable(name);
const byId = (rows: readonly Row[], id: string) => rows.find((row) => row.id === id);

describe('PURL demo', () => {
  it('has stable, sequential ids and is the same on every call', () => {
    const commands = demoCommands();
    expect(commands.length).toBeGreaterThan(100);
    commands.forEach((command, index) => expect(command.id).toBe(`demo-${String(index + 1).padStart(4, '0')}`));
    expect(demoCommands()).toEqual(commands);
  });

  it('says what is public and what is illustrative', () => {
    expect(demoDescription).toMatch(/Public facts/);
    expect(demoDescription).toMatch(/Illustrative/);
    expect(demoDescription).toMatch(/approximate/);
  });

  it('dates nothing that happened after the reference day', () => {
    for (const command of demoCommands()) {
      for (const field of ['at', 'valueDate', 'signedOn', 'dispatchedAt', 'receivedAt', 'proposedAt', 'date']) {
        const value = command[field];
        if (typeof value === 'string') expect(value <= today, `${String(command.id)} ${field} ${value}`).toBe(true);
      }
    }
  });

  it('applies every command', () => {
    const rejected = results.filter((result) => result.status !== 'applied');
    expect(rejected).toEqual([]);
    expect(results).toHaveLength(demoCommands().length);
  });

  it('has a receipt line with rejected goods and a reason', async () => {
    const lines = await table('receiptLine');
    const rejected = lines.filter((line) => (line.rejected as number) > 0);
    expect(rejected.length).toBeGreaterThan(0);
    for (const line of rejected) expect(line.reason).toEqual(expect.any(String));
  });

  it('has a shipment dispatched, overdue and never handed over', async () => {
    const overdue = (await table('shipment')).filter(
      (shipment) => shipment.stage === 'dispatched' && (shipment.expectedBy as string) < today && shipment.handedOverAt === null,
    );
    expect(overdue.map((shipment) => shipment.id)).toContain('S-NORDIC-3');
  });

  it('walks packages through their stages: one closed after full delivery, one awaiting funding', async () => {
    const packages = await table('package');
    expect(byId(packages, 'PURL-NLD-1')?.stage).toBe('closed');
    expect(byId(packages, 'PURL-NORDIC-1')?.stage).toBe('delivering');
    expect(byId(packages, 'PURL-DEU-1')?.stage).toBe('contracted');
    expect(byId(packages, 'PURL-CAN-1')?.stage).toBe('delivering');
    const gap = byId(packages, 'PURL-ILL-5');
    expect(gap?.stage).toBe('approved');
    expect((gap?.fundedMinor as bigint) < (gap?.valueMinor as bigint)).toBe(true);
    const changes = (await table('stageChange')).filter((change) => change.entityId === 'PURL-NLD-1').map((change) => change.toStage);
    expect(changes).toEqual(['approved', 'funded', 'contracted', 'delivering', 'delivered', 'closed']);
  });

  it('has money paid on a contract whose delivery date passed without accepted goods', async () => {
    const contract = byId(await table('contract'), 'C-DEU-1');
    expect(contract?.deliveryDue as string < today).toBe(true);
    expect((contract?.paidMinor as bigint) > 0n).toBe(true);
    const lines = (await table('contractLine')).filter((line) => line.contractId === 'C-DEU-1');
    expect(lines.every((line) => line.acceptedQuantity === 0)).toBe(true);
  });

  it('records contributions across stages, including a commitment revised down with a reason', async () => {
    const contributions = await table('contribution');
    const stageOf = (id: string) => byId(contributions, id)?.stage;
    expect(stageOf('CON-NLD-1')).toBe('disbursed');
    expect(stageOf('CON-SWE-1')).toBe('disbursed');
    expect(stageOf('CON-CAN-1')).toBe('disbursed');
    expect(stageOf('CON-DNK-2')).toBe('committed');
    expect(stageOf('CON-SWE-2')).toBe('announced');
    expect(stageOf('CON-DNK-IK-1')).toBe('delivered');
    const backwards = (await table('stageChange')).filter((change) => change.entityKind === 'contribution' && change.backwards === 1);
    expect(backwards.map((change) => change.entityId)).toContain('CON-NOR-2');
    expect(backwards.every((change) => typeof change.reason === 'string')).toBe(true);
    const inKind = contributions.filter((c) => c.kind === 'in_kind');
    expect(new Set(inKind.map((c) => c.valuationMethod))).toEqual(new Set(['stated', 'price_list']));
    const capabilities = contributions.filter((c) => c.kind === 'capability');
    expect(capabilities.length).toBeGreaterThanOrEqual(3);
    for (const c of capabilities) {
      expect(c.coalition).toMatch(/Coalition of the Willing/);
      expect(c.quantity).toBeGreaterThan(0);
      expect(c.unit).toEqual(expect.any(String));
    }
  });

  it('keeps double entry: balances sum to zero in every currency, and no package or contract is overdrawn', async () => {
    const accounts = await table('account');
    const sums = new Map<string, bigint>();
    for (const account of accounts) sums.set(account.currency as string, (sums.get(account.currency as string) ?? 0n) + (account.balanceMinor as bigint));
    expect([...sums.keys()].sort()).toEqual(['CAD', 'EUR', 'USD']);
    for (const sum of sums.values()) expect(sum).toBe(0n);
    for (const account of accounts) if (account.kind === 'package') expect(account.balanceMinor as bigint >= 0n).toBe(true);
    const conversions = (await table('transfer')).filter((transfer) => transfer.fromAccount === 'fx:clearing' || transfer.toAccount === 'fx:clearing');
    expect(conversions).toHaveLength(4);
  });

  it('records defence spending close to the NATO estimates', async () => {
    const spending = await table('spending');
    expect(spending).toHaveLength(27);
    const share = (country: string, year: number) => {
      const row = spending.find((r) => r.country === country && r.year === year);
      return Number(percent(row?.spendingMinor as bigint, row?.gdpMinor as bigint));
    };
    const expected: [string, number][] = [['POL', 4.1], ['EST', 3.4], ['USA', 3.4], ['DEU', 2.1], ['NLD', 2.0], ['ESP', 1.3], ['DNK', 2.4], ['NOR', 2.2], ['SWE', 2.1]];
    for (const [country, value] of expected) expect(Math.abs(share(country, 2024) - value), country).toBeLessThan(0.06);
    for (const row of spending) expect(row.source).toBe('NATO defence expenditure estimates (approximate)');
  });

  it('runs every report in EUR and USD, and the exceptions report finds what the demo planted', async () => {
    const data = await loadReportData(store);
    for (const currency of ['EUR', 'USD']) {
      for (const run of Object.values(reports)) expect(() => run(data, { currency, asOf: today })).not.toThrow();
    }
    const exceptions = reports.exceptions(data, { currency: 'EUR', asOf: today });
    expect(exceptions.counts.unmatched_payment).toBeGreaterThan(0);
    expect(exceptions.counts.overdue_shipment).toBeGreaterThan(0);
    expect(exceptions.counts.rejected_quantity).toBeGreaterThan(0);
    expect(exceptions.counts.stage_backwards).toBeGreaterThan(0);
    expect(exceptions.rows.some((row) => row.subject === 'contract C-DEU-1')).toBe(true);
  });
});
