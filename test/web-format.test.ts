import { describe, expect, it } from 'vitest';
import { compareDecimal, toCsv } from '../web/src/components/table-logic.js';
import { compactMoney, groupDecimal, hundredthsOf, money, plotHundredths, plotUnits, wholeUnits } from '../web/src/format.js';

/** The dashboard formats amounts from their exact decimal strings, never through a float. */
describe('dashboard number formatting', () => {
  it('groups thousands on the string, keeping every digit', () => {
    expect(groupDecimal('1234567.89')).toBe('1,234,567.89');
    expect(groupDecimal('99999999999999999999.99')).toBe('99,999,999,999,999,999,999.99');
    expect(groupDecimal('-5.00')).toBe('−5.00');
    expect(groupDecimal('100')).toBe('100');
  });

  it('rounds to whole units half up on the string', () => {
    expect(wholeUnits('1234567.49')).toBe('1,234,567');
    expect(wholeUnits('1234567.50')).toBe('1,234,568');
    expect(wholeUnits('-0.40')).toBe('0');
    // Beyond 2^53 a float would lose the last digits.
    expect(wholeUnits('9007199254740993.00')).toBe('9,007,199,254,740,993');
    expect(money('500000000.00', 'EUR')).toBe('EUR 500,000,000');
    expect(money(null, 'EUR')).toBe('—');
  });

  it('compacts for chart labels and sums for charts in bigint', () => {
    expect(compactMoney('1234567890.00', 'EUR')).toBe('EUR 1.23 bn');
    expect(compactMoney('456789012.00', 'EUR')).toBe('EUR 456 m');
    expect(compactMoney('12345.00', 'EUR')).toBe('EUR 12,345');
    expect(plotUnits('1234.56')).toBe(1235);
    expect(hundredthsOf('-12.345')).toBe(-1234n);
    expect(plotHundredths(['0.10', '0.20', '999.70'].reduce((sum, a) => sum + hundredthsOf(a), 0n))).toBe(1000);
  });

  it('sorts decimal strings by value and writes CSV that a spreadsheet will not run', () => {
    const values = ['10.5', '-5.00', '100', '9.99', '0'];
    expect([...values].sort(compareDecimal)).toEqual(['-5.00', '0', '9.99', '10.5', '100']);
    const csv = toCsv([{ key: 'a', header: 'Name', value: (row: { a: string }) => row.a }], [{ a: '=HYPERLINK("x")' }, { a: 'plain, with comma' }, { a: '-12.50' }]);
    expect(csv).toBe('Name\r\n"\'=HYPERLINK(""x"")"\r\n"plain, with comma"\r\n-12.50\r\n');
  });
});
