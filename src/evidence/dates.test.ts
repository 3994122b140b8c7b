import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDates } from './dates.js';

const published = '2025-07-20'; // a Sunday
const dates = (text: string, date: string | null = published) => findDates(text, date ?? undefined).map((d) => [d.span.text, d.date]);

describe('findDates', () => {
  it('month names in both orders, with and without a year', () => {
    expect(dates('during a July 10 phone call')).toEqual([['July 10', '2025-07-10']]);
    expect(dates('on 10 July the call came')).toEqual([['10 July', '2025-07-10']]);
    expect(dates('On July 15, Rutte spoke')).toEqual([['July 15', '2025-07-15']]);
    expect(dates('beginning on January 20, 2025, and on 24 February 2022')).toEqual([
      ['January 20, 2025', '2025-01-20'],
      ['24 February 2022', '2022-02-24'],
    ]);
    expect(dates('Sept. 3 and March 3rd')).toEqual([
      ['Sept. 3', '2025-09-03'],
      ['March 3rd', '2025-03-03'],
    ]);
  });

  it('month alone gives YYYY-MM, year alone YYYY', () => {
    expect(dates('in March the talks began')).toEqual([['March', '2025-03']]);
    expect(dates('since February 2022')).toEqual([['February 2022', '2022-02']]);
    expect(dates('deliveries in 2026 and by 2030')).toEqual([
      ['2026', '2026'],
      ['2030', '2030'],
    ]);
    expect(dates('the 2024 election and a potential 2026 re-election bid; in late 2024')).toEqual([
      ['2024', '2024'],
      ['2026', '2026'],
      ['2024', '2024'],
    ]);
    expect(dates('targets for Q3 2025')).toEqual([['2025', '2025']]);
  });

  it('relative dates resolve against the article date', () => {
    expect(dates('last week')).toEqual([['last week', '2025-07-13']]);
    expect(dates('yesterday')).toEqual([['yesterday', '2025-07-19']]);
    expect(dates('next month')).toEqual([['next month', '2025-08']]);
    expect(dates('last year')).toEqual([['last year', '2024']]);
    expect(dates('two weeks ago')).toEqual([['two weeks ago', '2025-07-06']]);
    expect(dates('on Wednesday', '2025-07-24')).toEqual([['Wednesday', '2025-07-23']]);
  });

  it('without the article date, relative dates and day-month without a year are left out', () => {
    expect(dates('last week, yesterday, on Tuesday, next month, July 10', null)).toEqual([]);
    expect(dates('on 10 July 2025 and in 2026', null)).toEqual([
      ['10 July 2025', '2025-07-10'],
      ['2026', '2026'],
    ]);
  });

  it('all-number dates are day first unless they cannot be; without a year they are not dates', () => {
    expect(dates('on 10/07/2025 and 10.07.2025')).toEqual([
      ['10/07/2025', '2025-07-10'],
      ['10.07.2025', '2025-07-10'],
    ]);
    expect(dates('on 7/25/2025')).toEqual([['7/25/2025', '2025-07-25']]);
    expect(dates('24/7 coverage and a 7/10 score')).toEqual([]);
  });

  it('drops times of day alone, "now", and numbers that are not dates', () => {
    for (const text of ['at 10am', 'from 2 to 3', 'right now', 'Patriot 3 systems', 'F-16s and S-300s', '500 rockets', 'the 47th Brigade', 'the 1990s', '€2025 million', '2000 troops', 'about 12.5% of GDP', 'a 2,025-page report']) {
      expect(dates(text), text).toEqual([]);
    }
  });

  it('bare month names need a word of time: "May" the name and "March" the verb are not dates', () => {
    expect(dates('Theresa May said so. March on Kyiv!')).toEqual([]);
    expect(dates('Talks resume in May and by June')).toEqual([
      ['May', '2025-05'],
      ['June', '2025-06'],
    ]);
  });

  it('refuses a published date that is not a date', () => {
    expect(() => findDates('July 10', '2025-13-45')).toThrow(/published/);
    expect(() => findDates('July 10', '20/07/2025')).toThrow(/published/);
  });

  it('every span is the text it claims and every date is well formed (property)', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }), fc.boolean(), fc.constantFrom('', 'The deal was signed ', 'Rutte said on '), (d, dayFirst, before) => {
        const day = d.getUTCDate();
        const month = months[d.getUTCMonth()]!;
        const year = d.getUTCFullYear();
        const written = dayFirst ? `${day} ${month} ${year}` : `${month} ${day}, ${year}`;
        const text = `${before}${written}, officials said.`;
        const found = findDates(text, published);
        expect(found, text).toHaveLength(1);
        expect(found[0]!.date).toBe(d.toISOString().slice(0, 10));
        expect(text.slice(found[0]!.span.start, found[0]!.span.end)).toBe(found[0]!.span.text);
      }),
      { numRuns: 200 },
    );
  });
});

const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const present = existsSync(seeds) && readdirSync(seeds).some((f) => f.startsWith('000'));
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`skipping the seed-article date tests: ${seeds} is absent`);
}

describe.skipIf(!present)('seed articles', () => {
  const seed = (prefix: string) => readFileSync(join(seeds, readdirSync(seeds).find((f) => f.startsWith(prefix))!), 'utf8');

  it('000: the July 10 phone call and the July 15 interview, given a 2025 date', () => {
    const found = findDates(seed('000'), '2025-07-20');
    expect(found.map((d) => d.date)).toEqual(expect.arrayContaining(['2025-07-10', '2025-07-15']));
    expect(found.find((d) => d.span.text === 'July 10')?.date).toBe('2025-07-10');
  });

  it('001: the same dates written with their year, found even without the article date', () => {
    const found = findDates(seed('001'));
    expect(found.map((d) => d.date)).toEqual(expect.arrayContaining(['2025-07-10', '2025-07-15', '2024']));
  });

  it('004: December 19 resolves in the article year', () => {
    expect(findDates(seed('004'), '2025-12-20').find((d) => d.span.text === 'December 19')?.date).toBe('2025-12-19');
  });
});
