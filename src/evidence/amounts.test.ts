import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAmounts } from './amounts.js';

const one = (text: string) => {
  const found = findAmounts(text);
  expect(found, text).toHaveLength(1);
  const { span, ...rest } = found[0]!;
  expect(text.slice(span.start, span.end)).toBe(span.text);
  return { text: span.text, ...rest };
};

describe('findAmounts: money', () => {
  it.each([
    ['€1.2bn', '1200000000', 'EUR'],
    ['EUR 1.2 billion', '1200000000', 'EUR'],
    ['$500 million', '500000000', 'USD'],
    ['500 million dollars', '500000000', 'USD'],
    ['US$2.3 billion', '2300000000', 'USD'],
    ['£300m', '300000000', 'GBP'],
    ['1,000,000 euros', '1000000', 'EUR'],
    ['€750,000', '750000', 'EUR'],
    ['half a billion dollars', '500000000', 'USD'],
    ['$1.5tn', '1500000000000', 'USD'],
    ['2bn Norwegian kroner', '2000000000', 'NOK'],
    ['1.7 billion Swedish kronor', '1700000000', 'SEK'],
    ['DKK 900 million', '900000000', 'DKK'],
    ['C$1.5 billion', '1500000000', 'CAD'],
    ['¥100bn', '100000000000', 'JPY'],
    ['₴5.5 billion', '5500000000', 'UAH'],
    ['3 billion hryvnias', '3000000000', 'UAH'],
    ['USD500m', '500000000', 'USD'],
    ['$50k', '50000', 'USD'],
    ['a billion-dollar deal', '1000000000', 'USD'],
    ['2.5 million U.S. dollars', '2500000', 'USD'],
    ['€0.75 billion', '750000000', 'EUR'],
  ])('%s → %s %s', (text, value, currency) => {
    const found = one(`The package of ${text} was signed.`);
    expect(found).toMatchObject({ kind: 'money', value, currency });
    expect(found.approximate).toBeUndefined();
  });

  it('keeps the exact digits of long decimals, never a float', () => {
    expect(one('€1.23456789012345bn').value).toBe('1234567890.12345');
    expect(one('$0.1bn plus').value).toBe('100000000');
    expect(one('$123,456,789,012,345,678 total').value).toBe('123456789012345678');
  });

  it('approximate cues make the value approximate; the cue is not in the span', () => {
    for (const cue of ['about', 'nearly', 'more than', 'up to', 'some', 'roughly', 'at least', 'an estimated', 'over', 'almost']) {
      const found = one(`It cost ${cue} $5 billion.`);
      expect(found, cue).toMatchObject({ text: '$5 billion', value: '5000000000', approximate: true });
    }
    expect(one('It cost $5 billion or more.').approximate).toBe(true);
    expect(one('It cost exactly $5 billion.').approximate).toBeUndefined();
  });

  it('vague quantities are approximate, valued at the power of ten the words name', () => {
    expect(one('hundreds of billions of dollars in aid')).toMatchObject({ value: '100000000000', currency: 'USD', approximate: true });
    expect(one('tens of millions of euros')).toMatchObject({ value: '10000000', currency: 'EUR', approximate: true });
    expect(one('billions of pounds')).toMatchObject({ value: '1000000000', currency: 'GBP', approximate: true });
    expect(one('several billion dollars')).toMatchObject({ value: '2000000000', approximate: true });
  });

  it('a range gives both bounds, approximate; two full amounts joined by "to" stay exact', () => {
    const view = (text: string) => findAmounts(text).map((a) => [a.span.text, a.kind, a.value, a.currency ?? null, a.approximate ?? false]);
    expect(view('$1-2 billion')).toEqual([
      ['$1', 'money', '1000000000', 'USD', true],
      ['2 billion', 'money', '2000000000', 'USD', true],
    ]);
    expect(view('growth of 25 to 30 percent')).toEqual([
      ['25', 'percent', '25', null, true],
      ['30 percent', 'percent', '30', null, true],
    ]);
    expect(view('raised from €400 million to €3 billion')).toEqual([
      ['€400 million', 'money', '400000000', 'EUR', false],
      ['€3 billion', 'money', '3000000000', 'EUR', false],
    ]);
    // Not ranges: years and falling pairs.
    expect(view('in 2025-2026 it paid $5')).toEqual([['$5', 'money', '5', 'USD', false]]);
    expect(one('between 3 and 4 billion euros, it said').value).toBe('4000000000');
  });

  it('number words and less common currencies', () => {
    expect(one('Five hundred dollars per family')).toMatchObject({ value: '500', currency: 'USD' });
    expect(one('1.8 million korunas worth of fuses')).toMatchObject({ value: '1800000', currency: 'CZK' });
  });

  it('is not money: years, counts, bare billions, dates, weapon numbers, weights', () => {
    for (const text of ['In 2025 they sent 500 rockets.', 'About 1.2 billion people live there.', 'On July 10, 2025, Patriot 3 arrived.', '500 pounds of explosives', 'the 47th brigade and 155mm shells', 'a multibillion-dollar deal']) {
      expect(findAmounts(text), text).toEqual([]);
    }
  });

  it('two amounts side by side stay two', () => {
    const found = findAmounts('up to 2.5 billion euros ($2.7 billion) and £300m');
    expect(found.map((a) => [a.value, a.currency, a.approximate ?? false])).toEqual([
      ['2500000000', 'EUR', true],
      ['2700000000', 'USD', false],
      ['300000000', 'GBP', false],
    ]);
  });
});

describe('findAmounts: percentages', () => {
  it.each([
    ['5% of GDP', '5', 'GDP'],
    ['3.5 percent of gross domestic product', '3.5', 'GDP'],
    ['0.25 per cent of its GDP', '0.25', 'GDP'],
    ['the 2% GDP target', '2', 'GDP'],
    ['12%', '12', undefined],
    ['2 per cent', '2', undefined],
    ['1.5 percentage points', '1.5', undefined],
    ['five percent', '5', undefined],
  ])('%s', (text, value, of) => {
    const found = one(`Spending: ${text}.`);
    expect(found).toMatchObject({ kind: 'percent', value });
    expect(found.of).toBe(of);
    expect(found.currency).toBeUndefined();
  });

  it('"only 12%" is an exact percentage; "about 3%" is approximate; "3–4%" a range', () => {
    expect(one('only 12% of the funds')).toMatchObject({ value: '12' });
    expect(one('only 12% of the funds').approximate).toBeUndefined();
    expect(one('about 3% of GDP')).toMatchObject({ value: '3', of: 'GDP', approximate: true });
    expect(findAmounts('3–4%').map((a) => [a.value, a.approximate])).toEqual([
      ['3', true],
      ['4', true],
    ]);
  });
});

describe('properties', () => {
  const scales = [
    ['', 0],
    ['m', 6],
    [' million', 6],
    ['bn', 9],
    [' billion', 9],
    [' trillion', 12],
    ['k', 3],
  ] as const;
  const symbols = [
    ['€', 'EUR'],
    ['$', 'USD'],
    ['£', 'GBP'],
    ['US$', 'USD'],
    ['EUR ', 'EUR'],
  ] as const;
  /** The value written as whole.fraction × 10^places, by moving the decimal point in the text. */
  const exact = (whole: bigint, fraction: string, places: number) => {
    const padded = fraction.padEnd(places, '0');
    const intPart = BigInt(`${whole}${padded.slice(0, places)}`).toString();
    const fracPart = padded.slice(places).replace(/0+$/, '');
    return fracPart ? `${intPart}.${fracPart}` : intPart;
  };

  it('a written amount parses back to the exact value, in a sentence around it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 999_999n }),
        fc.stringMatching(/^\d{0,4}$/),
        fc.constantFrom(...scales),
        fc.constantFrom(...symbols),
        fc.constantFrom('', 'The EU paid ', 'In 2025, '),
        (whole, fraction, [scale, places], [symbol, currency], before) => {
          const number = fraction ? `${whole}.${fraction}` : `${whole}`;
          const text = `${before}${symbol}${number}${scale} to Kyiv.`;
          const found = findAmounts(text);
          expect(found, text).toHaveLength(1);
          expect(found[0]!.value).toBe(exact(whole, fraction, places));
          expect(found[0]!.currency).toBe(currency);
          expect(text.slice(found[0]!.span.start, found[0]!.span.end)).toBe(found[0]!.span.text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('thousands separators are read exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1000n, max: 10n ** 15n }), (n) => {
        const text = `paid €${n.toLocaleString('en-US')} yesterday`;
        expect(findAmounts(text).map((a) => a.value)).toEqual([n.toString()]);
      }),
    );
  });
});

const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const present = existsSync(seeds) && readdirSync(seeds).some((f) => f.startsWith('002'));
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`skipping the seed-article amount tests: ${seeds} is absent`);
}

describe.skipIf(!present)('seed articles', () => {
  const seed = (prefix: string) => readFileSync(join(seeds, readdirSync(seeds).find((f) => f.startsWith(prefix))!), 'utf8');

  it('002: "hundreds of billions of dollars" is approximate, "only 12%" a percentage, "2% GDP" of GDP', () => {
    const found = findAmounts(seed('002'));
    expect(found.find((a) => a.span.text === 'hundreds of billions of dollars')).toMatchObject({ kind: 'money', value: '100000000000', currency: 'USD', approximate: true });
    expect(found.find((a) => a.span.text === '12%')).toMatchObject({ kind: 'percent', value: '12' });
    expect(found.find((a) => a.span.text === '2% GDP')).toMatchObject({ kind: 'percent', value: '2', of: 'GDP' });
    // Years in the text (2016, 2024, 2025, 2026) are not amounts.
    expect(found.every((a) => !/^20\d\d$/.test(a.value))).toBe(true);
  });

  it('000 and 001 state no amount', () => {
    expect(findAmounts(seed('000'))).toEqual([]);
    expect(findAmounts(seed('001'))).toEqual([]);
  });
});
