import { currencyDigits, divRound } from '../../domain/money.js';

/**
 * Exact decimal arithmetic on the number texts FTS writes ("2221403.0", "0.837", "1.5e7"):
 * digits and a power of ten as bigint, never a floating-point number.
 */
export interface Decimal {
  /** value = units / 10^scale */
  readonly units: bigint;
  readonly scale: number;
}

const numberPattern = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/** A non-negative decimal number text, or undefined when it is not one. */
export function readDecimal(text: string): Decimal | undefined {
  const match = numberPattern.exec(text);
  if (!match) return undefined;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const shift = Number.parseInt(exponent, 10);
  let units = BigInt(whole + fraction);
  let scale = fraction.length - shift;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/**
 * The value in minor units of `currency`. FTS writes amounts as Python floats, so a value may
 * carry more decimals than the currency has (e.g. "1234.5600000000002"): such a value is
 * rounded explicitly to the currency's minor unit, half to even.
 */
export function minorUnits(value: Decimal, currency: string): bigint {
  const digits = currencyDigits(currency);
  if (value.scale <= digits) return value.units * 10n ** BigInt(digits - value.scale);
  return divRound(value.units, 10n ** BigInt(value.scale - digits));
}

/** Plain decimal text of a Decimal, trailing zeros of the fraction dropped: {8370, 4} → "0.837". */
export function decimalText(value: Decimal): string {
  if (value.scale === 0) return value.units.toString();
  const text = value.units.toString().padStart(value.scale + 1, '0');
  const fraction = text.slice(-value.scale).replace(/0+$/, '');
  return fraction === '' ? text.slice(0, -value.scale) : `${text.slice(0, -value.scale)}.${fraction}`;
}

/** 1 / value with `places` decimals, rounded half to even; undefined for zero. */
export function reciprocal(value: Decimal, places: number): Decimal | undefined {
  if (value.units === 0n) return undefined;
  return { units: divRound(10n ** BigInt(places + value.scale), value.units), scale: places };
}

export function isZero(value: Decimal): boolean {
  return value.units === 0n;
}
