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
