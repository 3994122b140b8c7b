import type { Principal } from '../application/access.js';
import type { AccessRole } from '../application/ports.js';
import type { LedgerSnapshot } from '../application/queries.js';
import type { ReportData } from '../application/reports/index.js';
import type { Contract, Package, Shipment } from '../domain/state.js';
import { splitAccount } from './policy.js';

/**
 * What each reader sees. Three rules:
 * - While a shipment is not handed over, its route, hubs, dates and quantities are for the
 *   coordinating cell, the producer, the recipient and admins only.
 * - The public sees a shipment's goods (and so a package's delivered totals) only once it was
 *   handed over at least `publicDelayDays` ago.
 * - Package lines flagged sensitive never reach the public, not even as item names in totals.
 * Party-scoped accounts (donor, recipient, producer) see the records that are theirs.
 */

export interface ViewSettings {
  /** Days after handover before the public sees a shipment's goods. */
  readonly publicDelayDays: number;
  /** Today, YYYY-MM-DD. */
  readonly today: string;
}

/** A reader: the public, or an account with its role and party. */
export type Reader = Principal;

export const withheldItem = 'withheld';

/** The reader's role; 'public' without a sign-in. */
export function roleOf(reader: Reader): AccessRole | 'public' {
  return reader.kind === 'public' ? 'public' : reader.role;
}

/** The party a donor, recipient or producer account acts for. */
export function partyOf(reader: Reader): string | null {
  return reader.kind === 'public' ? null : reader.partyId;
}

/** True when the reader may see an in-transit shipment's detail. */
export function seesTransitDetail(reader: Reader, shipment: Shipment, snapshot: LedgerSnapshot): boolean {
  const role = roleOf(reader);
  if (role === 'admin' || role === 'coordinator') return true;
  const party = partyOf(reader);
  if (role === 'producer') return contractOf(snapshot, shipment.contractId)?.producerId === party;
  if (role === 'recipient') return packageOf(snapshot, shipment.packageId)?.recipientId === party;
  return false;
}

function packageOf(snapshot: LedgerSnapshot, id: string): Package | undefined {
  return snapshot.packages.find((pkg) => pkg.id === id);
}

function contractOf(snapshot: LedgerSnapshot, id: string): Contract | undefined {
  return snapshot.contracts.find((contract) => contract.id === id);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the public may see this shipment's goods yet. */
export function publishedToPublic(shipment: Shipment, settings: ViewSettings): boolean {
  return shipment.handedOverAt !== null && addDays(shipment.handedOverAt, settings.publicDelayDays) <= settings.today;
}

/** Packages a donor put money or goods into. */
export function packagesOfDonor(snapshot: LedgerSnapshot, donorId: string): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const contribution of snapshot.contributions) if (contribution.donorId === donorId && contribution.packageId) ids.add(contribution.packageId);
  for (const transfer of snapshot.transferTotals) {
    if (transfer.fromAccount === `donor:${donorId}`) ids.add(splitAccount(transfer.toAccount)[1]);
  }
  return ids;
}

/**
 * A reader's audience for aggregate figures: who sees everything, who sees goods only once
 * handed over, and the public. Reports for the same audience are the same bytes, so they are cached per audience.
 */
export type Audience = 'full' | 'handed-over' | 'public' | `recipient:${string}`;

export function audienceOf(reader: Reader): Audience {
  const role = roleOf(reader);
  if (role === 'public') return 'public';
  if (role === 'admin' || role === 'coordinator') return 'full';
  if (role === 'recipient') return `recipient:${partyOf(reader) ?? ''}`;
  // Auditors, donors and producers: in-transit detail of other parties' deliveries is not theirs.
  return 'handed-over';
}

/**
 * The data reports are computed from, for one audience: shipments not yet visible to it are
 * taken out, with the quantities they moved; the public also loses sensitive item names.
 */
export function reportDataFor(audience: Audience, snapshot: LedgerSnapshot, settings: ViewSettings): ReportData {
  if (audience === 'full') return snapshot;
  const recipient = audience.startsWith('recipient:') ? audience.slice('recipient:'.length) : undefined;
  const visible = (shipment: Shipment) => {
    if (recipient !== undefined) return shipment.handedOverAt !== null || packageOf(snapshot, shipment.packageId)?.recipientId === recipient;
    return audience === 'public' ? publishedToPublic(shipment, settings) : shipment.handedOverAt !== null;
  };
  const shipments = snapshot.shipments.filter(visible);
  const shipmentIds = new Set(shipments.map((shipment) => shipment.id));
  const receipts = snapshot.receipts.filter((receipt) => shipmentIds.has(receipt.shipmentId));
  const receiptIds = new Set(receipts.map((receipt) => receipt.id));
  const receiptLines = snapshot.receiptLines.filter((line) => receiptIds.has(line.receiptId));
  const contractOfShipment = new Map(shipments.map((shipment) => [shipment.id, shipment.contractId]));
  const contractOfReceipt = new Map(receipts.map((receipt) => [receipt.id, receipt.contractId]));
  const lineKey = (contractId: string | undefined, lineId: string) => `${contractId ?? ''}\u0000${lineId}`;
  const visibleShipmentLines = snapshot.shipmentLines.filter((line) => shipmentIds.has(line.shipmentId));
  const shipped = sumByKey(visibleShipmentLines, (line) => lineKey(contractOfShipment.get(line.shipmentId), line.contractLineId), (line) => line.quantity);
  const accepted = sumByKey(receiptLines, (line) => lineKey(contractOfReceipt.get(line.receiptId), line.contractLineId), (line) => line.accepted);
  const rejected = sumByKey(receiptLines, (line) => lineKey(contractOfReceipt.get(line.receiptId), line.contractLineId), (line) => line.rejected);
  const sensitive = new Set(snapshot.packageLines.filter((line) => line.sensitive).map((line) => lineKey(line.packageId, line.lineId)));
  const contractPackage = new Map(snapshot.contracts.map((contract) => [contract.id, contract.packageId]));
  const masked = audience === 'public';
  const requirements = recipient === undefined ? snapshot.requirements : snapshot.requirements.filter((r) => r.recipientId === recipient);
  const requirementIds = new Set(requirements.map((r) => r.id));
  return {
    ...snapshot,
    requirements,
    shipments,
    receipts,
    // A reason for rejecting goods is free text that may name an item or a place: not for the public.
    receiptLines: masked ? receiptLines.map((line) => (line.reason === null ? line : { ...line, reason: null })) : receiptLines,
    // Sources of records the reader does not see are not shown either; the public sees those of the records it may list.
    provenance: snapshot.provenance.filter((row) => {
      if (masked && !publicSourceKinds.has(row.recordKind)) return false;
      if (row.recordKind === 'shipment') return shipmentIds.has(row.recordId);
      if (row.recordKind === 'receipt') return receiptIds.has(row.recordId);
      if (row.recordKind === 'requirement') return requirementIds.has(row.recordId);
      return true;
    }),
    // A sensitive line's item and category are both detail the public does not get; its value still counts.
    packageLines: masked ? snapshot.packageLines.map((line) => (line.sensitive ? { ...line, item: withheldItem, category: withheldItem } : line)) : snapshot.packageLines,
    contractLines: snapshot.contractLines.map((line) => {
      const key = lineKey(line.contractId, line.lineId);
      const hidden = masked && sensitive.has(lineKey(contractPackage.get(line.contractId), line.packageLineId));
      return {
        ...line,
        item: hidden ? withheldItem : line.item,
        shippedQuantity: shipped.get(key) ?? 0,
        acceptedQuantity: accepted.get(key) ?? 0,
        rejectedQuantity: rejected.get(key) ?? 0,
      };
    }),
    stageChanges: masked ? [] : snapshot.stageChanges,
  };
}

/** The kinds of record the public may list (parties, packages, spending, exchange rates), whose sources it may see. */
const publicSourceKinds: ReadonlySet<string> = new Set(['party', 'package', 'spending', 'fxRate']);

function sumByKey<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return sums;
}

/**
 * The last touches a report needs for the public that its data alone cannot give: a package's
 * days in stage tell when its goods started moving, so they are withheld while any of its
 * shipments is not yet public.
 */
export function publicReport<T extends { readonly rows: readonly object[] }>(report: T, snapshot: LedgerSnapshot, settings: ViewSettings): T {
  const pending = new Set(snapshot.shipments.filter((shipment) => !publishedToPublic(shipment, settings)).map((shipment) => shipment.packageId));
  if (pending.size === 0) return report;
  const rows = report.rows.map((row) => {
    const packageId = (row as { packageId?: unknown }).packageId;
    return 'daysInStage' in row && typeof packageId === 'string' && pending.has(packageId) ? { ...row, daysInStage: null } : row;
  });
  return { ...report, rows };
}
