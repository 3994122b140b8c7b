import { describe, expect, it } from 'vitest';
import { compare, decimalText, multiply, normalize, readDecimal, reciprocal, roundHalfEven, shift, toMinor, type Decimal } from './decimal.js';

const read = (text: string): Decimal => {
  const value = readDecimal(text);
  if (value === undefined) throw new Error(`"${text}" should read`);
  return value;
};

describe('readDecimal', () => {
  it('reads digits, a fraction and a sign, keeping the scale as written', () => {
    expect(readDecimal('0')).toEqual({ units: 0n, scale: 0 });
    expect(readDecimal('1250.50')).toEqual({ units: 125050n, scale: 2 });
    expect(readDecimal('-0.6')).toEqual({ units: -6n, scale: 1 });
    expect(readDecimal('+7')).toEqual({ units: 7n, scale: 0 });
    expect(readDecimal('007.10')).toEqual({ units: 710n, scale: 2 });
    expect(readDecimal('123456789012345678901234567890.123456789')).toEqual({ units: 123456789012345678901234567890123456789n, scale: 9 });
  });

  it('reads exponents exactly', () => {
    expect(readDecimal('5e-06')).toEqual({ units: 5n, scale: 6 });
    expect(readDecimal('1.25e-05')).toEqual({ units: 125n, scale: 7 });
    expect(readDecimal('1.2E+3')).toEqual({ units: 1200n, scale: 0 });
    expect(readDecimal('1.5e7')).toEqual({ units: 15000000n, scale: 0 });
    expect(readDecimal('1.2345e2')).toEqual({ units: 12345n, scale: 2 });
    expect(readDecimal('-2E-2')).toEqual({ units: -2n, scale: 2 });
    expect(readDecimal('1e40')).toEqual({ units: 10n ** 40n, scale: 0 });
    expect(readDecimal('1e-40')).toEqual({ units: 1n, scale: 40 });
  });

  it('refuses anything else', () => {
    for (const bad of ['', ' 1', '1 ', '1,5', '1.2.3', '0x10', '.5', '5.', '-', '+', '--1', '1e', 'e5', '1e+', '1_000', 'Infinity', 'NaN', '١', '1e41', '1e-41', '1e99999999999999999999']) {
      expect(readDecimal(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('decimalText and normalize', () => {
  it('writes exactly the scale, with sign and leading zero', () => {
    expect(decimalText({ units: 20037n, scale: 4 })).toBe('2.0037');
    expect(decimalText({ units: 10000n, scale: 4 })).toBe('1.0000');
    expect(decimalText({ units: 5n, scale: 3 })).toBe('0.005');
    expect(decimalText({ units: -5n, scale: 1 })).toBe('-0.5');
    expect(decimalText({ units: -1234n, scale: 0 })).toBe('-1234');
    expect(decimalText({ units: 0n, scale: 2 })).toBe('0.00');
  });

  it('normalize drops trailing zeros of the fraction only', () => {
    expect(normalize({ units: 8370n, scale: 4 })).toEqual({ units: 837n, scale: 3 });
    expect(normalize({ units: 1500n, scale: 2 })).toEqual({ units: 15n, scale: 0 });
    expect(normalize({ units: 1500n, scale: 0 })).toEqual({ units: 1500n, scale: 0 });
    expect(normalize({ units: 0n, scale: 12 })).toEqual({ units: 0n, scale: 0 });
    expect(decimalText(normalize(read('2221403.0')))).toBe('2221403');
    expect(decimalText(normalize(read('-1.50e1')))).toBe('-15');
  });
});

describe('roundHalfEven', () => {
  const round = (text: string, places: number) => decimalText(roundHalfEven(read(text), places));

  it('rounds .5 to the even neighbour, both ways', () => {
    expect(round('0.5', 0)).toBe('0');
    expect(round('1.5', 0)).toBe('2');
    expect(round('2.5', 0)).toBe('2');
    expect(round('3.5', 0)).toBe('4');
    expect(round('1.00005', 4)).toBe('1.0000');
    expect(round('1.00015', 4)).toBe('1.0002');
    expect(round('1.000050', 4)).toBe('1.0000');
  });

  it('rounds negatives symmetrically', () => {
    expect(round('-0.5', 0)).toBe('0');
    expect(round('-1.5', 0)).toBe('-2');
    expect(round('-2.5', 0)).toBe('-2');
    expect(round('-2.51', 0)).toBe('-3');
    expect(round('-2.49', 0)).toBe('-2');
  });

  it('rounds anything off the half to the nearest', () => {
    expect(round('2.003724285', 4)).toBe('2.0037');
    expect(round('2.00005000001', 4)).toBe('2.0001');
    expect(round('2.00004999999', 4)).toBe('2.0000');
  });

  it('leaves a value with no more decimals than asked as written', () => {
    expect(round('1.75', 4)).toBe('1.75');
    expect(round('2.050', 4)).toBe('2.050');
    expect(round('3', 0)).toBe('3');
  });
});

describe('shift', () => {
  it('moves the point: € billion → euros, millions → units, and back', () => {
    expect(decimalText(shift(read('0.002645'), 9))).toBe('2645000');
    expect(decimalText(shift(read('1234.5'), 6))).toBe('1234500000');
    expect(decimalText(normalize(shift(read('0.0000015'), 6)))).toBe('1.5');
    expect(decimalText(shift(read('-0.6'), 9))).toBe('-600000000');
    expect(decimalText(shift(read('1.5'), 0))).toBe('1.5');
    expect(decimalText(shift({ units: 264_500_000n, scale: 2 }, -9))).toBe('0.00264500000');
    expect(shift(read('5e-06'), 9)).toEqual({ units: 5000n, scale: 0 });
  });
});

describe('toMinor', () => {
  it("uses the currency's digits", () => {
    expect(toMinor(read('12.5'), 'EUR', { rounding: 'refuse' })).toBe(1250n);
    expect(toMinor(read('13'), 'JPY', { rounding: 'refuse' })).toBe(13n);
    expect(toMinor(read('1.234'), 'KWD', { rounding: 'refuse' })).toBe(1234n);
    expect(toMinor(read('1.5e3'), 'USD', { rounding: 'refuse' })).toBe(150000n);
    expect(toMinor(read('-0.6'), 'EUR', { rounding: 'refuse' })).toBe(-60n);
    expect(toMinor(read('12.5000'), 'EUR', { rounding: 'refuse' })).toBe(1250n);
  });

  it('rounds half to even to the minor unit when asked', () => {
    const cents = (text: string) => toMinor(read(text), 'EUR', { rounding: 'half-even' });
    expect(cents('100.555')).toBe(10056n);
    expect(cents('100.565')).toBe(10056n);
    expect(cents('100.5650001')).toBe(10057n);
    expect(cents('-100.555')).toBe(-10056n);
    expect(cents('-0.005')).toBe(0n);
    expect(cents('23417159.978473667')).toBe(2_341_715_998n);
    expect(cents('1234.5600000000002')).toBe(123456n);
    expect(toMinor(read('2.5'), 'JPY', { rounding: 'half-even' })).toBe(2n);
  });

  it('refuses a value finer than the minor unit when asked, and an unknown currency', () => {
    expect(() => toMinor(read('0.305'), 'EUR', { rounding: 'refuse' })).toThrow(/EUR has 2 decimal places, "0.305" has more/);
    expect(() => toMinor(read('1.5'), 'JPY', { rounding: 'refuse' })).toThrow(expect.objectContaining({ code: 'AMOUNT_PRECISION' }));
    expect(() => toMinor(read('1'), 'EURO', { rounding: 'half-even' })).toThrow(/unknown ISO 4217 currency/);
  });
});

describe('compare, multiply, reciprocal', () => {
  it('compares across scales', () => {
    expect(compare(read('100'), read('100.0000'))).toBe(0);
    expect(compare(read('100.0001'), read('100'))).toBe(1);
    expect(compare(read('-1'), read('0.5'))).toBe(-1);
  });

  it('multiplies exactly', () => {
    expect(decimalText(multiply(read('2.5'), { units: 333n, scale: 0 }))).toBe('832.5');
    expect(decimalText(roundHalfEven(multiply(read('2.5'), { units: 333n, scale: 0 }), 0))).toBe('832');
  });

  it('inverts with the places asked, half to even, and not zero', () => {
    expect(decimalText(reciprocal(read('1.25'), 4) as Decimal)).toBe('0.8000');
    expect(decimalText(normalize(reciprocal(read('1.1947431302270012'), 12) as Decimal))).toBe('0.837');
    expect(reciprocal(read('3'), 2)).toEqual({ units: 33n, scale: 2 });
    expect(reciprocal(read('0.0'), 12)).toBeUndefined();
  });
});
