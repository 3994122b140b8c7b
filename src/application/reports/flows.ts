import type { ReportData, ReportOptions } from './data.js';
import { donorReport } from './donor.js';
import { FxTable } from './fx.js';
import { sumBy } from './util.js';

/**
 * Where the money went and what came of it, as a graph for a Sankey diagram:
 * donor → package → producer → recipient. Each link carries what was paid along it and the
 * value of the goods the recipient accepted that it accounts for, at contract prices.
 *
 * - donor → package: the donor's net transfers into the package; delivered is the donor's
 *   pro-rata share of the package's accepted goods, as in the donor report.
 * - package → producer: payments from the package to the producer's contracts less refunds;
 *   delivered is the accepted value of those contracts' lines.
 * - producer → recipient: the package → producer links summed over the recipient's packages.
 *
 * Delivered is conserved at producers exactly, and at a package up to rounding: its producers'
 * links carry its accepted value, and its donors' links carry shares of it each rounded half to
 * even (so they differ by at most half a minor unit per donor; nothing flows in from donors when
 * no donor money is in the package).
 */
export type FlowNodeKind = 'donor' | 'package' | 'producer' | 'recipient';

export interface FlowNode {
  /** "donor:NLD", "package:PURL-NLD-1", "producer:USA", "recipient:UKR". */
  readonly id: string;
  readonly kind: FlowNodeKind;
  /** The party's name, or the package's title. */
  readonly name: string;
}

export interface FlowLink {
  readonly source: string;
  readonly target: string;
  readonly paidMinor: bigint;
  readonly deliveredMinor: bigint;
}

export interface FlowTotal {
  readonly paidMinor: bigint;
  readonly deliveredMinor: bigint;
}

export interface FlowsReport {
  readonly report: 'flows';
  readonly currency: string;
  readonly asOf: string;
  /** The nodes some link touches: donors, packages, producers, recipients, each sorted by id. */
  readonly nodes: readonly FlowNode[];
  /** The links, donor → package first, then package → producer, then producer → recipient; none with both figures zero. */
  readonly rows: readonly FlowLink[];
  readonly totals: {
    readonly donorToPackage: FlowTotal;
    readonly packageToProducer: FlowTotal;
    readonly producerToRecipient: FlowTotal;
  };
}

const kinds: readonly FlowNodeKind[] = ['donor', 'package', 'producer', 'recipient'];

export function flowsReport(data: ReportData, options: ReportOptions): FlowsReport {
  const fx = new FxTable(data.fxRates);
  const to = (amountMinor: bigint, currency: string, date: string) => fx.convert(amountMinor, currency, options.currency, date);
  const packages = new Map(data.packages.map((pkg) => [pkg.id, pkg]));
  const contracts = new Map(data.contracts.map((contract) => [contract.id, contract]));

  // Donor → package: the donor report's funding and pro-rata shares, not derived a second time.
  const donorToPackage = new Links();
  for (const donor of donorReport(data, options).rows) {
    for (const line of donor.packages) donorToPackage.add(`donor:${donor.donorId}`, `package:${line.packageId}`, line.fundedMinor, line.acceptedMinor);
  }

  // Package → producer: payments to contracts net of refunds, and accepted goods, by the contract's producer.
  const packageToProducer = new Links();
  for (const t of data.transferTotals) {
    const out = t.fromAccount.startsWith('package:') && t.toAccount.startsWith('contract:');
    const back = t.fromAccount.startsWith('contract:') && t.toAccount.startsWith('package:');
    if (!out && !back) continue;
    const packageId = (out ? t.fromAccount : t.toAccount).slice('package:'.length);
    const contract = contracts.get((out ? t.toAccount : t.fromAccount).slice('contract:'.length));
    if (!contract) continue;
    const amount = to(t.amountMinor, t.currency, t.valueDate);
    packageToProducer.add(`package:${packageId}`, `producer:${contract.producerId}`, out ? amount : -amount, 0n);
  }
  for (const line of data.contractLines) {
    const contract = contracts.get(line.contractId);
    if (!contract) continue;
    const accepted = to(BigInt(line.acceptedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn);
    packageToProducer.add(`package:${contract.packageId}`, `producer:${contract.producerId}`, 0n, accepted);
  }

  // Producer → recipient: the package → producer links over each recipient's packages.
  const producerToRecipient = new Links();
  for (const link of packageToProducer.list()) {
    const recipientId = packages.get(link.source.slice('package:'.length))?.recipientId;
    if (recipientId !== undefined) producerToRecipient.add(link.target, `recipient:${recipientId}`, link.paidMinor, link.deliveredMinor);
  }

  const rows = [...donorToPackage.list(), ...packageToProducer.list(), ...producerToRecipient.list()];
  const parties = new Map(data.parties.map((party) => [party.id, party.name]));
  const nameOf = (id: string): string => {
    const [kind, key] = splitNode(id);
    return (kind === 'package' ? packages.get(key)?.title : parties.get(key)) ?? key;
  };
  const nodeIds = new Set(rows.flatMap((link) => [link.source, link.target]));
  const nodes = [...nodeIds]
    .map((id): FlowNode => ({ id, kind: splitNode(id)[0], name: nameOf(id) }))
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || a.id.localeCompare(b.id));
  return {
    report: 'flows',
    currency: options.currency,
    asOf: options.asOf,
    nodes,
    rows,
    totals: {
      donorToPackage: donorToPackage.total(),
      packageToProducer: packageToProducer.total(),
      producerToRecipient: producerToRecipient.total(),
    },
  };
}

function splitNode(id: string): [FlowNodeKind, string] {
  const colon = id.indexOf(':');
  return [id.slice(0, colon) as FlowNodeKind, id.slice(colon + 1)];
}

/** Links of one stage, summed by source and target. */
class Links {
  private readonly byKey = new Map<string, { source: string; target: string; paidMinor: bigint; deliveredMinor: bigint }>();

  add(source: string, target: string, paidMinor: bigint, deliveredMinor: bigint): void {
    const key = `${source}\u0000${target}`;
    let link = this.byKey.get(key);
    if (!link) this.byKey.set(key, (link = { source, target, paidMinor: 0n, deliveredMinor: 0n }));
    link.paidMinor += paidMinor;
    link.deliveredMinor += deliveredMinor;
  }

  /** Sorted by source, then target; links with nothing paid and nothing delivered left out. */
  list(): FlowLink[] {
    return [...this.byKey.values()]
      .filter((link) => link.paidMinor !== 0n || link.deliveredMinor !== 0n)
      .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  }

  total(): FlowTotal {
    const links = this.list();
    return { paidMinor: sumBy(links, (link) => link.paidMinor), deliveredMinor: sumBy(links, (link) => link.deliveredMinor) };
  }
}
