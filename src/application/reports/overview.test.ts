import { describe, expect, it } from 'vitest';
import { packageStages } from '../../domain/state.js';
import { reportDataFor } from '../../server/views.js';
import type { ReportData } from './data.js';
import { exceptionsReport } from './exceptions.js';
import { overviewReport } from './overview.js';
import { pipelineReport } from './pipeline.js';
import { allocate, monthsBetween, sumBy } from './util.js';
import { demoAudiences, demoSnapshot, demoViewSettings as settings } from '../../../test/support/snapshot.js';

const snapshot = await demoSnapshot();
const cases = demoAudiences(snapshot);

describe.each(cases)('overview over the demo ledger (%s)', (_name, data, currency) => {
  const options = { currency, asOf: '2026-03-05' };
  const report = overviewReport(data, options);
  const pipeline = pipelineReport(data, options);

  it("carries the pipeline report's totals, the package count by stage and the exceptions count", () => {
    const { packages, packagesByStage, exceptions, ...money } = report.totals;
    expect(money).toEqual(pipeline.totals);
    expect(packages).toBe(data.packages.length);
    expect(Object.keys(packagesByStage)).toEqual([...packageStages]);
    expect(Object.values(packagesByStage).reduce((a, b) => a + b, 0)).toBe(packages);
    for (const stage of packageStages) expect(packagesByStage[stage]).toBe(data.packages.filter((pkg) => pkg.stage === stage).length);
    expect(exceptions).toBe(exceptionsReport(data, options).rows.length);
    expect(report.currency).toBe(currency);
  });

  it('by category adds up exactly to the value, contracted, shipped and accepted totals', () => {
    expect(report.byCategory.map((row) => row.category)).toEqual([...new Set(data.packageLines.map((line) => line.category))].sort());
    expect(sumBy(report.byCategory, (row) => row.valueMinor)).toBe(report.totals.valueMinor);
    expect(sumBy(report.byCategory, (row) => row.contractedMinor)).toBe(report.totals.contractedMinor);
    expect(sumBy(report.byCategory, (row) => row.shippedMinor)).toBe(report.totals.shippedMinor);
    expect(sumBy(report.byCategory, (row) => row.acceptedMinor)).toBe(report.totals.acceptedMinor);
    expect(report.totals.acceptedMinor).toBeGreaterThan(0n);
  });

  it('by month covers every month from the first to the last with activity and adds up exactly to the totals', () => {
    const months = report.rows.map((row) => row.month);
    expect(months.length).toBeGreaterThan(1);
    expect(months).toEqual(monthsBetween(months[0] as string, months[months.length - 1] as string));
    const active = (row: (typeof report.rows)[number]) => row.pledgedMinor !== 0n || row.paidMinor !== 0n || row.contractedMinor !== 0n || row.acceptedMinor !== 0n;
    expect(active(report.rows[0] as (typeof report.rows)[number])).toBe(true);
    expect(active(report.rows[report.rows.length - 1] as (typeof report.rows)[number])).toBe(true);
    expect(sumBy(report.rows, (row) => row.pledgedMinor)).toBe(report.totals.pledgedMinor);
    expect(sumBy(report.rows, (row) => row.paidMinor)).toBe(report.totals.paidMinor);
    expect(sumBy(report.rows, (row) => row.contractedMinor)).toBe(report.totals.contractedMinor);
    expect(sumBy(report.rows, (row) => row.acceptedMinor)).toBe(report.totals.acceptedMinor);
  });
});

describe('overview by month', () => {
  it('dates accepted goods by their receipt and contracts by their signature', () => {
    const report = overviewReport(snapshot, { currency: 'EUR', asOf: '2026-03-05' });
    const receiptMonths = new Set(snapshot.receipts.map((receipt) => receipt.receivedAt.slice(0, 7)));
    for (const row of report.rows) if (row.acceptedMinor !== 0n) expect(receiptMonths).toContain(row.month);
    const signedMonths = new Set(snapshot.contracts.map((contract) => contract.signedOn.slice(0, 7)));
    for (const row of report.rows) if (row.contractedMinor !== 0n) expect(signedMonths).toContain(row.month);
  });

  it('is empty on an empty ledger', () => {
    const empty = { ...snapshot, packages: [], packageLines: [], contributions: [], contracts: [], contractLines: [], transferTotals: [], receipts: [], receiptLines: [] };
    const report = overviewReport(empty, { currency: 'EUR', asOf: '2026-03-05' });
    expect(report.rows).toEqual([]);
    expect(report.byCategory).toEqual([]);
    expect(report.totals.packages).toBe(0);
  });
});

describe('allocate', () => {
  it('splits in proportion, the parts summing to the whole exactly', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(10n, [3n, 0n, 7n])).toEqual([3n, 0n, 7n]);
    expect(allocate(5n, [0n, 0n])).toEqual([5n, 0n]);
    expect(allocate(7n, [])).toEqual([]);
    const parts = allocate(1_000_003n, [333n, 333n, 334n]);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(1_000_003n);
    expect(parts).toEqual([333_001n, 333_001n, 334_001n]);
  });
});

describe('monthsBetween', () => {
  it('counts months across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2025-11', '2025-11')).toEqual(['2025-11']);
  });
});
