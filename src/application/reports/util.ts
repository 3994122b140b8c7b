/** Sums bigint amounts picked from each item. */
export function sumBy<T>(items: readonly T[], pick: (item: T) => bigint): bigint {
  let total = 0n;
  for (const item of items) total += pick(item);
  return total;
}

/** Whole days from one ISO date to another (negative if `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}

/**
 * Splits `total` into parts proportional to `weights` (largest remainder): the parts sum to
 * `total` exactly, so a figure converted once and then split by category still adds up to it.
 * Weights are not negative; with no weight at all the whole goes to the first part.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return [];
  if (total < 0n) return allocate(-total, weights).map((part) => -part);
  const whole = sumBy(weights, (weight) => weight);
  if (whole === 0n) return weights.map((_, index) => (index === 0 ? total : 0n));
  const parts = weights.map((weight) => (total * weight) / whole);
  let left = total - sumBy(parts, (part) => part);
  // The largest remainders get one more minor unit each; ties go to the earlier part.
  const order = weights
    .map((weight, index) => ({ index, remainder: (total * weight) % whole }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }
  return parts;
}

/** The calendar month of an ISO date: "2025-08-10" → "2025-08". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Every month from `first` to `last` inclusive, "YYYY-MM". */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let current = first; current <= last; ) {
    months.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/** Items grouped by a key, each group in the items' order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = []));
    group.push(item);
  }
  return groups;
}
