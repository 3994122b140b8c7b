import { percent } from '../../domain/money.js';
import type { ReportData } from './data.js';

/** NATO's guideline of 2% of GDP, and the 2025 Hague targets: 3.5% core defence plus 1.5% related = 5%. */
export const spendingTargets = { guidelinePercent: '2.00', coreTargetPercent: '3.50', totalTargetPercent: '5.00' } as const;

/** A reported share of GDP as the `defenceShare` table holds it (estimate 0/1 there, a boolean in memory). */
export interface DefenceShareInput {
  readonly country: string;
  readonly year: number;
  /** Percent of GDP as a decimal string, e.g. "2.05". */
  readonly percentOfGdp: string;
  readonly estimate: boolean | number;
}

/** What the report reads: the amount records and, when loaded, the reported shares. */
export type SpendingData = Pick<ReportData, 'spending'> & { readonly defenceShares?: readonly DefenceShareInput[] | undefined };

export interface SpendingRow {
  readonly country: string;
  readonly year: number;
  /** The amounts' currency; null for a reported share, which has no amounts. */
  readonly currency: string | null;
  readonly spendingMinor: bigint | null;
  readonly gdpMinor: bigint | null;
  /** Computed from the amounts (2 decimals) or, for a reported row, the share as reported. */
  readonly sharePercent: string;
  /** True when the row is a reported share without amounts. */
  readonly reported: boolean;
  /** The reported share for the country and year, when there is one (beside a computed share, too). */
  readonly reportedSharePercent: string | null;
  /** True when the reported share is marked an estimate by its publisher. */
  readonly estimate: boolean;
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

/** A percentage written as a decimal string in ten-thousandths of a percent, exactly: "2.05" → 20500n. */
function tenThousandths(text: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`percentOfGdp "${text}" is not a decimal`);
  const [, whole = '', fraction = ''] = match;
  // The domain keeps at most 4 decimals. Anything beyond is cut: for a target with 4 decimals,
  // the cut value reaches it exactly when the full value does, so the comparison stays exact.
  return BigInt(whole + fraction.slice(0, 4).padEnd(4, '0'));
}

/** A target in ten-thousandths of a percent: "3.50" → 35000n. */
const targets = {
  guideline: tenThousandths(spendingTargets.guidelinePercent),
  core: tenThousandths(spendingTargets.coreTargetPercent),
  total: tenThousandths(spendingTargets.totalTargetPercent),
};

export function spendingReport(data: SpendingData): SpendingReport {
  const shares = new Map<string, DefenceShareInput>();
  for (const share of data.defenceShares ?? []) shares.set(`${share.country}:${share.year}`, share);
  const isEstimate = (share: DefenceShareInput | undefined) => share?.estimate === true || share?.estimate === 1;

  const computed = data.spending.map((record): SpendingRow => {
    // Compare exactly in integers: spending × 10^6 against GDP × ten-thousandths of a percent.
    const atLeast = (target: bigint) => record.spendingMinor * 1_000_000n >= record.gdpMinor * target;
    const share = shares.get(`${record.country}:${record.year}`);
    return {
      country: record.country,
      year: record.year,
      currency: record.currency,
      spendingMinor: record.spendingMinor,
      gdpMinor: record.gdpMinor,
      sharePercent: percent(record.spendingMinor, record.gdpMinor),
      reported: false,
      reportedSharePercent: share?.percentOfGdp ?? null,
      estimate: isEstimate(share),
      meets2Percent: atLeast(targets.guideline),
      meets3_5Percent: atLeast(targets.core),
      meets5Percent: atLeast(targets.total),
      source: record.source,
    };
  });
  const withAmounts = new Set(data.spending.map((record) => `${record.country}:${record.year}`));
  const reported = [...shares.entries()]
    .filter(([key]) => !withAmounts.has(key))
    .map(([, share]): SpendingRow => {
      const value = tenThousandths(share.percentOfGdp);
      return {
        country: share.country,
        year: share.year,
        currency: null,
        spendingMinor: null,
        gdpMinor: null,
        sharePercent: share.percentOfGdp,
        reported: true,
        reportedSharePercent: share.percentOfGdp,
        estimate: isEstimate(share),
        meets2Percent: value >= targets.guideline,
        meets3_5Percent: value >= targets.core,
        meets5Percent: value >= targets.total,
        source: null,
      };
    });
  const rows = [...computed, ...reported];
  rows.sort((a, b) => a.country.localeCompare(b.country) || a.year - b.year);
  return { report: 'spending', targets: spendingTargets, rows };
}
