import type { LedgerSnapshot } from '../application/queries.js';
import type { ConfirmationIndex } from '../application/reports/confirmation.js';
import { donorReport } from '../application/reports/donor.js';
import type { FlowsReport } from '../application/reports/flows.js';
import { FxTable } from '../application/reports/fx.js';
import type { AnyReport, ReportData, ReportName, ReportOptions } from '../application/reports/index.js';
import type { OverviewReport } from '../application/reports/overview.js';
import { pipelineReport, type PipelineReport, type PipelineRow } from '../application/reports/pipeline.js';
import type { ReconciliationReport } from '../application/reports/reconciliation.js';
import type { DonorReport } from '../application/reports/donor.js';
import { allocate, groupBy, monthOf, sumBy } from '../application/reports/util.js';
import { confirmationLevels, type ConfirmationLevel } from '../domain/evidence.js';
import { formatAmount } from '../domain/money.js';
import type { Contract, ContractLine } from '../domain/state.js';

/**
 * The sourcing mix of aggregate figures: how much of a sum rests on records at each confirmation
 * level. The report functions stay as they are (the audit bundle re-derives them); this follows
 * each figure's own arithmetic record by record on the same data the figure was computed from
 * (the reader's cut), so a figure's parts add up to it exactly:
 * - pledged, promised and committed rest on contributions; value and funding gap on the package;
 * - paid, disbursed and funded on transfers (each group of transfers the reports sum and convert
 *   together is split over its transfers by amount); bought from producers on transfers too;
 * - contracted on contracts; shipped on shipments and accepted on receipts (a contract line's
 *   converted value split by the quantities each shipment or receipt moved);
 * - a pro-rata share of a figure (a donor's share of a package's accepted goods) is split over
 *   that figure's mix by largest remainders.
 * Levels come from the confirmation index through `summary(kind, id)`, as list rows get theirs.
 */

export type Mix = Record<ConfirmationLevel, bigint>;

export const emptyMix = (): Mix => ({ confirmed: 0n, 'on-record': 0n, reported: 0n, unverified: 0n });

function addMix(into: Mix, from: Mix, sign = 1n): Mix {
  for (const level of confirmationLevels) into[level] += sign * from[level];
  return into;
}

function sumMixes(mixes: readonly Mix[]): Mix {
  const sum = emptyMix();
  for (const mix of mixes) addMix(sum, mix);
  return sum;
}

export function mixTotal(mix: Mix): bigint {
  return sumBy(confirmationLevels, (level) => mix[level]);
}

/**
 * A share of a figure split over the figure's mix: `share(30n, {confirmed: 60n, reported: 40n, …})`
 * → confirmed 18, reported 12. A share of a figure nothing backs (or that nets to nothing) is unverified.
 */
export function shareOf(amountMinor: bigint, of: Mix): Mix {
  const weights = confirmationLevels.map((level) => (of[level] > 0n ? of[level] : 0n));
  const mix = emptyMix();
  if (weights.every((weight) => weight === 0n)) {
    mix.unverified = amountMinor;
    return mix;
  }
  allocate(amountMinor, weights).forEach((part, index) => (mix[confirmationLevels[index] as ConfirmationLevel] = part));
  return mix;
}

/** A mix on the wire: each level's amount as a decimal string, and its share in basis points (adding up to 10,000) when the figure is positive. */
export interface WireMix {
  readonly confirmed: string;
  readonly 'on-record': string;
  readonly reported: string;
  readonly unverified: string;
  readonly basisPoints: Readonly<Record<ConfirmationLevel, number>> | null;
}

export function wireMix(mix: Mix, currency: string): WireMix {
  const total = mixTotal(mix);
  const weights = confirmationLevels.map((level) => (mix[level] > 0n ? mix[level] : 0n));
  const points = total > 0n ? allocate(10_000n, weights) : null;
  return {
    confirmed: formatAmount(mix.confirmed, currency),
    'on-record': formatAmount(mix['on-record'], currency),
    reported: formatAmount(mix.reported, currency),
    unverified: formatAmount(mix.unverified, currency),
    basisPoints: points ? (Object.fromEntries(confirmationLevels.map((level, index) => [level, Number(points[index])])) as Record<ConfirmationLevel, number>) : null,
  };
}

type Dated = { readonly level: ConfirmationLevel; readonly amountMinor: bigint; readonly date: string | null };

/** "package:PURL-1" → ["package", "PURL-1"]. */
function splitAt(account: string): [string, string] {
  const colon = account.indexOf(':');
  return [account.slice(0, colon), account.slice(colon + 1)];
}

const lineKey = (contractId: string, lineId: string) => `${contractId}\u0000${lineId}`;
const transferKey = (t: { fromAccount: string; toAccount: string; currency: string; valueDate: string }) => `${t.fromAccount}\u0000${t.toAccount}\u0000${t.currency}\u0000${t.valueDate}`;

/** The records behind one reader's report data, with their levels: the building blocks of every mix. */
export class SourcingModel {
  private readonly fx: FxTable;
  private readonly transferGroups = new Map<string, Mix>();
  private readonly shipmentLinesOf: Map<string, { shipmentId: string; quantity: number }[]>;
  private readonly receiptLinesOf: Map<string, { receiptId: string; accepted: number }[]>;
  private readonly receivedAt: Map<string, string>;
  readonly packageMixes = new Map<string, PipelineMix>();
  private readonly fundingOf = new Map<string, Mix>();
  private readonly outflowOf = new Map<string, Mix>();
  private readonly acceptedByPackage = new Map<string, Mix>();
  /** The pipeline over the same data: each package's figures, which the other reports build on. */
  readonly pipeline: PipelineReport;

  constructor(
    readonly data: ReportData,
    snapshot: Pick<LedgerSnapshot, 'transfers' | 'shipmentLines'>,
    private readonly index: Pick<ConfirmationIndex, 'summary'>,
    readonly options: ReportOptions,
  ) {
    this.fx = new FxTable(data.fxRates);
    // The reports convert each (from, to, currency, value date) sum once; split it over its transfers.
    for (const group of groupBy(snapshot.transfers, transferKey).values()) {
      const first = group[0];
      if (!first) continue;
      const converted = this.to(sumBy(group, (t) => t.amountMinor), first.currency, first.valueDate);
      const parts = allocate(converted, group.map((t) => t.amountMinor));
      const mix = emptyMix();
      group.forEach((t, i) => (mix[this.level('transfer', t.transferId)] += parts[i] ?? 0n));
      this.transferGroups.set(transferKey(first), mix);
    }
    const visible = new Map(data.shipments.map((s) => [s.id, s.contractId]));
    this.shipmentLinesOf = groupBy(
      snapshot.shipmentLines.filter((line) => visible.has(line.shipmentId)),
      (line) => lineKey(visible.get(line.shipmentId) ?? '', line.contractLineId),
    );
    const receipts = new Map(data.receipts.map((r) => [r.id, r]));
    this.receivedAt = new Map(data.receipts.map((r) => [r.id, r.receivedAt]));
    // As the overview's months do: receipt lines that accepted goods, in the table's order.
    this.receiptLinesOf = groupBy(
      data.receiptLines.filter((line) => line.accepted > 0 && receipts.has(line.receiptId)),
      (line) => lineKey(receipts.get(line.receiptId)?.contractId ?? '', line.contractLineId),
    );
    // Value and funding gap are the pipeline's own figures for the package record.
    this.sumTransfers();
    this.pipeline = pipelineReport(data, options);
    for (const row of this.pipeline.rows) this.packageMixes.set(row.packageId, this.packageMix(row));
  }

  to(amountMinor: bigint, currency: string, date: string): bigint {
    return this.fx.convert(amountMinor, currency, this.options.currency, date);
  }

  level(kind: string, id: string): ConfirmationLevel {
    return this.index.summary(kind, id).level;
  }

  /** An amount resting on one record. */
  one(kind: string, id: string, amountMinor: bigint): Mix {
    const mix = emptyMix();
    mix[this.level(kind, id)] = amountMinor;
    return mix;
  }

  /** The transfers behind one summed transfer row, converted as the reports convert it. */
  transfers(t: { fromAccount: string; toAccount: string; currency: string; valueDate: string; amountMinor: bigint }): Mix {
    const mix = this.transferGroups.get(transferKey(t));
    if (mix) return mix;
    const unknown = emptyMix();
    unknown.unverified = this.to(t.amountMinor, t.currency, t.valueDate);
    return unknown;
  }

  /** A donor's net money into a package (paid in less refunds): the donor report's funding. */
  funding(donorId: string, packageId: string): Mix {
    return this.fundingOf.get(`${donorId}\u0000${packageId}`) ?? emptyMix();
  }

  /** A package's money paid to contracts less refunds from them, to one producer's contracts or all. */
  outflow(packageId: string, producerId?: string): Mix {
    return this.outflowOf.get(`${packageId}\u0000${producerId ?? ''}`) ?? emptyMix();
  }

  /** Net money per donor and package, and per package (and producer) to contracts, summed once. */
  private sumTransfers(): void {
    const add = (map: Map<string, Mix>, key: string, mix: Mix, sign: bigint) => {
      let into = map.get(key);
      if (!into) map.set(key, (into = emptyMix()));
      addMix(into, mix, sign);
    };
    const producers = new Map(this.data.contracts.map((c) => [c.id, c.producerId]));
    for (const t of this.data.transferTotals) {
      const [fromKind, from] = splitAt(t.fromAccount);
      const [toKind, to] = splitAt(t.toAccount);
      if (fromKind === 'donor' && toKind === 'package') add(this.fundingOf, `${from}\u0000${to}`, this.transfers(t), 1n);
      if (fromKind === 'package' && toKind === 'donor') add(this.fundingOf, `${to}\u0000${from}`, this.transfers(t), -1n);
      const out = fromKind === 'package' && toKind === 'contract';
      if (!out && !(fromKind === 'contract' && toKind === 'package')) continue;
      const [packageId, contractId] = out ? [from, to] : [to, from];
      const sign = out ? 1n : -1n;
      add(this.outflowOf, `${packageId}\u0000`, this.transfers(t), sign);
      const producerId = producers.get(contractId);
      if (producerId !== undefined) add(this.outflowOf, `${packageId}\u0000${producerId}`, this.transfers(t), sign);
    }
  }

  /** A contract line's shipped value at contract prices, split over the shipments that carried it. */
  shipped(contract: Contract, line: ContractLine): Mix {
    const value = this.to(BigInt(line.shippedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn);
    const carried = (this.shipmentLinesOf.get(lineKey(contract.id, line.lineId)) ?? []).filter((s) => s.quantity > 0);
    if (carried.length === 0) return this.one('contract', contract.id, value);
    const mix = emptyMix();
    allocate(value, carried.map((s) => BigInt(s.quantity))).forEach((part, i) => (mix[this.level('shipment', carried[i]?.shipmentId ?? '')] += part));
    return mix;
  }

  /** A contract line's accepted value, split over the receipts that accepted it, dated by receipt (null: no receipt line, the contract stands behind it). */
  accepted(contract: Contract, line: ContractLine): Dated[] {
    const value = this.to(BigInt(line.acceptedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn);
    const received = this.receiptLinesOf.get(lineKey(contract.id, line.lineId)) ?? [];
    if (received.length === 0) return value === 0n ? [] : [{ level: this.level('contract', contract.id), amountMinor: value, date: null }];
    return allocate(value, received.map((r) => BigInt(r.accepted))).map((part, i) => {
      const receiptId = received[i]?.receiptId ?? '';
      return { level: this.level('receipt', receiptId), amountMinor: part, date: this.receivedAt.get(receiptId) ?? null };
    });
  }

  acceptedMix(contract: Contract, line: ContractLine): Mix {
    const mix = emptyMix();
    for (const part of this.accepted(contract, line)) mix[part.level] += part.amountMinor;
    return mix;
  }

  /** The accepted goods of every contract of a package (the donor report's accepted by package). */
  acceptedOfPackage(packageId: string): Mix {
    if (this.acceptedByPackage.size === 0) {
      const contracts = new Map(this.data.contracts.map((c) => [c.id, c]));
      for (const line of this.data.contractLines) {
        const contract = contracts.get(line.contractId);
        if (!contract) continue;
        let mix = this.acceptedByPackage.get(contract.packageId);
        if (!mix) this.acceptedByPackage.set(contract.packageId, (mix = emptyMix()));
        addMix(mix, this.acceptedMix(contract, line));
      }
    }
    return this.acceptedByPackage.get(packageId) ?? emptyMix();
  }

  private packageMix(row: PipelineRow): PipelineMix {
    const { data } = this;
    const contributions = data.contributions.filter((c) => c.packageId === row.packageId && c.stage !== 'withdrawn');
    const contracts = data.contracts.filter((c) => c.packageId === row.packageId);
    const mix: PipelineMix = {
      value: this.one('package', row.packageId, row.valueMinor),
      fundingGap: this.one('package', row.packageId, row.fundingGapMinor),
      pledged: sumMixes(contributions.map((c) => this.one('contribution', c.id, this.to(c.amountMinor, c.currency, c.announcedOn)))),
      committed: sumMixes(contributions.map((c) => this.one('contribution', c.id, this.to(c.committedMinor, c.currency, c.announcedOn)))),
      paid: emptyMix(),
      contracted: sumMixes(contracts.map((c) => this.one('contract', c.id, this.to(c.valueMinor, c.currency, c.signedOn)))),
      shipped: emptyMix(),
      accepted: emptyMix(),
    };
    const account = `package:${row.packageId}`;
    for (const t of data.transferTotals) {
      if (t.toAccount === account && t.fromAccount.startsWith('donor:')) addMix(mix.paid, this.transfers(t));
      if (t.fromAccount === account && t.toAccount.startsWith('donor:')) addMix(mix.paid, this.transfers(t), -1n);
    }
    for (const contract of contracts) {
      for (const line of data.contractLines.filter((l) => l.contractId === contract.id)) {
        addMix(mix.shipped, this.shipped(contract, line));
        addMix(mix.accepted, this.acceptedMix(contract, line));
      }
    }
    return mix;
  }
}

export const pipelineFigures = ['value', 'pledged', 'committed', 'paid', 'contracted', 'shipped', 'accepted', 'fundingGap'] as const;
export type PipelineMix = Record<(typeof pipelineFigures)[number], Mix>;


type Figures = Readonly<Record<string, Mix>>;

function wireFigures(figures: Figures, currency: string): Record<string, WireMix> {
  return Object.fromEntries(Object.entries(figures).map(([figure, mix]) => [figure, wireMix(mix, currency)]));
}

function sumFigures<K extends string>(keys: readonly K[], list: readonly Readonly<Record<K, Mix>>[]): Record<K, Mix> {
  return Object.fromEntries(keys.map((key) => [key, sumMixes(list.map((figures) => figures[key]))])) as Record<K, Mix>;
}

/** A mix per key and figure, filled as the report's own loops go. */
class MixTable<K extends string> {
  readonly byKey = new Map<string, Record<K, Mix>>();
  constructor(private readonly keys: readonly K[]) {}
  add(key: string, figure: K, mix: Mix, sign = 1n): void {
    let row = this.byKey.get(key);
    if (!row) this.byKey.set(key, (row = Object.fromEntries(this.keys.map((k) => [k, emptyMix()])) as Record<K, Mix>));
    addMix(row[figure], mix, sign);
  }
  get(key: string): Record<K, Mix> {
    return this.byKey.get(key) ?? (Object.fromEntries(this.keys.map((k) => [k, emptyMix()])) as Record<K, Mix>);
  }
}

/**
 * The report with a `sourcing` object beside its figures: for each money figure of a row (and of
 * the totals), its mix as `WireMix`. Reports without money sums (requirements, spending,
 * exceptions: quantities, or one record per row) are returned as they are.
 */
export function withSourcing(name: ReportName, report: AnyReport, model: SourcingModel): AnyReport {
  const currency = model.options.currency;
  switch (name) {
    case 'pipeline':
      return pipelineSourcing(report as PipelineReport, model, currency) as AnyReport;
    case 'overview':
      return overviewSourcing(report as OverviewReport, model, currency) as AnyReport;
    case 'donor':
      return donorSourcing(report as DonorReport, model, currency) as AnyReport;
    case 'reconciliation':
      return reconciliationSourcing(report as ReconciliationReport, model, currency) as AnyReport;
    case 'flows':
      return flowsSourcing(report as FlowsReport, model, currency) as AnyReport;
    default:
      return report;
  }
}

function packageTotals(model: SourcingModel): PipelineMix {
  return sumFigures(pipelineFigures, [...model.packageMixes.values()]);
}

function pipelineSourcing(report: PipelineReport, model: SourcingModel, currency: string) {
  return {
    ...report,
    rows: report.rows.map((row) => ({ ...row, sourcing: wireFigures(model.packageMixes.get(row.packageId) ?? sumFigures(pipelineFigures, []), currency) })),
    totals: { ...report.totals, sourcing: wireFigures(packageTotals(model), currency) },
  };
}

const categoryFigures = ['value', 'contracted', 'shipped', 'accepted'] as const;
const monthFigures = ['pledged', 'paid', 'contracted', 'accepted'] as const;

function overviewSourcing(report: OverviewReport, model: SourcingModel, currency: string) {
  const categories = overviewCategories(model);
  const months = overviewMonths(model);
  return {
    ...report,
    totals: { ...report.totals, sourcing: wireFigures(packageTotals(model), currency) },
    byCategory: report.byCategory.map((row) => ({ ...row, sourcing: wireFigures(categories.get(row.category), currency) })),
    rows: report.rows.map((row) => ({ ...row, sourcing: wireFigures(months.get(row.month), currency) })),
  };
}

/** The overview's figures by category, following its loops: package values split over their lines, contracts over theirs. */
function overviewCategories(model: SourcingModel): MixTable<(typeof categoryFigures)[number]> {
  const { data } = model;
  const table = new MixTable(categoryFigures);
  const uncategorised = 'uncategorised';
  const key = (packageId: string, lineId: string) => `${packageId}\u0000${lineId}`;
  const categoryOfLine = new Map(data.packageLines.map((line) => [key(line.packageId, line.lineId), line.category]));
  const linesOfPackage = groupBy(data.packageLines, (line) => line.packageId);
  for (const row of model.pipeline.rows) {
    const lines = linesOfPackage.get(row.packageId) ?? [];
    if (lines.length === 0) {
      table.add(uncategorised, 'value', model.one('package', row.packageId, row.valueMinor));
      continue;
    }
    const parts = allocate(row.valueMinor, lines.map((line) => BigInt(line.quantity) * line.unitValueMinor));
    lines.forEach((line, i) => table.add(line.category, 'value', model.one('package', row.packageId, parts[i] ?? 0n)));
  }
  const linesOfContract = groupBy(data.contractLines, (line) => line.contractId);
  const packageIds = new Set(data.packages.map((pkg) => pkg.id));
  for (const contract of data.contracts) {
    if (!packageIds.has(contract.packageId)) continue;
    const lines = linesOfContract.get(contract.id) ?? [];
    const contracted = model.to(contract.valueMinor, contract.currency, contract.signedOn);
    if (lines.length === 0) {
      table.add(uncategorised, 'contracted', model.one('contract', contract.id, contracted));
      continue;
    }
    const parts = allocate(contracted, lines.map((line) => BigInt(line.quantity) * line.unitPriceMinor));
    lines.forEach((line, i) => {
      const category = categoryOfLine.get(key(contract.packageId, line.packageLineId)) ?? uncategorised;
      table.add(category, 'contracted', model.one('contract', contract.id, parts[i] ?? 0n));
      table.add(category, 'shipped', model.shipped(contract, line));
      table.add(category, 'accepted', model.acceptedMix(contract, line));
    });
  }
  return table;
}

/** The overview's figures by month: contributions by announcement, transfers by value date, contracts by signature, receipts by day received. */
function overviewMonths(model: SourcingModel): MixTable<(typeof monthFigures)[number]> {
  const { data } = model;
  const table = new MixTable(monthFigures);
  const packageIds = new Set(data.packages.map((pkg) => pkg.id));
  for (const c of data.contributions) {
    if (c.stage !== 'withdrawn' && c.packageId !== null && packageIds.has(c.packageId)) table.add(monthOf(c.announcedOn), 'pledged', model.one('contribution', c.id, model.to(c.amountMinor, c.currency, c.announcedOn)));
  }
  const inPackage = (account: string) => account.startsWith('package:') && packageIds.has(account.slice(8));
  for (const t of data.transferTotals) {
    if (t.fromAccount.startsWith('donor:') && inPackage(t.toAccount)) table.add(monthOf(t.valueDate), 'paid', model.transfers(t));
    if (t.toAccount.startsWith('donor:') && inPackage(t.fromAccount)) table.add(monthOf(t.valueDate), 'paid', model.transfers(t), -1n);
  }
  const contracts = new Map(data.contracts.map((contract) => [contract.id, contract]));
  for (const contract of data.contracts) {
    if (packageIds.has(contract.packageId)) table.add(monthOf(contract.signedOn), 'contracted', model.one('contract', contract.id, model.to(contract.valueMinor, contract.currency, contract.signedOn)));
  }
  for (const line of data.contractLines) {
    const contract = contracts.get(line.contractId);
    if (!contract || !packageIds.has(contract.packageId) || line.acceptedQuantity === 0) continue;
    // The months count accepted goods only where a receipt accepted them, dated by the receipt.
    for (const part of model.accepted(contract, line)) {
      if (part.date === null) continue;
      const mix = emptyMix();
      mix[part.level] = part.amountMinor;
      table.add(monthOf(part.date), 'accepted', mix);
    }
  }
  return table;
}

const donorFigures = ['promised', 'committed', 'paid', 'deliveredInKind', 'paidToProducers', 'accepted'] as const;

function donorSourcing(report: DonorReport, model: SourcingModel, currency: string) {
  const { data } = model;
  return {
    ...report,
    rows: report.rows.map((row) => {
      const mine = data.contributions.filter((c) => c.donorId === row.donorId && c.stage !== 'withdrawn');
      const value = (list: typeof mine, pick: (c: (typeof mine)[number]) => bigint) => sumMixes(list.map((c) => model.one('contribution', c.id, model.to(pick(c), c.currency, c.announcedOn))));
      const lines = row.packages.map((line) => ({
        line,
        funded: model.funding(row.donorId, line.packageId),
        paidToProducers: shareOf(line.paidToProducersMinor, model.outflow(line.packageId)),
        accepted: shareOf(line.acceptedMinor, model.acceptedOfPackage(line.packageId)),
      }));
      const figures: Record<(typeof donorFigures)[number], Mix> = {
        promised: value(mine, (c) => c.amountMinor),
        committed: value(mine, (c) => c.committedMinor),
        paid: sumMixes(lines.map((l) => l.funded)),
        deliveredInKind: value(
          mine.filter((c) => c.kind !== 'money' && c.stage === 'delivered'),
          (c) => c.amountMinor,
        ),
        paidToProducers: sumMixes(lines.map((l) => l.paidToProducers)),
        accepted: sumMixes(lines.map((l) => l.accepted)),
      };
      return {
        ...row,
        sourcing: wireFigures(figures, currency),
        packages: lines.map(({ line, funded, paidToProducers, accepted }) => ({ ...line, sourcing: wireFigures({ funded, paidToProducers, accepted }, currency) })),
      };
    }),
  };
}

const reconciliationFigures = ['pledged', 'committed', 'disbursed', 'contracted', 'shipped', 'accepted'] as const;
type ReconciliationMix = Record<(typeof reconciliationFigures)[number], Mix>;

function reconciliationSourcing(report: ReconciliationReport, model: SourcingModel, currency: string) {
  const { data, options } = model;
  const money = data.contributions.filter((c) => c.kind === 'money' && c.stage !== 'withdrawn');
  const pledges = (list: typeof money) => ({
    pledged: sumMixes(list.map((c) => model.one('contribution', c.id, model.to(c.amountMinor, c.currency, c.announcedOn)))),
    committed: sumMixes(list.map((c) => model.one('contribution', c.id, model.to(c.committedMinor, c.currency, c.announcedOn)))),
  });
  // Each donor's money in each package, as the reconciliation takes it from the donor report.
  const fundedBy = new Map<string, Map<string, bigint>>();
  for (const donor of donorReport(data, options).rows) {
    for (const line of donor.packages) {
      let byDonor = fundedBy.get(line.packageId);
      if (!byDonor) fundedBy.set(line.packageId, (byDonor = new Map()));
      byDonor.set(donor.donorId, line.fundedMinor);
    }
  }
  const donors = new MixTable(reconciliationFigures);
  const packages = new Map<string, ReconciliationMix>();
  for (const row of model.pipeline.rows) {
    const own = model.packageMixes.get(row.packageId) ?? sumFigures(pipelineFigures, []);
    const funders = [...(fundedBy.get(row.packageId) ?? new Map<string, bigint>())].filter(([, funded]) => funded > 0n).sort(([a], [b]) => a.localeCompare(b));
    const weights = funders.map(([, funded]) => funded);
    const shares = { contracted: allocate(row.contractedMinor, weights), shipped: allocate(row.shippedMinor, weights), accepted: allocate(row.acceptedMinor, weights) };
    const disbursed = emptyMix();
    funders.forEach(([donorId], i) => {
      const funded = model.funding(donorId, row.packageId);
      addMix(disbursed, funded);
      donors.add(donorId, 'disbursed', funded);
      for (const figure of ['contracted', 'shipped', 'accepted'] as const) donors.add(donorId, figure, shareOf(shares[figure][i] ?? 0n, own[figure]));
    });
    const mine = money.filter((c) => c.packageId === row.packageId);
    packages.set(row.packageId, { ...pledges(mine), disbursed, contracted: own.contracted, shipped: own.shipped, accepted: own.accepted });
  }
  const rowMix = (row: ReconciliationReport['rows'][number]): ReconciliationMix => {
    if (row.level === 'package') return packages.get(row.id) ?? sumFigures(reconciliationFigures, []);
    return { ...donors.get(row.id), ...pledges(money.filter((c) => c.donorId === row.id)) };
  };
  const totals = { ...sumFigures(reconciliationFigures, [...packages.values()]), ...pledges(money) };
  return {
    ...report,
    rows: report.rows.map((row) => ({ ...row, sourcing: wireFigures(rowMix(row), currency) })),
    totals: { ...report.totals, sourcing: wireFigures(totals, currency) },
  };
}

function flowsSourcing(report: FlowsReport, model: SourcingModel, currency: string) {
  const { data, options } = model;
  const table = new MixTable(['paid', 'delivered'] as const);
  const link = (source: string, target: string) => `${source}\u0000${target}`;
  for (const donor of donorReport(data, options).rows) {
    for (const line of donor.packages) {
      const key = link(`donor:${donor.donorId}`, `package:${line.packageId}`);
      table.add(key, 'paid', model.funding(donor.donorId, line.packageId));
      table.add(key, 'delivered', shareOf(line.acceptedMinor, model.acceptedOfPackage(line.packageId)));
    }
  }
  const contracts = new Map(data.contracts.map((contract) => [contract.id, contract]));
  const packages = new Map(data.packages.map((pkg) => [pkg.id, pkg]));
  const toProducer = new MixTable(['paid', 'delivered'] as const);
  const pairs = new Set<string>();
  for (const contract of contracts.values()) pairs.add(`${contract.packageId}\u0000${contract.producerId}`);
  for (const pair of pairs) {
    const [packageId = '', producerId = ''] = pair.split('\u0000');
    toProducer.add(link(`package:${packageId}`, `producer:${producerId}`), 'paid', model.outflow(packageId, producerId));
  }
  for (const line of data.contractLines) {
    const contract = contracts.get(line.contractId);
    if (contract) toProducer.add(link(`package:${contract.packageId}`, `producer:${contract.producerId}`), 'delivered', model.acceptedMix(contract, line));
  }
  for (const [key, figures] of toProducer.byKey) {
    const [source = '', target = ''] = key.split('\u0000');
    table.add(key, 'paid', figures.paid);
    table.add(key, 'delivered', figures.delivered);
    const recipientId = packages.get(source.slice('package:'.length))?.recipientId;
    if (recipientId === undefined) continue;
    table.add(link(target, `recipient:${recipientId}`), 'paid', figures.paid);
    table.add(link(target, `recipient:${recipientId}`), 'delivered', figures.delivered);
  }
  return { ...report, rows: report.rows.map((row) => ({ ...row, sourcing: wireFigures(table.get(link(row.source, row.target)), currency) })) };
}
