/**
 * Exact decimal arithmetic on the strings NATO's tables hold, with no floating point: shares of
 * GDP as percentages ("2.003724285") and amounts in millions ("123456.7").
 */

const decimalPattern = /^(\d+)(?:\.(\d+))?$/;

/** True when `text` is a plain non-negative decimal: digits, optionally a point and digits. */
export function isDecimal(text: string): boolean {
  return decimalPattern.test(text);
}

/**
 * A non-negative decimal string rounded half to even to at most `places` decimals, by string
 * arithmetic. A value with `places` decimals or fewer is returned as written ("1.75" stays
 * "1.75"); a longer one is rounded and written with exactly `places` decimals
 * ("2.003724285" → "2.0037", "1.00005" → "1.0000", "1.00015" → "1.0002").
 */
export function roundHalfEven(text: string, places: number): string {
  const match = decimalPattern.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal`);
  const [, whole = '', fraction = ''] = match;
  if (fraction.length <= places) return text;
  const kept = fraction.slice(0, places);
  const rest = fraction.slice(places);
  let units = BigInt(whole + kept);
  const firstDropped = rest.charCodeAt(0) - 48;
  const beyondHalf = /[1-9]/.test(rest.slice(1));
  if (firstDropped > 5 || (firstDropped === 5 && beyondHalf) || (firstDropped === 5 && !beyondHalf && units % 2n === 1n)) units += 1n;
  return fromUnits(units, places);
}

/** A decimal string as an integer count of 10^-places: `scaled("2.05", 4)` → 20500n. Digits beyond `places` must be zero. */
export function scaled(text: string, places: number): bigint {
  const match = decimalPattern.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal`);
  const [, whole = '', fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(places))) throw new RangeError(`"${text}" has more than ${places} decimals`);
  return BigInt(whole + fraction.slice(0, places).padEnd(places, '0'));
}

/** An integer count of 10^-places written as a decimal string: `fromUnits(20037n, 4)` → "2.0037". */
export function fromUnits(units: bigint, places: number): string {
  if (places === 0) return units.toString();
  const digits = units.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/**
 * An amount in millions as a decimal string in major units, by moving the decimal point six
 * places: "1234.5" → "1234500000", "0.0000015" → "1.5". Nothing is rounded here; the currency's
 * minor units decide later whether the result is exact.
 */
export function millionsToUnits(text: string): string {
  const match = decimalPattern.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal`);
  const [, whole = '', fraction = ''] = match;
  const padded = fraction.padEnd(6, '0');
  const integer = `${whole}${padded.slice(0, 6)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(6).replace(/0+$/, '');
  return rest === '' ? integer : `${integer}.${rest}`;
}
