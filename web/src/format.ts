/**
 * Amounts arrive as exact decimal strings ("1234567.89") and are formatted as strings: no
 * amount passes through a floating-point number on its way to the screen. Charts need plot
 * coordinates, so `plotUnits` gives whole major units as an integer for drawing only.
 */

/** "1234567.89" → "1,234,567.89"; "-5.00" → "−5.00". */
export function groupDecimal(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Whole units, rounded half up on the decimal string: "1234567.89" → "1,234,568". */
export function wholeUnits(amount: string): string {
  return groupDecimal(roundToWhole(amount));
}

function roundToWhole(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  let digits = BigInt(whole);
  if (fraction !== '' && Number.parseInt(fraction[0] ?? '0', 10) >= 5) digits += 1n;
  return `${negative && digits !== 0n ? '-' : ''}${digits.toString()}`;
}

/** "EUR 1,234,568" — money for people: whole units with the currency code. */
export function money(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  return `${currency} ${wholeUnits(amount)}`;
}

/** Compact for chart labels: "EUR 1.23 bn", "EUR 456 m". Computed on the integer string. */
export function compactMoney(amount: string, currency: string): string {
  const whole = roundToWhole(amount).replace('-', '');
  const sign = amount.startsWith('-') ? '−' : '';
  const scaled = (digits: number, suffix: string) => {
    const head = whole.slice(0, whole.length - digits) || '0';
    const tail = whole.slice(whole.length - digits, whole.length - digits + 2).padEnd(2, '0');
    return `${currency} ${sign}${groupDecimal(head)}${head.length < 3 ? `.${tail.slice(0, 3 - head.length)}` : ''} ${suffix}`;
  };
  if (whole.length > 9) return scaled(9, 'bn');
  if (whole.length > 6) return scaled(6, 'm');
  return `${currency} ${sign}${groupDecimal(whole)}`;
}

/** An integer of whole major units, for chart geometry only (exact below 2^53). */
export function plotUnits(amount: string | null | undefined): number {
  if (!amount) return 0;
  return Number(roundToWhole(amount));
}

/** Exact hundredths of a decimal amount (finer digits dropped): plotting sums without floats. */
export function hundredthsOf(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const value = BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

/** Whole units of a sum of hundredths, for chart geometry. */
export function plotHundredths(hundredths: bigint): number {
  return plotUnits((hundredths / 100n).toString());
}

export function label(text: string): string {
  return text.replaceAll('_', ' ');
}
