import { describe, expect, it } from 'vitest';
import { reportText } from '../../cli/report-text.js';
import type { SpendingRecord } from '../../domain/state.js';
import { spendingReport, type DefenceShareInput } from './spending.js';

const amounts = (country: string, year: number, spendingMinor: bigint, gdpMinor: bigint): SpendingRecord => ({
  country, year, currency: 'EUR', spendingMinor, gdpMinor, source: 'illustrative',
});
const share = (country: string, year: number, percentOfGdp: string, estimate: boolean | number = 0): DefenceShareInput => ({ country, year, percentOfGdp, estimate });

describe('spending report', () => {
  it('without reported shares lists the amount records as before, each with its computed share', () => {
    const report = spendingReport({ spending: [amounts('NLD', 2024, 22_000_000_000_00n, 1_100_000_000_000_00n)] });
    expect(report.rows).toEqual([
      {
        country: 'NLD', year: 2024, currency: 'EUR', spendingMinor: 22_000_000_000_00n, gdpMinor: 1_100_000_000_000_00n, sharePercent: '2.00',
        reported: false, reportedSharePercent: null, estimate: false, meets2Percent: true, meets3_5Percent: false, meets5Percent: false, source: 'illustrative',
      },
    ]);
  });

  it('compares a computed share with the targets exactly: one minor unit below 2 % misses', () => {
    const report = spendingReport({
      spending: [amounts('DEU', 2024, 2_000_000n - 1n, 100_000_000n), amounts('DEU', 2025, 3_500_000n, 100_000_000n), amounts('DEU', 2026, 5_000_000n, 100_000_000n)],
    });
    expect(report.rows.map((row) => [row.sharePercent, row.meets2Percent, row.meets3_5Percent, row.meets5Percent])).toEqual([
      ['2.00', false, false, false], // 1.99999…% shows as 2.00 but does not meet 2 %
      ['3.50', true, true, false],
      ['5.00', true, true, true],
    ]);
  });

  it('lists a reported share without amounts, with its targets compared as exact decimals', () => {
    const cases: [string, boolean, boolean, boolean][] = [
      ['2.00', true, false, false],
      ['1.9999', false, false, false],
      ['2', true, false, false],
      ['3.4999', true, false, false],
      ['3.5', true, true, false],
      ['4.9999', true, true, false],
      ['5.0000', true, true, true],
      ['0.1', false, false, false],
    ];
    const report = spendingReport({ spending: [], defenceShares: cases.map(([percent], index) => share('POL', 2010 + index, percent, index % 2)) });
    expect(report.rows).toHaveLength(cases.length);
    for (const [index, [percent, two, core, total]] of cases.entries()) {
      expect(report.rows[index]).toEqual({
        country: 'POL', year: 2010 + index, currency: null, spendingMinor: null, gdpMinor: null, sharePercent: percent,
        reported: true, reportedSharePercent: percent, estimate: index % 2 === 1, meets2Percent: two, meets3_5Percent: core, meets5Percent: total, source: null,
      });
    }
  });

  it('keeps the computed row where amounts and a reported share exist for the same year, and notes the reported share beside it', () => {
    const report = spendingReport({
      spending: [amounts('NLD', 2024, 1_900_000n, 100_000_000n)],
      defenceShares: [share('NLD', 2024, '2.05', true), share('NLD', 2023, '1.6028'), share('BEL', 2024, '1.2868', 1)],
    });
    expect(report.rows.map((row) => [row.country, row.year, row.reported, row.sharePercent, row.reportedSharePercent, row.estimate, row.meets2Percent])).toEqual([
      ['BEL', 2024, true, '1.2868', '1.2868', true, false],
      ['NLD', 2023, true, '1.6028', '1.6028', false, false],
      // The amounts say 1.90 % and decide the targets; NATO's 2.05 % is shown beside them.
      ['NLD', 2024, false, '1.90', '2.05', true, false],
    ]);
  });

  it('prints reported shares in the text report without amounts, marking estimates', () => {
    const report = spendingReport({
      spending: [amounts('NLD', 2024, 1_900_000n, 100_000_000n)],
      defenceShares: [share('NLD', 2024, '2.05', true), share('POL', 2024, '3.7890', 1)],
    });
    const lines = reportText(report).split('\n');
    expect(lines[1]).toMatch(/reported %/);
    expect(lines.find((line) => line.startsWith('POL'))).toMatch(/^POL\s+2024\s+—\s+—\s+3\.7890 reported e\s+yes\s+yes\s+—$/);
    expect(lines.find((line) => line.startsWith('NLD'))).toMatch(/1\.90\s+2\.05 e\s+—\s+—\s+—$/);
  });
});
