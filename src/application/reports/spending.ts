import { percent } from '../../domain/money.js';
import type { ReportData } from './data.js';

/** NATO's guideline of 2% of GDP, and the 2025 Hague targets: 3.5% core defence plus 1.5% related = 5%. */
export const spendingTargets = { guidelinePercent: '2.00', coreTargetPercent: '3.50', totalTargetPercent: '5.00' } as const;

export interface SpendingRow {
  readonly country: string;
  readonly year: number;
  readonly currency: string;
  readonly spendingMinor: bigint;
  readonly gdpMinor: bigint;
  readonly sharePercent: string;
  readonly meets2Percent: boolean;
  readonly meets3_5Percent: boolean;
  readonly meets5Percent: boolean;
  readonly source: string | null;
}

export interface SpendingReport {
  readonly report: 'spending';
  readonly targets: typeof spendingTargets;
  readonly rows: readonly SpendingRow[];
}

export function spendingReport(data: ReportData): SpendingReport {
  const rows = data.spending.map((record): SpendingRow => {
    // Compare exactly in integers: spending × 10000 against GDP × basis points.
    const atLeast = (basisPoints: bigint) => record.spendingMinor * 10_000n >= record.gdpMinor * basisPoints;
    return {
      country: record.country,
      year: record.year,
      currency: record.currency,
      spendingMinor: record.spendingMinor,
      gdpMinor: record.gdpMinor,
      sharePercent: percent(record.spendingMinor, record.gdpMinor),
      meets2Percent: atLeast(200n),
      meets3_5Percent: atLeast(350n),
      meets5Percent: atLeast(500n),
      source: record.source,
    };
  });
  rows.sort((a, b) => a.country.localeCompare(b.country) || a.year - b.year);
  return { report: 'spending', targets: spendingTargets, rows };
}
