import { percent } from '../../domain/money.js';
import type { ReportData, ReportOptions } from './data.js';
import { donorReport } from './donor.js';
import { FxTable } from './fx.js';
import { pipelineReport } from './pipeline.js';
import { allocate, daysBetween, groupBy, sumBy } from './util.js';

/**
 * Reconciliation: of the money pledged, how much was committed, paid, put under contract,
 * shipped and accepted by the recipient — per donor, per package and in total — and how much
 * paid money is not yet traced to accepted goods, and for how long. All amounts are in the
 * report currency (`ReportOptions.currency`), in minor units.
 *
 * The stages:
 * - pledged: money contributions not withdrawn, at their value now in force, converted on the
 *   day announced. Goods and capabilities given in kind are not money and are left out (the
 *   donor report has them). A donor's pledges outside any package count for the donor and the
 *   totals, not for a package.
 * - committed: the committed value now in force of those contributions (zero while announced).
 * - disbursed: money a donor transferred into packages, less what packages refunded to it, each
 *   transfer converted on its value date — the donor report's `fundedMinor`, the pipeline's
 *   paid in. (Where refunds converted on their own dates come to more than the money paid in,
 *   the donor counts as having disbursed nothing into that package.) Money a dataset reports as
 *   paid outside any package never went through the ledger's accounts and is not counted here.
 * - contracted: the value of the contracts signed for a package, converted on the day signed.
 * - shipped: the quantities dispatched on contract lines at the contract's unit prices.
 * - accepted: the quantities the recipient accepted at receipt, at the contract's unit prices.
 * Per package, contracted, shipped and accepted are the pipeline report's figures. Per donor, the contracted, shipped and
 * accepted value of each package is split among the donors whose money is in it, in proportion
 * to that money (the donor report's funding); the split uses largest remainders, so the donors'
 * shares of a package add up to its figure exactly. Value in packages that no donor money
 * reached (funded only from other packages) appears in the package rows and the totals, not in
 * any donor's row.
 *
 * Traced: the part of a donor's money in a package that accepted goods account for, its share
 * of the package's accepted value but never more than it put in. A package's traced money is
 * the sum over its donors, so traced ≤ disbursed everywhere; `tracedPercent` is traced ÷
 * disbursed in percent with two decimals (basis points, computed on integers, rounded half to
 * even), null where nothing was disbursed.
 *
 * Untraced money by age: disbursed − traced, split by how long ago it was paid (0–30, 31–90,
 * 91–180, 181–365 and over 365 days from the transfer's value date to `asOf`; a value date after
 * `asOf` counts as 0 days). Money leaves a donor's tranches in a package oldest first (FIFO):
 * refunds to the donor take its oldest money first, then the traced amount is matched to the
 * oldest money that is left, and what remains is aged by its own value dates. The buckets add up
 * to untraced exactly, per donor, per package and in total.
 *
 * Quantities: per package and contract line, what was shipped but rejected at receipt, and what
 * was dispatched but not (yet) received (shipped − accepted − rejected), with their value at
 * contract prices, the reasons given for rejections, and the count of shipments still on their
 * way after their expected date.
 *
 * Merges: a record that more than one source reported (a row of the `provenance` table per
 * record and source) is one record, counted once. A source is a dataset, file and place in the
 * file; each record with n > 1 distinct sources counts n − 1 merges, each charged to the dataset
 * of the later source. For money contributions, the money that counting the merged reports as
 * records of their own would have added is given.
 */

export const ageBuckets = [
  { key: 'untraced0To30Minor', label: '0–30 days', fromDays: 0, toDays: 30 },
  { key: 'untraced31To90Minor', label: '31–90 days', fromDays: 31, toDays: 90 },
  { key: 'untraced91To180Minor', label: '91–180 days', fromDays: 91, toDays: 180 },
  { key: 'untraced181To365Minor', label: '181–365 days', fromDays: 181, toDays: 365 },
  { key: 'untracedOver365Minor', label: 'over 365 days', fromDays: 366, toDays: null },
] as const;

export type AgeBucketKey = (typeof ageBuckets)[number]['key'];

export interface ReconciliationAmounts extends Readonly<Record<AgeBucketKey, bigint>> {
  readonly pledgedMinor: bigint;
  readonly committedMinor: bigint;
  readonly disbursedMinor: bigint;
  readonly contractedMinor: bigint;
  readonly shippedMinor: bigint;
  readonly acceptedMinor: bigint;
  /** Disbursed money that accepted goods account for. */
  readonly tracedMinor: bigint;
  /** Traced ÷ disbursed in percent, two decimals; null where nothing was disbursed. */
  readonly tracedPercent: string | null;
  /** Disbursed − traced: the sum of the five age buckets. */
  readonly untracedMinor: bigint;
}

/** One donor's or one package's figures: the rows a spreadsheet gets. */
export interface ReconciliationRow extends ReconciliationAmounts {
  readonly level: 'donor' | 'package';
  /** The donor's party id or the package id. */
  readonly id: string;
  /** The donor's name or the package's title. */
  readonly name: string;
}

export interface AgeBucket {
  readonly label: string;
  readonly fromDays: number;
  readonly toDays: number | null;
  readonly untracedMinor: bigint;
}

export interface QuantityGapLine {
  readonly contractId: string;
  readonly lineId: string;
  readonly item: string;
  readonly contracted: number;
  readonly shipped: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Dispatched but not received: shipped − accepted − rejected. */
  readonly notReceived: number;
  readonly rejectedValueMinor: bigint;
  readonly notReceivedValueMinor: bigint;
  /** The reasons the recipient gave for rejecting goods of this line. */
  readonly reasons: readonly string[];
}

export interface QuantityGap {
  readonly packageId: string;
  readonly title: string;
  readonly rejectedValueMinor: bigint;
  readonly notReceivedValueMinor: bigint;
  /** Shipments of the package not received whose expected date has passed. */
  readonly overdueShipments: number;
  readonly lines: readonly QuantityGapLine[];
}

export interface MergeSource {
  readonly seq: number;
  readonly dataset: string;
  readonly file: string;
  readonly locator: string;
  readonly publisher: string | null;
  readonly publisherRef: string | null;
  readonly note: string | null;
}

export interface MergedRecord {
  readonly recordKind: string;
  readonly recordId: string;
  /** Reports merged into the record: its distinct sources less the first. */
  readonly merged: number;
  /** For a money contribution, its pledged value (each merged report of it would have added as much again); else null. */
  readonly amountMinor: bigint | null;
  /** The distinct sources, first first. */
  readonly sources: readonly MergeSource[];
}

export interface Merges {
  /** Records with more than one source. */
  readonly records: number;
  /** Reports merged into a record instead of recorded again. */
  readonly merged: number;
  /** Money that recording each merged report of a money contribution again would have added. */
  readonly avoidedMinor: bigint;
  /** Merges charged to the dataset of the later source, by dataset. */
  readonly byDataset: readonly { readonly dataset: string; readonly merged: number }[];
  /** Merges by kind of record (contribution, party, …). */
  readonly byKind: readonly { readonly recordKind: string; readonly merged: number }[];
  readonly list: readonly MergedRecord[];
}

export interface ReconciliationReport {
  readonly report: 'reconciliation';
  readonly currency: string;
  readonly asOf: string;
  /** The donors with any figure, by id, then every package, by id. */
  readonly rows: readonly ReconciliationRow[];
  readonly totals: ReconciliationAmounts;
  /** Untraced money in total by age, oldest bucket last. */
  readonly aging: readonly AgeBucket[];
  /** Packages with goods rejected at receipt or dispatched and not received. */
  readonly quantities: readonly QuantityGap[];
  readonly merges: Merges;
}

type Convert = (amountMinor: bigint, currency: string, date: string) => bigint;

/** Figures that are plain sums: everything but the traced percentage. */
type Summable = Exclude<keyof ReconciliationAmounts, 'tracedPercent'>;
type Sums = Record<Summable, bigint>;

const summable: readonly Summable[] = [
  'pledgedMinor',
  'committedMinor',
  'disbursedMinor',
  'contractedMinor',
  'shippedMinor',
  'acceptedMinor',
  'tracedMinor',
  'untracedMinor',
  ...ageBuckets.map((bucket) => bucket.key),
];

function zero(): Sums {
  return Object.fromEntries(summable.map((key) => [key, 0n])) as Sums;
}

function addInto(into: Sums, from: Partial<Sums>): void {
  for (const key of summable) into[key] += from[key] ?? 0n;
}

/** The figures in reading order (a CSV's columns follow it), with the traced percentage. */
function finish(sums: Sums): ReconciliationAmounts {
  const { tracedMinor, untracedMinor, ...rest } = sums;
  const tracedPercent = sums.disbursedMinor > 0n ? percent(tracedMinor, sums.disbursedMinor) : null;
  const { pledgedMinor, committedMinor, disbursedMinor, contractedMinor, shippedMinor, acceptedMinor, ...buckets } = rest;
  return { pledgedMinor, committedMinor, disbursedMinor, contractedMinor, shippedMinor, acceptedMinor, tracedMinor, tracedPercent, untracedMinor, ...buckets };
}

/** The age bucket of money paid on `valueDate`, judged on `asOf`. */
export function ageBucketOf(valueDate: string, asOf: string): AgeBucketKey {
  const days = Math.max(0, daysBetween(valueDate, asOf));
  const bucket = ageBuckets.find((b) => b.toDays === null || days <= b.toDays);
  return bucket?.key ?? 'untracedOver365Minor';
}

/**
 * Ages what is left of dated tranches once `consumed` has been taken from the oldest first:
 * the untraced money per age bucket.
 */
export function ageFifo(tranches: readonly { valueDate: string; amountMinor: bigint }[], consumed: bigint, asOf: string): Partial<Record<AgeBucketKey, bigint>> {
  const sorted = [...tranches].sort((a, b) => a.valueDate.localeCompare(b.valueDate));
  const result: Partial<Record<AgeBucketKey, bigint>> = {};
  let toConsume = consumed;
  for (const tranche of sorted) {
    const taken = toConsume < tranche.amountMinor ? toConsume : tranche.amountMinor;
    toConsume -= taken;
    const left = tranche.amountMinor - taken;
    if (left <= 0n) continue;
    const key = ageBucketOf(tranche.valueDate, asOf);
    result[key] = (result[key] ?? 0n) + left;
  }
  return result;
}

export function reconciliationReport(data: ReportData, options: ReportOptions): ReconciliationReport {
  const fx = new FxTable(data.fxRates);
  const to: Convert = (amountMinor, currency, date) => fx.convert(amountMinor, currency, options.currency, date);
  const pipeline = pipelineReport(data, options);
  const donors = donorReport(data, options);

  // Each donor's money in each package, as the donor report has it, and its dated transfers.
  const fundedBy = new Map<string, Map<string, bigint>>(); // package → donor → net funding
  for (const donor of donors.rows) {
    for (const line of donor.packages) {
      let byDonor = fundedBy.get(line.packageId);
      if (!byDonor) fundedBy.set(line.packageId, (byDonor = new Map()));
      byDonor.set(donor.donorId, line.fundedMinor);
    }
  }
  const tranches = new Map<string, { valueDate: string; amountMinor: bigint }[]>(); // "donor\0package" → money in
  const refunded = new Map<string, bigint>();
  for (const t of data.transferTotals) {
    const intoPackage = t.fromAccount.startsWith('donor:') && t.toAccount.startsWith('package:');
    const refund = t.fromAccount.startsWith('package:') && t.toAccount.startsWith('donor:');
    if (!intoPackage && !refund) continue;
    const amountMinor = to(t.amountMinor, t.currency, t.valueDate);
    const key = intoPackage ? `${t.fromAccount.slice(6)}\u0000${t.toAccount.slice(8)}` : `${t.toAccount.slice(6)}\u0000${t.fromAccount.slice(8)}`;
    if (intoPackage) {
      let list = tranches.get(key);
      if (!list) tranches.set(key, (list = []));
      list.push({ valueDate: t.valueDate, amountMinor });
    } else refunded.set(key, (refunded.get(key) ?? 0n) + amountMinor);
  }

  const byDonor = new Map<string, Sums>();
  const sumsOfDonor = (donorId: string) => {
    let sums = byDonor.get(donorId);
    if (!sums) byDonor.set(donorId, (sums = zero()));
    return sums;
  };
  const packageRows: ReconciliationRow[] = [];
  const money = data.contributions.filter((c) => c.kind === 'money' && c.stage !== 'withdrawn');
  const moneyOfPackage = groupBy(
    money.filter((c) => c.packageId !== null),
    (c) => c.packageId as string,
  );
  for (const row of pipeline.rows) {
    const pledges = moneyOfPackage.get(row.packageId) ?? [];
    const sums = zero();
    addInto(sums, {
      pledgedMinor: sumBy(pledges, (c) => to(c.amountMinor, c.currency, c.announcedOn)),
      committedMinor: sumBy(pledges, (c) => to(c.committedMinor, c.currency, c.announcedOn)),
      contractedMinor: row.contractedMinor,
      shippedMinor: row.shippedMinor,
      acceptedMinor: row.acceptedMinor,
    });
    // The package's value split among the donors with money in it, in proportion to that money.
    const funders = [...(fundedBy.get(row.packageId) ?? new Map<string, bigint>())].filter(([, funded]) => funded > 0n).sort(([a], [b]) => a.localeCompare(b));
    const weights = funders.map(([, funded]) => funded);
    const contracted = allocate(row.contractedMinor, weights);
    const shipped = allocate(row.shippedMinor, weights);
    const accepted = allocate(row.acceptedMinor, weights);
    funders.forEach(([donorId, funded], index) => {
      const acceptedShare = accepted[index] as bigint;
      const traced = acceptedShare < funded ? acceptedShare : funded;
      const key = `${donorId}\u0000${row.packageId}`;
      const aged = ageFifo(tranches.get(key) ?? [], (refunded.get(key) ?? 0n) + traced, options.asOf);
      const money: Partial<Sums> = { disbursedMinor: funded, tracedMinor: traced, untracedMinor: funded - traced, ...aged };
      addInto(sumsOfDonor(donorId), { ...money, contractedMinor: contracted[index] as bigint, shippedMinor: shipped[index] as bigint, acceptedMinor: acceptedShare });
      addInto(sums, money);
    });
    packageRows.push({ level: 'package', id: row.packageId, name: row.title, ...finish(sums) });
  }

  // Donors: their pledges and commitments of money (their shares of packages are in already).
  const pledgesOf = groupBy(money, (c) => c.donorId);
  const donorRows: ReconciliationRow[] = [];
  for (const donor of [...donors.rows].sort((a, b) => a.donorId.localeCompare(b.donorId))) {
    const pledges = pledgesOf.get(donor.donorId) ?? [];
    const sums = sumsOfDonor(donor.donorId);
    addInto(sums, {
      pledgedMinor: sumBy(pledges, (c) => to(c.amountMinor, c.currency, c.announcedOn)),
      committedMinor: sumBy(pledges, (c) => to(c.committedMinor, c.currency, c.announcedOn)),
    });
    if (summable.every((key) => sums[key] === 0n)) continue;
    donorRows.push({ level: 'donor', id: donor.donorId, name: donor.name, ...finish(sums) });
  }

  const totals = zero();
  for (const row of packageRows) addInto(totals, row);
  // Pledges outside packages count in the totals too: the totals' pledges are all money pledged.
  totals.pledgedMinor = sumBy(money, (c) => to(c.amountMinor, c.currency, c.announcedOn));
  totals.committedMinor = sumBy(money, (c) => to(c.committedMinor, c.currency, c.announcedOn));
  packageRows.sort((a, b) => a.id.localeCompare(b.id));

  return {
    report: 'reconciliation',
    currency: options.currency,
    asOf: options.asOf,
    rows: [...donorRows, ...packageRows],
    totals: finish(totals),
    aging: ageBuckets.map((bucket) => ({ label: bucket.label, fromDays: bucket.fromDays, toDays: bucket.toDays, untracedMinor: totals[bucket.key] })),
    quantities: quantityGaps(data, options, to),
    merges: merges(data, to),
  };
}

/** Goods rejected at receipt and goods dispatched but not received, per package and contract line. */
function quantityGaps(data: ReportData, options: ReportOptions, to: Convert): QuantityGap[] {
  const receipts = new Map(data.receipts.map((receipt) => [receipt.id, receipt]));
  const reasons = new Map<string, Set<string>>();
  for (const line of data.receiptLines) {
    if (line.rejected <= 0 || line.reason === null) continue;
    const key = `${receipts.get(line.receiptId)?.contractId ?? ''}\u0000${line.contractLineId}`;
    let set = reasons.get(key);
    if (!set) reasons.set(key, (set = new Set()));
    set.add(line.reason);
  }
  const linesOf = groupBy(data.contractLines, (line) => line.contractId);
  const gaps: QuantityGap[] = [];
  for (const pkg of [...data.packages].sort((a, b) => a.id.localeCompare(b.id))) {
    const lines: QuantityGapLine[] = [];
    for (const contract of data.contracts.filter((c) => c.packageId === pkg.id)) {
      for (const line of linesOf.get(contract.id) ?? []) {
        const notReceived = line.shippedQuantity - line.acceptedQuantity - line.rejectedQuantity;
        if (line.rejectedQuantity === 0 && notReceived === 0) continue;
        const value = (quantity: number) => to(BigInt(quantity) * line.unitPriceMinor, contract.currency, contract.signedOn);
        lines.push({
          contractId: contract.id,
          lineId: line.lineId,
          item: line.item,
          contracted: line.quantity,
          shipped: line.shippedQuantity,
          accepted: line.acceptedQuantity,
          rejected: line.rejectedQuantity,
          notReceived,
          rejectedValueMinor: value(line.rejectedQuantity),
          notReceivedValueMinor: value(notReceived),
          reasons: [...(reasons.get(`${contract.id}\u0000${line.lineId}`) ?? [])].sort(),
        });
      }
    }
    if (lines.length === 0) continue;
    const overdueShipments = data.shipments.filter((s) => s.packageId === pkg.id && s.stage !== 'received' && s.expectedBy < options.asOf).length;
    gaps.push({
      packageId: pkg.id,
      title: pkg.title,
      rejectedValueMinor: sumBy(lines, (line) => line.rejectedValueMinor),
      notReceivedValueMinor: sumBy(lines, (line) => line.notReceivedValueMinor),
      overdueShipments,
      lines,
    });
  }
  return gaps;
}

/** Records reported by more than one source, each counted once. */
function merges(data: ReportData, to: Convert): Merges {
  const contributions = new Map(data.contributions.map((c) => [c.id, c]));
  const list: MergedRecord[] = [];
  const byDataset = new Map<string, number>();
  const byKind = new Map<string, number>();
  const ordered = [...data.provenance].sort((a, b) => a.seq - b.seq);
  for (const rows of groupBy(ordered, (row) => `${row.recordKind}\u0000${row.recordId}`).values()) {
    const seen = new Set<string>();
    const sources: MergeSource[] = [];
    for (const row of rows) {
      const key = `${row.dataset}\u0000${row.file}\u0000${row.locator}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sources.push({ seq: row.seq, dataset: row.dataset, file: row.file, locator: row.locator, publisher: row.publisher, publisherRef: row.publisherRef, note: row.note });
    }
    if (sources.length < 2) continue;
    const first = rows[0] as (typeof rows)[number];
    for (const source of sources.slice(1)) byDataset.set(source.dataset, (byDataset.get(source.dataset) ?? 0) + 1);
    byKind.set(first.recordKind, (byKind.get(first.recordKind) ?? 0) + sources.length - 1);
    const contribution = first.recordKind === 'contribution' ? contributions.get(first.recordId) : undefined;
    const amountMinor = contribution && contribution.kind === 'money' ? to(contribution.amountMinor, contribution.currency, contribution.announcedOn) : null;
    list.push({ recordKind: first.recordKind, recordId: first.recordId, merged: sources.length - 1, amountMinor, sources });
  }
  list.sort((a, b) => a.recordKind.localeCompare(b.recordKind) || a.recordId.localeCompare(b.recordId));
  const counts = (map: Map<string, number>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  return {
    records: list.length,
    merged: list.reduce((sum, record) => sum + record.merged, 0),
    avoidedMinor: sumBy(list, (record) => (record.amountMinor ?? 0n) * BigInt(record.merged)),
    byDataset: counts(byDataset).map(([dataset, merged]) => ({ dataset, merged })),
    byKind: counts(byKind).map(([recordKind, merged]) => ({ recordKind, merged })),
    list,
  };
}
