import { divRound, percent } from '../../domain/money.js';
import type { ReportData, ReportOptions } from './data.js';
import { FxTable } from './fx.js';
import { sumBy } from './util.js';

/**
 * Per donor: what it promised, committed and paid, and — pro rata to its share of each package's
 * funding — what its money paid producers for and what of that the recipient accepted.
 */
export interface DonorPackageLine {
  readonly packageId: string;
  readonly fundedMinor: bigint;
  /** The donor's share of the package's net funding, as a percentage string. */
  readonly sharePercent: string;
  readonly paidToProducersMinor: bigint;
  readonly acceptedMinor: bigint;
}

export interface DonorRow {
  readonly donorId: string;
  readonly name: string;
  readonly promisedMinor: bigint;
  readonly committedMinor: bigint;
  readonly paidMinor: bigint;
  readonly deliveredInKindMinor: bigint;
  readonly paidToProducersMinor: bigint;
  readonly acceptedMinor: bigint;
  readonly packages: readonly DonorPackageLine[];
}

export interface DonorReport {
  readonly report: 'donor';
  readonly currency: string;
  readonly asOf: string;
  readonly rows: readonly DonorRow[];
}

export function donorReport(data: ReportData, options: ReportOptions): DonorReport {
  const fx = new FxTable(data.fxRates);
  const to = (amountMinor: bigint, currency: string, date: string) => fx.convert(amountMinor, currency, options.currency, date);
  // Net funding per (package, donor), in the reporting currency.
  const funding = new Map<string, Map<string, bigint>>();
  const addFunding = (packageId: string, donorId: string, amountMinor: bigint) => {
    let byDonor = funding.get(packageId);
    if (!byDonor) funding.set(packageId, (byDonor = new Map()));
    byDonor.set(donorId, (byDonor.get(donorId) ?? 0n) + amountMinor);
  };
  for (const t of data.transferTotals) {
    const amount = to(t.amountMinor, t.currency, t.valueDate);
    if (t.fromAccount.startsWith('donor:') && t.toAccount.startsWith('package:')) addFunding(t.toAccount.slice(8), t.fromAccount.slice(6), amount);
    if (t.fromAccount.startsWith('package:') && t.toAccount.startsWith('donor:')) addFunding(t.fromAccount.slice(8), t.toAccount.slice(6), -amount);
  }
  const outflow = new Map<string, bigint>();
  for (const t of data.transferTotals) {
    const amount = to(t.amountMinor, t.currency, t.valueDate);
    if (t.fromAccount.startsWith('package:') && t.toAccount.startsWith('contract:')) outflow.set(t.fromAccount.slice(8), (outflow.get(t.fromAccount.slice(8)) ?? 0n) + amount);
    if (t.fromAccount.startsWith('contract:') && t.toAccount.startsWith('package:')) outflow.set(t.toAccount.slice(8), (outflow.get(t.toAccount.slice(8)) ?? 0n) - amount);
  }
  const accepted = acceptedByPackage(data, to);
  const donors = data.parties.filter((party) => party.roles.split(',').includes('donor'));
  const rows = donors.map((donor): DonorRow => {
    const mine = data.contributions.filter((c) => c.donorId === donor.id && c.stage !== 'withdrawn');
    const packages: DonorPackageLine[] = [];
    for (const [packageId, byDonor] of funding) {
      const fundedMinor = byDonor.get(donor.id) ?? 0n;
      if (fundedMinor === 0n) continue;
      const total = sumBy([...byDonor.values()], (value) => value);
      const share = (value: bigint) => (total <= 0n ? 0n : divRound(value * fundedMinor, total));
      packages.push({
        packageId,
        fundedMinor,
        sharePercent: percent(fundedMinor, total),
        paidToProducersMinor: share(outflow.get(packageId) ?? 0n),
        acceptedMinor: share(accepted.get(packageId) ?? 0n),
      });
    }
    return {
      donorId: donor.id,
      name: donor.name,
      promisedMinor: sumBy(mine, (c) => to(c.amountMinor, c.currency, c.announcedOn)),
      committedMinor: sumBy(mine, (c) => to(c.committedMinor, c.currency, c.announcedOn)),
      paidMinor: sumBy(packages, (p) => p.fundedMinor),
      deliveredInKindMinor: sumBy(
        mine.filter((c) => c.kind !== 'money' && c.stage === 'delivered'),
        (c) => to(c.amountMinor, c.currency, c.announcedOn),
      ),
      paidToProducersMinor: sumBy(packages, (p) => p.paidToProducersMinor),
      acceptedMinor: sumBy(packages, (p) => p.acceptedMinor),
      packages,
    };
  });
  return { report: 'donor', currency: options.currency, asOf: options.asOf, rows };
}

/** Value of accepted goods per package, at contract prices. */
export function acceptedByPackage(data: ReportData, to: (amountMinor: bigint, currency: string, date: string) => bigint): Map<string, bigint> {
  const contracts = new Map(data.contracts.map((contract) => [contract.id, contract]));
  const result = new Map<string, bigint>();
  for (const line of data.contractLines) {
    const contract = contracts.get(line.contractId);
    if (!contract) continue;
    const value = to(BigInt(line.acceptedQuantity) * line.unitPriceMinor, contract.currency, contract.signedOn);
    result.set(contract.packageId, (result.get(contract.packageId) ?? 0n) + value);
  }
  return result;
}
