import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  amountMajorMax,
  asCurrency,
  convertMinor,
  convertMinorInverse,
  currencyDigits,
  divRound,
  formatAmount,
  formatRatio,
  groupThousands,
  parseAmount,
  parseRatio,
  percent,
} from './money.js';
import { thrown } from '../../test/support/domain.js';

const abs = (value: bigint): bigint => (value < 0n ? -value : value);

describe('currencyDigits', () => {
  it('reads ISO 4217 minor units: EUR 2, USD 2, JPY 0, KWD 3', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('rejects unknown codes, lower case and the X… non-currencies with CURRENCY_UNKNOWN', () => {
    for (const code of ['ABC', 'eur', 'EURO', '', 'XAU', 'XXX']) {
      expect(thrown(() => currencyDigits(code)), code).toMatchObject({ code: 'CURRENCY_UNKNOWN' });
    }
    expect(thrown(() => asCurrency('ZZZ')).message).toBe('unknown ISO 4217 currency "ZZZ"');
  });

  // BUG (see report): every code starting with X is refused, which drops the circulating
  // ISO 4217 currencies XOF (West African CFA franc), XAF (Central African CFA franc) and
  // XPF (CFP franc), and XCD (East Caribbean dollar) along with the non-currencies (XAU, XDR, XXX, XTS) the check means to exclude.
  it('knows XOF 0, XAF 0, XPF 0 and XCD 2', () => {
    expect(currencyDigits('XOF')).toBe(0);
    expect(currencyDigits('XAF')).toBe(0);
    expect(currencyDigits('XPF')).toBe(0);
    expect(currencyDigits('XCD')).toBe(2);
  });
});

describe('parseAmount', () => {
  it('reads major units into minor units', () => {
    expect(parseAmount('12.50', 'EUR')).toBe(1250n);
    expect(parseAmount('12.5', 'EUR')).toBe(1250n);
    expect(parseAmount('12', 'EUR')).toBe(1200n);
    expect(parseAmount('0.01', 'EUR')).toBe(1n);
    expect(parseAmount('-3.07', 'EUR')).toBe(-307n);
    expect(parseAmount('1.2300', 'EUR')).toBe(123n);
    expect(parseAmount('007.10', 'USD')).toBe(710n);
    expect(parseAmount('1.234', 'KWD')).toBe(1234n);
  });

  it('JPY has no decimals: "1500" is 1500 minor units, "1.0" is fine, "1.5" is AMOUNT_PRECISION', () => {
    expect(parseAmount('1500', 'JPY')).toBe(1500n);
    expect(parseAmount('1.0', 'JPY')).toBe(1n);
    const error = thrown(() => parseAmount('1.5', 'JPY', 'lines[0].unitValue'));
    expect(error).toMatchObject({ code: 'AMOUNT_PRECISION', path: 'lines[0].unitValue' });
    expect(error.message).toBe('lines[0].unitValue: JPY has 0 decimal places, "1.5" has more');
  });

  it('rejects more decimals than the currency has with AMOUNT_PRECISION', () => {
    expect(thrown(() => parseAmount('0.001', 'EUR'))).toMatchObject({ code: 'AMOUNT_PRECISION', path: 'amount' });
    expect(thrown(() => parseAmount('1.2345', 'KWD'))).toMatchObject({ code: 'AMOUNT_PRECISION' });
  });

  it('rejects anything but plain decimal digits with VALIDATION_FAILED', () => {
    for (const text of ['', ' 1', '1 ', '1e5', '1,00', '+1', '.5', '5.', '0x10', 'NaN', '1.123456789', '--1']) {
      expect(thrown(() => parseAmount(text, 'EUR')), JSON.stringify(text)).toMatchObject({ code: 'VALIDATION_FAILED', path: 'amount' });
    }
  });

  it('rejects amounts of 10^15 major units and more with AMOUNT_TOO_LARGE', () => {
    expect(parseAmount('999999999999999.99', 'EUR')).toBe(amountMajorMax * 100n - 1n);
    expect(thrown(() => parseAmount('1000000000000000', 'EUR'))).toMatchObject({ code: 'AMOUNT_TOO_LARGE' });
    expect(thrown(() => parseAmount('-1000000000000000', 'JPY'))).toMatchObject({ code: 'AMOUNT_TOO_LARGE' });
  });

  it('rejects an unknown currency before reading the text', () => {
    expect(thrown(() => parseAmount('1', 'ABC'))).toMatchObject({ code: 'CURRENCY_UNKNOWN' });
  });
});

describe('formatAmount', () => {
  it('writes minor units as major units with the currency\'s decimals', () => {
    expect(formatAmount(1250n, 'EUR')).toBe('12.50');
    expect(formatAmount(5n, 'EUR')).toBe('0.05');
    expect(formatAmount(-5n, 'EUR')).toBe('-0.05');
    expect(formatAmount(0n, 'EUR')).toBe('0.00');
    expect(formatAmount(1500n, 'JPY')).toBe('1500');
    expect(formatAmount(-1500n, 'JPY')).toBe('-1500');
    expect(formatAmount(1234n, 'KWD')).toBe('1.234');
  });

  it('round trip: parseAmount(formatAmount(m)) = m for every amount within the limit', () => {
    const minor = fc.bigInt({ min: -(amountMajorMax * 1000n) + 1n, max: amountMajorMax * 1000n - 1n });
    fc.assert(
      fc.property(minor, fc.constantFrom('EUR', 'JPY', 'KWD', 'USD'), (m, currency) => {
        const scaled = currencyDigits(currency) === 3 ? m : m / 10n ** BigInt(3 - currencyDigits(currency));
        expect(parseAmount(formatAmount(scaled, currency), currency)).toBe(scaled);
      }),
    );
  });

  it('round trip: formatAmount(parseAmount(text)) is the text with its decimals padded or trailing zeros trimmed', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.bigInt({ min: 0n, max: amountMajorMax - 1n }), fc.integer({ min: 0, max: 99 }), (negative, whole, cents) => {
        const text = `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
        const minor = parseAmount(text, 'EUR');
        const expected = negative && whole === 0n && cents === 0 ? '0.00' : text;
        expect(formatAmount(minor, 'EUR')).toBe(expected);
      }),
    );
  });
});

describe('groupThousands', () => {
  it('adds separators to the whole part only', () => {
    expect(groupThousands('1234567.50')).toBe('1,234,567.50');
    expect(groupThousands('-1234')).toBe('-1,234');
    expect(groupThousands('999.999')).toBe('999.999');
  });
});

describe('divRound (half to even)', () => {
  it('rounds halves to the even neighbour, other fractions to the nearest', () => {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 2n, 2n], [7n, 2n, 4n], [-5n, 2n, -2n], [-7n, 2n, -4n], [10n, 4n, 2n], [14n, 4n, 4n],
      [1n, 3n, 0n], [2n, 3n, 1n], [-2n, 3n, -1n], [5n, -2n, -2n], [7n, -2n, -4n], [-7n, -2n, 4n], [0n, 5n, 0n], [6n, 3n, 2n],
    ];
    for (const [numerator, denominator, expected] of cases) expect(divRound(numerator, denominator), `${numerator}/${denominator}`).toBe(expected);
  });

  it('is the nearest integer, and on a tie the even one (property)', () => {
    const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), nonZero, (numerator, denominator) => {
        const q = divRound(numerator, denominator);
        const gap = abs(2n * (numerator - q * denominator)); // twice the distance, times |d|
        expect(gap <= abs(denominator)).toBe(true);
        if (gap === abs(denominator)) expect(q % 2n).toBe(0n);
      }),
    );
  });

  it('dividing by zero is a programmer error, not a DomainError', () => {
    let error: unknown;
    try {
      divRound(1n, 0n);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DomainError);
  });
});

describe('parseRatio / formatRatio', () => {
  it('reads a decimal rate exactly', () => {
    expect(parseRatio('1.0825')).toEqual({ units: 10825n, scale: 4 });
    expect(parseRatio('160')).toEqual({ units: 160n, scale: 0 });
    expect(parseRatio('0.00625')).toEqual({ units: 625n, scale: 5 });
    expect(formatRatio(parseRatio('0.00625'))).toBe('0.00625');
    expect(formatRatio(parseRatio('160'))).toBe('160');
    expect(formatRatio(parseRatio('1.0825'))).toBe('1.0825');
  });

  it('rejects a zero rate with AMOUNT_NOT_POSITIVE and a malformed one with VALIDATION_FAILED', () => {
    expect(thrown(() => parseRatio('0.0'))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'rate' });
    expect(thrown(() => parseRatio('-1'))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'rate' });
    expect(thrown(() => parseRatio('1e3'))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('convertMinor / convertMinorInverse', () => {
  const rate = parseRatio;

  it('converts with "1 from = rate to", adjusting the minor-unit exponents', () => {
    expect(convertMinor(100_00n, 'EUR', 'USD', rate('1.0825'))).toBe(108_25n);
    expect(convertMinor(100_00n, 'EUR', 'JPY', rate('160.5'))).toBe(16_050n);
    expect(convertMinor(16_050n, 'JPY', 'EUR', rate('0.00623'))).toBe(99_99n); // 99.9915 EUR
    expect(convertMinor(1_000n, 'KWD', 'EUR', rate('2.9')).toString()).toBe('290'); // 1.000 KWD = 2.90 EUR
  });

  it('rounds half to even', () => {
    expect(convertMinor(1n, 'EUR', 'USD', rate('0.5'))).toBe(0n);
    expect(convertMinor(3n, 'EUR', 'USD', rate('0.5'))).toBe(2n);
    expect(convertMinor(5n, 'EUR', 'USD', rate('0.5'))).toBe(2n);
    expect(convertMinor(-3n, 'EUR', 'USD', rate('0.5'))).toBe(-2n);
    expect(convertMinor(150n, 'EUR', 'JPY', rate('1'))).toBe(2n); // 1.50 EUR → ¥1.5 → ¥2
    expect(convertMinor(250n, 'EUR', 'JPY', rate('1'))).toBe(2n); // 2.50 EUR → ¥2.5 → ¥2
  });

  it('converts with the rate read the other way: "1 to = rate from"', () => {
    expect(convertMinorInverse(108_25n, 'USD', 'EUR', rate('1.0825'))).toBe(100_00n);
    expect(convertMinorInverse(16_050n, 'JPY', 'EUR', rate('160.5'))).toBe(100_00n);
    expect(convertMinorInverse(1n, 'USD', 'EUR', rate('2'))).toBe(0n); // 0.005 → 0.00 (even)
    expect(convertMinorInverse(3n, 'USD', 'EUR', rate('2'))).toBe(2n); // 0.015 → 0.02 (even)
  });

  it('inverse undoes a conversion exactly when the currencies share an exponent and the rate is at least 1 (property)', () => {
    const ratio = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 })).map(([extra, scale]) => ({ units: 10n ** BigInt(scale) + extra - 1n, scale }));
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), ratio, (minor, r) => {
        expect(convertMinorInverse(convertMinor(minor, 'EUR', 'USD', r), 'USD', 'EUR', r)).toBe(minor);
      }),
    );
  });

  it('agrees with exact rational arithmetic to within half a minor unit (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 8n }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom<[string, string]>(['EUR', 'USD'], ['EUR', 'JPY'], ['JPY', 'EUR'], ['KWD', 'JPY'], ['JPY', 'KWD']),
        (minor, units, scale, [from, to]) => {
          const r = { units, scale };
          const shift = currencyDigits(to) - currencyDigits(from);
          // exact value in `to` minor units = minor * units * 10^shift / 10^scale
          const num = minor * units * 10n ** BigInt(Math.max(shift, 0));
          const den = 10n ** BigInt(scale) * 10n ** BigInt(Math.max(-shift, 0));
          const got = convertMinor(minor, from, to, r);
          expect(abs(2n * (num - got * den)) <= den).toBe(true);
          const inverse = convertMinorInverse(minor, from, to, r);
          // exact inverse = minor * 10^scale * 10^shift / units
          const inum = minor * 10n ** BigInt(scale) * 10n ** BigInt(Math.max(shift, 0));
          const iden = units * 10n ** BigInt(Math.max(-shift, 0));
          expect(abs(2n * (inum - inverse * iden)) <= iden).toBe(true);
        },
      ),
    );
  });
});

describe('percent', () => {
  it('is the exact share with two decimals, rounded half to even', () => {
    expect(percent(2n, 100n)).toBe('2.00');
    expect(percent(1n, 3n)).toBe('33.33');
    expect(percent(2n, 3n)).toBe('66.67');
    expect(percent(1n, 8n)).toBe('12.50');
    expect(percent(3n, 2n)).toBe('150.00');
    expect(percent(-1n, 3n)).toBe('-33.33');
    expect(percent(1n, 20_000n)).toBe('0.00'); // 0.005 % → 0.00
    expect(percent(3n, 20_000n)).toBe('0.02'); // 0.015 % → 0.02
    expect(percent(-1n, 200n)).toBe('-0.50');
  });

  it('is 0.00 of nothing', () => {
    expect(percent(5n, 0n)).toBe('0.00');
    expect(percent(0n, 7n)).toBe('0.00');
  });
});
