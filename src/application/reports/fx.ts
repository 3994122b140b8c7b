import { DomainError } from '../../domain/errors.js';
import type { Ratio } from '../../domain/money.js';
import { convertMinor, convertMinorInverse, parseRatio } from '../../domain/money.js';
import type { FxRate } from '../../domain/state.js';

/**
 * Converts amounts into the reporting currency with the dated FX table: the latest rate on or
 * before the amount's date, else the earliest after it; a direct rate, its inverse, or a cross
 * rate through EUR.
 */
export class FxTable {
  private readonly byPair = new Map<string, { date: string; rate: Ratio }[]>();

  constructor(rates: readonly FxRate[]) {
    for (const rate of rates) {
      const key = `${rate.base}/${rate.quote}`;
      let list = this.byPair.get(key);
      if (!list) this.byPair.set(key, (list = []));
      list.push({ date: rate.date, rate: parseRatio(rate.rate) });
    }
    for (const list of this.byPair.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** `convert(1000n, 'USD', 'EUR', '2025-08-04')` → minor units of EUR. */
  convert(amountMinor: bigint, from: string, to: string, date: string): bigint {
    if (from === to || amountMinor === 0n) return amountMinor;
    const direct = this.pick(`${from}/${to}`, date);
    if (direct) return convertMinor(amountMinor, from, to, direct);
    const inverse = this.pick(`${to}/${from}`, date);
    if (inverse) return convertMinorInverse(amountMinor, from, to, inverse);
    if (from !== 'EUR' && to !== 'EUR' && this.has(from, 'EUR') && this.has('EUR', to)) {
      return this.convert(this.convert(amountMinor, from, 'EUR', date), 'EUR', to, date);
    }
    throw new DomainError('FX_RATE_MISSING', `fx: no exchange rate between ${from} and ${to}; record one with RecordFxRate`);
  }

  private has(from: string, to: string): boolean {
    return this.byPair.has(`${from}/${to}`) || this.byPair.has(`${to}/${from}`);
  }

  private pick(pair: string, date: string): Ratio | undefined {
    const list = this.byPair.get(pair);
    if (!list || list.length === 0) return undefined;
    let chosen = list[0];
    for (const entry of list) {
      if (entry.date > date) break;
      chosen = entry;
    }
    return chosen?.rate;
  }
}
