import type { Contribution } from '../../domain/state.js';
import { rowsOf } from '../format.js';
import { FxTable } from '../../application/reports/fx.js';
import { DomainError } from '../../domain/errors.js';
import { divRound } from '../../domain/money.js';
import type { FxRate } from '../../domain/state.js';
import { csvLine } from '../csv/write.js';
import { decimalText, roundHalfEven, shift } from '../decimal.js';
import type { Exporter } from '../format.js';
import { explorerColumns } from './explorer.js';
import { categories, codeOfParty, recipientId, type Category } from './shared.js';

/**
 * The ledger's aid to Ukraine in the layout of Kiel's data_explorer.csv: one row per donor and
 * month, in € billion with 6 decimals.
 *
 * - Which contributions: those to Ukraine (recipient UKR) whose category is one of Kiel's
 *   (financial, humanitarian, military, in any case); other categories have no column here.
 *   Committed, disbursed and delivered contributions are Kiel's allocations and fill the three
 *   category columns and `total`; announced ones are commitments not yet allocated and fill
 *   `to_be_allocated`; `commitments` is the sum of both, as in Kiel's file. Withdrawn ones are
 *   left out. The amount is the value in force (revised by later stages).
 * - The month is the one the contribution was recorded for (its `announcedOn` date).
 * - Amounts in other currencies are converted to euros with the ledger's FX rates (the rate of
 *   the contribution's date, as the reports do); a contribution without a rate stops the export
 *   with an error naming it, rather than leaving it out of the totals unseen.
 * - Sums are exact in cents; each cell is then rounded once, half to even, to 6 decimals of
 *   billions (€1,000), Kiel's precision, and `total` is the sum of the rounded category cells so
 *   that every row adds up as Kiel's do.
 * - `gdp` and `pct_gdp` are left empty: the ledger does not hold Kiel's reference GDP.
 */

interface Cell {
  readonly donorId: string;
  readonly year: number;
  readonly month: number;
  readonly allocated: Record<Category, bigint>;
  pending: bigint;
}

/** Cents (or minor units of EUR) → € billion with 6 decimals, rounded half to even to €1,000. */
export function billions(cents: bigint): string {
  return decimalText(roundHalfEven(shift({ units: cents, scale: 2 }, -9), 6));
}

export const kielExporter: Exporter = {
  describe: "aid to Ukraine per donor and month in the layout of Kiel's data_explorer.csv (€ billion)",
  mediaType: 'text/csv; charset=utf-8',
  async write(ledger, out) {
    const contributions = await rowsOf(ledger, 'contribution');
    const parties = new Map((await rowsOf(ledger, 'party')).map((party) => [party.id, party.name]));
    const fx = new FxTable(await rowsOf(ledger, 'fxRate'));
    const cells = new Map<string, Cell>();
    for (const row of contributions) {
      const category = row.category.toLowerCase() as Category;
      if (row.recipientId !== recipientId || row.stage === 'withdrawn' || !categories.includes(category)) continue;
      let euros: bigint;
      try {
        euros = fx.convert(BigInt(row.amountMinor), row.currency, 'EUR', row.announcedOn);
      } catch (error) {
        if (error instanceof DomainError) throw new DomainError(error.code, `contribution ${row.id}: ${error.message}`, error.path);
        throw error;
      }
      const year = Number(row.announcedOn.slice(0, 4));
      const month = Number(row.announcedOn.slice(5, 7));
      const key = `${row.donorId}\u0000${year}\u0000${month}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { donorId: row.donorId, year, month, allocated: { financial: 0n, humanitarian: 0n, military: 0n }, pending: 0n }));
      if (row.stage === 'announced') cell.pending += euros;
      else cell.allocated[category] += euros;
    }
    const name = (id: string) => parties.get(id) ?? id;
    const rows = [...cells.values()].sort(
      (a, b) => name(a.donorId).localeCompare(name(b.donorId), 'en') || a.donorId.localeCompare(b.donorId) || a.year - b.year || a.month - b.month,
    );
    await out(csvLine([...explorerColumns, 'gdp', 'pct_gdp']));
    for (const cell of rows) {
      const rounded = categories.map((category) => divRound(cell.allocated[category], 100_000n) * 100_000n);
      const total = rounded.reduce((sum, value) => sum + value, 0n);
      const pending = divRound(cell.pending, 100_000n) * 100_000n;
      await out(
        csvLine([
          name(cell.donorId),
          codeOfParty(cell.donorId),
          cell.year,
          cell.month,
          billions(total),
          ...rounded.map(billions),
          billions(total + pending),
          billions(pending),
          '',
          '',
        ]),
      );
    }
  },
};
