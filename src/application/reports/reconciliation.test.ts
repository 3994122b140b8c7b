import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../contract/commands.js';
import { demoCommands } from '../../demo/purl.js';
import { percent } from '../../domain/money.js';
import type { ProvenanceRow } from '../../domain/provenance.js';
import type { Contract, ContractLine, Contribution, Package, Party } from '../../domain/state.js';
import { reportDataFor } from '../../server/views.js';
import { PgStore } from '../../storage/postgres/store.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { Ledger } from '../ledger.js';
import type { LedgerStore, TransferTotal } from '../ports.js';
import { SnapshotCache } from '../queries.js';
import { loadReportData, type ReportData } from './data.js';
import { donorReport } from './donor.js';
import { pipelineReport } from './pipeline.js';
import { ageBucketOf, ageBuckets, ageFifo, reconciliationReport, type ReconciliationAmounts, type ReconciliationReport } from './reconciliation.js';
import { sumBy } from './util.js';
import { testDatabase } from '../../../test/support/postgres.js';
import { demoAudiences, demoSnapshot, demoViewSettings as settings } from '../../../test/support/snapshot.js';

const snapshot = await demoSnapshot();

const bucketSum = (row: ReconciliationAmounts) => sumBy(ageBuckets, (bucket) => row[bucket.key]);
const sumFields: readonly (keyof ReconciliationAmounts & `${string}Minor`)[] = [
  'disbursedMinor',
  'contractedMinor',
  'shippedMinor',
  'acceptedMinor',
  'tracedMinor',
  'untracedMinor',
  ...ageBuckets.map((bucket) => bucket.key),
];

/** The invariants every reconciliation keeps, whatever the data. */
function checkInvariants(report: ReconciliationReport): void {
  const donors = report.rows.filter((row) => row.level === 'donor');
  const packages = report.rows.filter((row) => row.level === 'package');
  const all: [string, ReconciliationAmounts][] = [...report.rows.map((row): [string, ReconciliationAmounts] => [`${row.level} ${row.id}`, row]), ['totals', report.totals]];
  for (const [name, row] of all) {
    expect(row.tracedMinor, name).toBeGreaterThanOrEqual(0n);
    expect(row.tracedMinor, name).toBeLessThanOrEqual(row.disbursedMinor);
    expect(row.tracedMinor, name).toBeLessThanOrEqual(row.acceptedMinor);
    expect(row.untracedMinor, name).toBe(row.disbursedMinor - row.tracedMinor);
    expect(bucketSum(row), name).toBe(row.untracedMinor);
    for (const bucket of ageBuckets) expect(row[bucket.key], `${name} ${bucket.label}`).toBeGreaterThanOrEqual(0n);
    expect(row.tracedPercent, name).toBe(row.disbursedMinor > 0n ? percent(row.tracedMinor, row.disbursedMinor) : null);
    expect(row.committedMinor, name).toBeLessThanOrEqual(row.pledgedMinor);
  }
  // Packages add up to the totals; so do donors, for the money and for packages that donor money reached.
  for (const field of sumFields) expect(sumBy(packages, (row) => row[field]), field).toBe(report.totals[field]);
  const reached = packages.filter((row) => row.disbursedMinor > 0n);
  for (const field of sumFields) expect(sumBy(donors, (row) => row[field]), `donors' ${field}`).toBe(sumBy(reached, (row) => row[field]));
  expect(sumBy(donors, (row) => row.pledgedMinor)).toBe(report.totals.pledgedMinor);
  expect(sumBy(donors, (row) => row.committedMinor)).toBe(report.totals.committedMinor);
  expect(report.aging.map((bucket) => bucket.untracedMinor)).toEqual(ageBuckets.map((bucket) => report.totals[bucket.key]));
}

describe.each(demoAudiences(snapshot))('reconciliation over the demo ledger (%s)', (_name, data, currency) => {
  const options = { currency, asOf: '2026-03-05' };
  const report = reconciliationReport(data, options);
  const pipeline = pipelineReport(data, options);
  const donors = donorReport(data, options);

  it('adds up: stages, traced and untraced money, age buckets, donors and packages', () => {
    checkInvariants(report);
    expect(report.totals.disbursedMinor).toBeGreaterThan(0n);
    expect(report.totals.tracedMinor).toBeGreaterThan(0n);
    expect(report.totals.untracedMinor).toBeGreaterThan(0n);
  });

  it("per package carries the pipeline's paid, contracted, shipped and accepted figures", () => {
    const packages = report.rows.filter((row) => row.level === 'package');
    expect(packages.map((row) => row.id)).toEqual(pipeline.rows.map((row) => row.packageId).sort());
    for (const row of packages) {
      const p = pipeline.rows.find((r) => r.packageId === row.id);
      expect(row.disbursedMinor, row.id).toBe(p?.paidMinor);
      expect(row.contractedMinor, row.id).toBe(p?.contractedMinor);
      expect(row.shippedMinor, row.id).toBe(p?.shippedMinor);
      expect(row.acceptedMinor, row.id).toBe(p?.acceptedMinor);
    }
  });

  it("per donor disburses what the donor report says it paid, and its accepted share is the donor report's up to rounding", () => {
    const rows = report.rows.filter((row) => row.level === 'donor');
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      const d = donors.rows.find((r) => r.donorId === row.id);
      expect(row.disbursedMinor, row.id).toBe(d?.paidMinor);
      const difference = row.acceptedMinor - (d?.acceptedMinor ?? 0n);
      expect(difference < 0n ? -difference : difference, row.id).toBeLessThanOrEqual(BigInt(d?.packages.length ?? 0));
      // Money only: in-kind pledges are not pledged money.
      const money = data.contributions.filter((c) => c.donorId === row.id && c.kind === 'money' && c.stage !== 'withdrawn');
      if (money.length === 0) expect(row.pledgedMinor).toBe(0n);
    }
  });

  it('lists rejected and unreceived goods line by line, valued at contract prices', () => {
    const lines = report.quantities.flatMap((gap) => gap.lines);
    for (const line of lines) {
      expect(line.notReceived).toBe(line.shipped - line.accepted - line.rejected);
      expect(line.rejected + line.notReceived).toBeGreaterThan(0);
      const contractLine = data.contractLines.find((l) => l.contractId === line.contractId && l.lineId === line.lineId);
      expect(line.item).toBe(contractLine?.item);
    }
    const rejected = data.contractLines.reduce((sum, line) => sum + line.rejectedQuantity, 0);
    expect(lines.reduce((sum, line) => sum + line.rejected, 0)).toBe(rejected);
    for (const gap of report.quantities) {
      expect(gap.rejectedValueMinor).toBe(sumBy(gap.lines, (line) => line.rejectedValueMinor));
      expect(gap.notReceivedValueMinor).toBe(sumBy(gap.lines, (line) => line.notReceivedValueMinor));
    }
  });
});

describe('reconciliation over the demo ledger, by audience', () => {
  const full = reconciliationReport(snapshot, { currency: 'EUR', asOf: '2026-03-05' });
  const pub = reconciliationReport(reportDataFor('public', snapshot, settings), { currency: 'EUR', asOf: '2026-03-05' });

  it('the cell sees a rejection with its reason and goods still on their way', () => {
    const lines = full.quantities.flatMap((gap) => gap.lines);
    expect(lines.some((line) => line.rejected > 0 && line.reasons.length > 0)).toBe(true);
    expect(lines.some((line) => line.notReceived > 0)).toBe(true);
  });

  it('the public gets the same money paid, no goods that are not public yet, and no reasons', () => {
    expect(pub.totals.disbursedMinor).toBe(full.totals.disbursedMinor);
    expect(pub.totals.acceptedMinor).toBeLessThan(full.totals.acceptedMinor);
    expect(pub.totals.untracedMinor).toBeGreaterThan(full.totals.untracedMinor);
    for (const line of pub.quantities.flatMap((gap) => gap.lines)) expect(line.reasons).toEqual([]);
    // In transit and not yet handed over: none of it is the public's.
    const unreceived = (report: ReconciliationReport) => report.quantities.flatMap((gap) => gap.lines).reduce((sum, line) => sum + line.notReceived, 0);
    expect(unreceived(pub)).toBeLessThan(unreceived(full));
  });
});

// ── Hand-built data, figures worked out by hand ─────────────────────────────────────────────

const party = (id: string, roles: string): Party => ({ id, name: `Party ${id}`, kind: 'state', roles, country: null });

function contribution(fields: Partial<Contribution> & Pick<Contribution, 'id' | 'donorId' | 'amountMinor'>): Contribution {
  return {
    kind: 'money',
    stage: 'committed',
    stageSince: '2026-01-01',
    currency: 'EUR',
    committedMinor: fields.amountMinor,
    disbursedMinor: 0n,
    packageId: null,
    recipientId: 'UKR',
    category: 'purl_funding',
    description: '',
    valuationMethod: null,
    quantity: null,
    unit: null,
    coalition: null,
    announcedOn: '2026-01-01',
    ...fields,
  };
}

const pkg = (id: string): Package => ({
  id,
  title: `Package ${id}`,
  recipientId: 'UKR',
  coordinatorId: 'NATO',
  currency: 'EUR',
  valueMinor: 1_000_000n,
  fundedMinor: 0n,
  stage: 'delivering',
  stageSince: '2026-01-01',
  proposedAt: '2026-01-01',
});

const transfer = (fromAccount: string, toAccount: string, valueDate: string, amountMinor: bigint): TransferTotal => ({ fromAccount, toAccount, currency: 'EUR', valueDate, amountMinor });

function source(seq: number, recordKind: string, recordId: string, dataset: string, file: string, locator: string): ProvenanceRow {
  return { seq, recordKind, recordId, dataset, file, locator, publisher: null, publisherRef: null, note: null };
}

function emptyData(): ReportData {
  return {
    parties: [],
    requirements: [],
    packages: [],
    packageLines: [],
    contributions: [],
    accounts: [],
    contracts: [],
    contractLines: [],
    shipments: [],
    receiptLines: [],
    stageChanges: [],
    spending: [],
    defenceShares: [],
    fxRates: [],
    transferTotals: [],
    receipts: [],
    provenance: [],
  };
}

/**
 * Two donors in one package P1 (EUR), judged on 2026-06-30:
 * - D1 pays 100.00 on 2026-01-01 (180 days before) and 50.00 on 2026-06-15 (15 days), and gets
 *   20.00 back on 2026-06-20: 130.00 in the package.
 * - D2 pays 50.00 on 2025-05-01 (425 days): 50.00. Together 180.00; shares 13/18 and 5/18.
 * - Contract C1 for P1: line L1, 10 at 15.00 (150.00); 8 shipped, 6 accepted, 1 rejected, so 1
 *   not received: shipped 120.00, accepted 90.00.
 */
function handBuilt(): ReportData {
  const contract: Contract = { id: 'C1', packageId: 'P1', producerId: 'PROD', currency: 'EUR', valueMinor: 15_000n, paidMinor: 15_000n, signedOn: '2026-02-01', deliveryDue: '2026-05-01' };
  const line: ContractLine = { contractId: 'C1', lineId: 'L1', packageLineId: 'PL1', item: 'shells', quantity: 10, unitPriceMinor: 1_500n, shippedQuantity: 8, acceptedQuantity: 6, rejectedQuantity: 1 };
  return {
    ...emptyData(),
    parties: [party('D1', 'donor'), party('D2', 'donor'), party('D3', 'donor'), party('UKR', 'recipient')],
    packages: [pkg('P1')],
    contributions: [
      contribution({ id: 'K1', donorId: 'D1', amountMinor: 20_000n, committedMinor: 15_000n, packageId: 'P1' }),
      contribution({ id: 'K2', donorId: 'D2', amountMinor: 6_000n, committedMinor: 0n, stage: 'announced' }),
      contribution({ id: 'K3', donorId: 'D1', amountMinor: 99_900n, kind: 'in_kind', stage: 'delivered' }),
      contribution({ id: 'K4', donorId: 'D2', amountMinor: 70_000n, committedMinor: 0n, stage: 'withdrawn', packageId: 'P1' }),
    ],
    contracts: [contract],
    contractLines: [line],
    shipments: [
      { id: 'S1', contractId: 'C1', packageId: 'P1', stage: 'received', dispatchedAt: '2026-03-01', expectedBy: '2026-04-01', route: null, handedOverAt: '2026-03-20', receivedAt: '2026-03-25' },
      { id: 'S2', contractId: 'C1', packageId: 'P1', stage: 'at_hub', dispatchedAt: '2026-05-01', expectedBy: '2026-06-01', route: null, handedOverAt: null, receivedAt: null },
    ],
    receipts: [{ id: 'R1', shipmentId: 'S1', contractId: 'C1', receivedAt: '2026-03-25' }],
    receiptLines: [{ receiptId: 'R1', contractLineId: 'L1', shipped: 7, accepted: 6, rejected: 1, reason: 'damaged' }],
    transferTotals: [
      transfer('donor:D1', 'package:P1', '2026-06-15', 5_000n),
      transfer('donor:D1', 'package:P1', '2026-01-01', 10_000n),
      transfer('donor:D2', 'package:P1', '2025-05-01', 5_000n),
      transfer('package:P1', 'donor:D1', '2026-06-20', 2_000n),
      transfer('package:P1', 'contract:C1', '2026-02-02', 15_000n),
    ],
    provenance: [
      source(1, 'contribution', 'K2', 'Kiel release 29', 'kiel.csv', 'line 2'),
      source(2, 'party', 'D1', 'Kiel release 29', 'kiel.csv', 'line 2'),
      // The same source again (a role granted from the same line): not a merge.
      source(3, 'party', 'D1', 'Kiel release 29', 'kiel.csv', 'line 2'),
      source(5, 'contribution', 'K2', 'Kiel release 29', 'kiel.csv', 'line 7'),
      source(9, 'contribution', 'K2', 'IATI', 'd2.xml', '/iati-activities/iati-activity[1]/transaction[1]'),
      source(11, 'party', 'D2', 'IATI', 'd2.xml', '/iati-activities/iati-activity[1]'),
    ],
  };
}

describe('reconciliation of hand-built data', () => {
  const report = reconciliationReport(handBuilt(), { currency: 'EUR', asOf: '2026-06-30' });
  const row = (id: string) => report.rows.find((r) => r.id === id);

  it('counts money pledges only, and withdrawn ones not at all', () => {
    expect(row('D1')).toMatchObject({ pledgedMinor: 20_000n, committedMinor: 15_000n });
    expect(row('D2')).toMatchObject({ pledgedMinor: 6_000n, committedMinor: 0n });
    expect(row('P1')).toMatchObject({ pledgedMinor: 20_000n, committedMinor: 15_000n });
    expect(report.totals).toMatchObject({ pledgedMinor: 26_000n, committedMinor: 15_000n });
    // D3 has no figure at all, so no row.
    expect(row('D3')).toBeUndefined();
  });

  it('splits contracted, shipped and accepted value pro rata to the money, to the minor unit', () => {
    expect(row('P1')).toMatchObject({ disbursedMinor: 18_000n, contractedMinor: 15_000n, shippedMinor: 12_000n, acceptedMinor: 9_000n });
    // 150.00 × 13/18 = 108.333…, × 5/18 = 41.666…: the left-over cent goes to the larger remainder (D2).
    expect(row('D1')).toMatchObject({ disbursedMinor: 13_000n, contractedMinor: 10_833n, shippedMinor: 8_667n, acceptedMinor: 6_500n });
    expect(row('D2')).toMatchObject({ disbursedMinor: 5_000n, contractedMinor: 4_167n, shippedMinor: 3_333n, acceptedMinor: 2_500n });
  });

  it('traces money to accepted goods and gives the share in basis points', () => {
    expect(row('D1')).toMatchObject({ tracedMinor: 6_500n, untracedMinor: 6_500n, tracedPercent: '50.00' });
    expect(row('D2')).toMatchObject({ tracedMinor: 2_500n, untracedMinor: 2_500n, tracedPercent: '50.00' });
    expect(report.totals).toMatchObject({ disbursedMinor: 18_000n, tracedMinor: 9_000n, untracedMinor: 9_000n, tracedPercent: '50.00' });
  });

  it('ages untraced money with the oldest money traced first', () => {
    // D1: the 20.00 refund and 65.00 traced come out of the 100.00 of 2026-01-01, leaving 15.00 of
    // it (180 days old) and all 50.00 of 2026-06-15 (15 days). D2: 25.00 of 2025-05-01 is left (425 days).
    expect(row('D1')).toMatchObject({ untraced0To30Minor: 5_000n, untraced31To90Minor: 0n, untraced91To180Minor: 1_500n, untraced181To365Minor: 0n, untracedOver365Minor: 0n });
    expect(row('D2')).toMatchObject({ untraced0To30Minor: 0n, untraced91To180Minor: 0n, untracedOver365Minor: 2_500n });
    expect(report.aging.map((bucket) => [bucket.label, bucket.untracedMinor])).toEqual([
      ['0–30 days', 5_000n],
      ['31–90 days', 0n],
      ['91–180 days', 1_500n],
      ['181–365 days', 0n],
      ['over 365 days', 2_500n],
    ]);
    checkInvariants(report);
  });

  it('lists the rejected and the unreceived quantities with the item and the reason', () => {
    expect(report.quantities).toEqual([
      {
        packageId: 'P1',
        title: 'Package P1',
        rejectedValueMinor: 1_500n,
        notReceivedValueMinor: 1_500n,
        overdueShipments: 1,
        lines: [{ contractId: 'C1', lineId: 'L1', item: 'shells', contracted: 10, shipped: 8, accepted: 6, rejected: 1, notReceived: 1, rejectedValueMinor: 1_500n, notReceivedValueMinor: 1_500n, reasons: ['damaged'] }],
      },
    ]);
  });

  it('counts each record reported by several sources once, and the merges per dataset', () => {
    expect(report.merges).toMatchObject({
      records: 1,
      merged: 2,
      // K2 is a money contribution of 60.00: two more reports of it would have added 120.00.
      avoidedMinor: 12_000n,
      byDataset: [
        { dataset: 'IATI', merged: 1 },
        { dataset: 'Kiel release 29', merged: 1 },
      ],
      byKind: [{ recordKind: 'contribution', merged: 2 }],
    });
    expect(report.merges.list).toHaveLength(1);
    expect(report.merges.list[0]).toMatchObject({ recordKind: 'contribution', recordId: 'K2', merged: 2, amountMinor: 6_000n });
    expect(report.merges.list[0]?.sources.map((s) => s.seq)).toEqual([1, 5, 9]);
  });

  it('gives no traced share where nothing was disbursed, and ages nothing', () => {
    const empty = reconciliationReport({ ...emptyData(), parties: [party('D1', 'donor')], contributions: [contribution({ id: 'K1', donorId: 'D1', amountMinor: 100n })] }, { currency: 'EUR', asOf: '2026-06-30' });
    expect(empty.rows).toHaveLength(1);
    expect(empty.totals).toMatchObject({ pledgedMinor: 100n, disbursedMinor: 0n, tracedMinor: 0n, tracedPercent: null, untracedMinor: 0n });
    expect(empty.quantities).toEqual([]);
    expect(empty.merges).toMatchObject({ records: 0, merged: 0, avoidedMinor: 0n, list: [] });
  });
});

describe('age buckets and FIFO', () => {
  it('puts each day count in its bucket, days after the report date in the first', () => {
    const asOf = '2026-12-31';
    const back = (days: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    expect(ageBucketOf(back(0), asOf)).toBe('untraced0To30Minor');
    expect(ageBucketOf(back(30), asOf)).toBe('untraced0To30Minor');
    expect(ageBucketOf(back(31), asOf)).toBe('untraced31To90Minor');
    expect(ageBucketOf(back(90), asOf)).toBe('untraced31To90Minor');
    expect(ageBucketOf(back(91), asOf)).toBe('untraced91To180Minor');
    expect(ageBucketOf(back(180), asOf)).toBe('untraced91To180Minor');
    expect(ageBucketOf(back(181), asOf)).toBe('untraced181To365Minor');
    expect(ageBucketOf(back(365), asOf)).toBe('untraced181To365Minor');
    expect(ageBucketOf(back(366), asOf)).toBe('untracedOver365Minor');
    expect(ageBucketOf('2027-01-10', asOf)).toBe('untraced0To30Minor');
  });

  it('leaves the newest money untraced: what is left is the consumed total less, from the newest tranches', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((days) => new Date(Date.parse('2024-01-01T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10));
    const tranche = fc.record({ valueDate: day, amountMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }) });
    fc.assert(
      fc.property(fc.array(tranche, { maxLength: 8 }), fc.bigInt({ min: 0n, max: 10n ** 13n }), (tranches, consumed) => {
        const asOf = '2026-03-01';
        const aged = ageFifo(tranches, consumed, asOf);
        const total = sumBy(tranches, (t) => t.amountMinor);
        const left = sumBy(Object.values(aged), (value) => value);
        expect(left).toBe(total > consumed ? total - consumed : 0n);
        // Oldest first: what is left, walked from the newest tranche back, fills whole tranches before touching older ones.
        const newestFirst = [...tranches].sort((a, b) => b.valueDate.localeCompare(a.valueDate));
        const expected: Record<string, bigint> = {};
        let remaining = left;
        for (const t of newestFirst) {
          const part = remaining < t.amountMinor ? remaining : t.amountMinor;
          remaining -= part;
          if (part === 0n) continue;
          const key = ageBucketOf(t.valueDate, asOf);
          expected[key] = (expected[key] ?? 0n) + part;
        }
        expect(aged).toEqual(expected);
      }),
    );
  });

  it('keeps every reconciliation identity over random payments, refunds and acceptances', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((days) => new Date(Date.parse('2024-06-01T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10));
    const payment = fc.record({ donor: fc.constantFrom('D1', 'D2', 'D3'), pkg: fc.constantFrom('P1', 'P2'), valueDate: day, amountMinor: fc.bigInt({ min: 1n, max: 10n ** 9n }) });
    fc.assert(
      fc.property(
        fc.array(payment, { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 2 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 2 }),
        fc.bigInt({ min: 1n, max: 10n ** 8n }),
        (payments, acceptedPercents, refundPercents, unitPrice) => {
          const data = handBuilt();
          const packages = ['P1', 'P2'];
          const transfers: TransferTotal[] = payments.map((p) => transfer(`donor:${p.donor}`, `package:${p.pkg}`, p.valueDate, p.amountMinor));
          // Each donor gets back a share of what it paid into P1, on the last day.
          for (const donor of ['D1', 'D2', 'D3']) {
            const paid = sumBy(payments.filter((p) => p.donor === donor && p.pkg === 'P1'), (p) => p.amountMinor);
            const back = (paid * BigInt(refundPercents[donor === 'D1' ? 0 : 1] as number)) / 100n;
            if (back > 0n) transfers.push(transfer('package:P1', `donor:${donor}`, '2026-09-01', back));
          }
          const lines = packages.map((id, index): ContractLine => {
            const accepted = acceptedPercents[index] as number;
            return { contractId: `C-${id}`, lineId: 'L1', packageLineId: 'PL1', item: 'goods', quantity: 200, unitPriceMinor: unitPrice, shippedQuantity: 150, acceptedQuantity: accepted, rejectedQuantity: 10 };
          });
          const contracts = packages.map((id): Contract => ({ id: `C-${id}`, packageId: id, producerId: 'PROD', currency: 'EUR', valueMinor: unitPrice * 200n, paidMinor: 0n, signedOn: '2025-01-01', deliveryDue: '2026-01-01' }));
          const report = reconciliationReport(
            { ...data, packages: packages.map(pkg), contracts, contractLines: lines, transferTotals: transfers, shipments: [], receipts: [], receiptLines: [] },
            { currency: 'EUR', asOf: '2026-06-30' },
          );
          checkInvariants(report);
          // Where goods worth at least the money were accepted, all of it is traced.
          for (const row of report.rows.filter((r) => r.level === 'package')) {
            if (row.acceptedMinor >= row.disbursedMinor) expect(row.tracedMinor).toBe(row.disbursedMinor);
            else expect(row.tracedMinor).toBe(row.acceptedMinor);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

const stores: [string, () => Promise<{ store: LedgerStore; drop(): Promise<void> }>][] = [
  ['SQLite', async () => ({ store: SqliteStore.open(':memory:'), drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const database = await testDatabase('reconciliation');
      return { store: await PgStore.open(database.driver(), database.url), drop: () => database.drop() };
    },
  ],
];

describe.each(stores)('reconciliation read from a store (%s)', (_name, open) => {
  it('loads the provenance table and counts a flow cited by a second dataset as one record', async () => {
    const { store, drop } = await open();
    try {
      const ledger = await Ledger.open(store, { now: () => '2026-03-05T00:00:00.000Z' });
      await ledger.execute(demoCommands().map(parseCommand));
      const first = { dataset: 'Kiel Ukraine Support Tracker, release 29', file: 'kiel.csv', locator: 'line 12', publisher: 'Kiel Institute' };
      const second = { dataset: 'OCHA FTS', file: 'fts.json', locator: 'flow 301', publisherRef: '301' };
      await ledger.execute(
        [
          { id: 'test-k1', type: 'RecordContribution', contributionId: 'kiel:1', donorId: 'NLD', kind: 'money', stage: 'committed', value: { amount: '250.00', currency: 'EUR' }, at: '2026-01-10', category: 'purl_funding', description: 'reported twice', provenance: first },
          { id: 'test-k1-fts', type: 'CiteSource', recordKind: 'contribution', recordId: 'kiel:1', note: 'the same flow in the FTS', provenance: second },
        ].map(parseCommand),
      );
      const data = await loadReportData(store);
      expect(data.provenance).toHaveLength(2);
      const report = reconciliationReport(data, { currency: 'EUR', asOf: '2026-03-05' });
      expect(report.merges).toMatchObject({ records: 1, merged: 1, avoidedMinor: 25_000n, byDataset: [{ dataset: 'OCHA FTS', merged: 1 }] });
      expect(report.merges.list[0]?.sources.map((s) => [s.dataset, s.note])).toEqual([
        [first.dataset, null],
        [second.dataset, 'the same flow in the FTS'],
      ]);
      // Counted once: the pledge adds 250.00 to the Dutch row, not 500.00.
      const before = reconciliationReport({ ...data, contributions: data.contributions.filter((c) => c.id !== 'kiel:1') }, { currency: 'EUR', asOf: '2026-03-05' });
      const nl = (r: ReconciliationReport) => r.rows.find((row) => row.id === 'NLD')?.pledgedMinor ?? 0n;
      expect(nl(report) - nl(before)).toBe(25_000n);
      // Contribution sources are not the public's: its merges list is empty.
      const snap = await new SnapshotCache(store).current();
      expect(reconciliationReport(reportDataFor('public', snap, settings), { currency: 'EUR', asOf: '2026-03-05' }).merges.merged).toBe(0);
      expect(reconciliationReport(reportDataFor('handed-over', snap, settings), { currency: 'EUR', asOf: '2026-03-05' }).merges.merged).toBe(1);
    } finally {
      await store.close();
      await drop();
    }
  }, 60_000);
});
