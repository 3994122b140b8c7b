import type { LedgerSnapshot } from '../application/queries.js';
import type { AccessRole } from '../application/ports.js';
import type { ConfirmationIndex } from '../application/reports/confirmation.js';
import { recordKey } from '../application/reports/confirmation.js';
import { splitAccount } from './policy.js';
import { packagesOfDonor, partyOf, publishedToPublic, roleOf, seesTransitDetail, type Reader, type ViewSettings } from './views.js';

/**
 * The ledger's records as list resources: which roles read each, which of its rows a
 * party-scoped reader gets, what is withheld from whom, and which filters apply.
 */

export type Row = Readonly<Record<string, unknown>>;
export type ReaderRole = AccessRole | 'public';

/** Filters a list may support, besides the `from`/`to` date range. */
type FilterName = 'donor' | 'recipient' | 'category' | 'stage';

export interface Context {
  readonly snapshot: LedgerSnapshot;
  readonly reader: Reader;
  readonly settings: ViewSettings;
  /** When given, each row of a record list carries its `confirmation: {level, evidence, stories}`. */
  readonly confirmations?: ConfirmationIndex | undefined;
}

export interface Resource {
  /** The URL segment: /api/{name}. */
  readonly name: string;
  /** The kind its records have in provenance and evidence, and the field that holds their id. */
  readonly record?: { readonly kind: string; readonly id: (row: Row) => string };
  readonly summary: string;
  readonly roles: readonly ReaderRole[];
  /** Fields that order the list and make up the cursor. */
  readonly key: readonly string[];
  /** The path parameter of GET /api/{name}/{id}, for records with one id. */
  readonly idField?: string;
  /** For each filter this list supports: the values of a row it matches against. */
  readonly filters: Partial<Record<FilterName, (row: Row, ctx: Context) => readonly (string | null)[]>> & {
    /** The date `from`/`to` compare with. */
    readonly date?: string;
  };
  /** The rows this reader may see, already redacted. */
  rows(ctx: Context): readonly Row[];
}

const everyone: readonly ReaderRole[] = ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'];
const accounts: readonly ReaderRole[] = ['admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'];
const oversight: readonly ReaderRole[] = ['admin', 'coordinator', 'auditor'];

function isOversight(reader: Reader): boolean {
  return oversight.includes(roleOf(reader));
}

function recipientOfPackage(snapshot: LedgerSnapshot, packageId: string | null): string | null {
  return packageId === null ? null : (snapshot.packages.find((pkg) => pkg.id === packageId)?.recipientId ?? null);
}

function contractPackage(snapshot: LedgerSnapshot, contractId: string): string | null {
  return snapshot.contracts.find((contract) => contract.id === contractId)?.packageId ?? null;
}

/** Packages a party-scoped reader has a part in: its own as recipient, funded as donor, supplied as producer. */
function ownPackages(ctx: Context): ReadonlySet<string> | undefined {
  const id = partyOf(ctx.reader);
  switch (roleOf(ctx.reader)) {
    case 'donor':
      return packagesOfDonor(ctx.snapshot, id ?? '');
    case 'recipient':
      return new Set(ctx.snapshot.packages.filter((pkg) => pkg.recipientId === id).map((pkg) => pkg.id));
    default:
      return undefined;
  }
}

function donorsOfPackage(snapshot: LedgerSnapshot, packageId: string): string[] {
  return snapshot.contributions.filter((c) => c.packageId === packageId).map((c) => c.donorId);
}

const parties: Resource = {
  name: 'parties',
  record: { kind: 'party', id: (row) => row.id as string },
  summary: 'States, organisations and companies with their roles',
  roles: everyone,
  key: ['id'],
  idField: 'id',
  filters: { category: (row) => [row.kind as string] },
  rows: (ctx) => ctx.snapshot.parties as unknown as Row[],
};

const requirements: Resource = {
  name: 'requirements',
  record: { kind: 'requirement', id: (row) => row.id as string },
  summary: "The recipient's prioritized list of requirements",
  roles: ['admin', 'coordinator', 'auditor', 'donor', 'recipient'],
  key: ['id'],
  idField: 'id',
  filters: { recipient: (row) => [row.recipientId as string], category: (row) => [row.category as string], date: 'neededBy' },
  rows: (ctx) =>
    (ctx.snapshot.requirements as unknown as Row[]).filter((row) => roleOf(ctx.reader) !== 'recipient' || row.recipientId === partyOf(ctx.reader)),
};

const packages: Resource = {
  name: 'packages',
  record: { kind: 'package', id: (row) => row.id as string },
  summary: 'Packages with their line items; the public sees no sensitive items and delivered goods only after handover plus a delay',
  roles: everyone,
  key: ['id'],
  idField: 'id',
  filters: {
    recipient: (row) => [row.recipientId as string],
    stage: (row) => [row.stage as string],
    category: (row) => (row.lines as Row[]).map((line) => line.category as string),
    donor: (row, ctx) => donorsOfPackage(ctx.snapshot, row.id as string),
    date: 'proposedAt',
  },
  rows: (ctx) => {
    const isPublic = ctx.reader.kind === 'public';
    return ctx.snapshot.packages.map((pkg) => {
      const lines = ctx.snapshot.packageLines.filter((line) => line.packageId === pkg.id && !(isPublic && line.sensitive));
      const row: Row = { ...pkg, lines: lines.map(({ packageId: _, sensitive, ...line }) => ({ ...line, sensitive: sensitive === 1, currency: pkg.currency })) };
      if (!isPublic) return row;
      // The date a package entered delivery or was delivered tells when goods moved; withheld until they are public.
      const pending = ctx.snapshot.shipments.some((s) => s.packageId === pkg.id && !publishedToPublic(s, ctx.settings));
      return pending ? { ...row, stageSince: null } : row;
    });
  },
};

const contributions: Resource = {
  name: 'contributions',
  record: { kind: 'contribution', id: (row) => row.id as string },
  summary: "Donors' pledges of money, goods and capabilities with their stage",
  roles: ['admin', 'coordinator', 'auditor', 'donor', 'recipient'],
  key: ['id'],
  idField: 'id',
  filters: {
    donor: (row) => [row.donorId as string],
    recipient: (row, ctx) => [row.recipientId as string | null, recipientOfPackage(ctx.snapshot, row.packageId as string | null)],
    category: (row) => [row.category as string],
    stage: (row) => [row.stage as string],
    date: 'announcedOn',
  },
  rows: (ctx) => {
    const all = ctx.snapshot.contributions as unknown as Row[];
    if (isOversight(ctx.reader)) return all;
    const id = partyOf(ctx.reader);
    if (roleOf(ctx.reader) === 'donor') return all.filter((row) => row.donorId === id);
    return all.filter((row) => row.recipientId === id || recipientOfPackage(ctx.snapshot, row.packageId as string | null) === id);
  },
};

/** The party behind an account id: donor:X → X, package:P → P's recipient side is not an owner. */
function accountParty(snapshot: LedgerSnapshot, accountId: string): string | null {
  const [kind, owner] = splitAccount(accountId);
  if (kind === 'donor') return owner;
  if (kind === 'contract') return snapshot.contracts.find((contract) => contract.id === owner)?.producerId ?? null;
  return null;
}

const transfers: Resource = {
  name: 'transfers',
  record: { kind: 'transfer', id: (row) => row.transferId as string },
  summary: 'Double-entry money movements between donor, package and contract accounts',
  roles: ['admin', 'coordinator', 'auditor', 'donor', 'producer'],
  key: ['seq'],
  filters: {
    donor: (row) => [row.fromAccount, row.toAccount].map((account) => (splitAccount(account as string)[0] === 'donor' ? splitAccount(account as string)[1] : null)),
    date: 'valueDate',
  },
  rows: (ctx) => {
    const all = ctx.snapshot.transfers as unknown as Row[];
    if (isOversight(ctx.reader)) return all;
    const id = partyOf(ctx.reader);
    return all.filter((row) => accountParty(ctx.snapshot, row.fromAccount as string) === id || accountParty(ctx.snapshot, row.toAccount as string) === id);
  },
};

const balances: Resource = {
  name: 'accounts',
  summary: 'Account balances per currency, debits and credits',
  roles: ['admin', 'coordinator', 'auditor', 'donor', 'producer'],
  key: ['id', 'currency'],
  filters: { donor: (row) => [row.kind === 'donor' ? (row.ownerId as string) : null], category: (row) => [row.kind as string] },
  rows: (ctx) => {
    const all = ctx.snapshot.accounts as unknown as Row[];
    if (isOversight(ctx.reader)) return all;
    return all.filter((row) => accountParty(ctx.snapshot, row.id as string) === partyOf(ctx.reader));
  },
};

/**
 * Records tied to a contract and its package: oversight reads them all, a producer those of its
 * own contracts, a donor or recipient those of packages it has a part in.
 */
function ownedRows(ctx: Context, rows: readonly Row[], contractOf: (row: Row) => string): readonly Row[] {
  if (isOversight(ctx.reader)) return rows;
  const id = partyOf(ctx.reader);
  if (roleOf(ctx.reader) === 'producer') return rows.filter((row) => ctx.snapshot.contracts.some((c) => c.id === contractOf(row) && c.producerId === id));
  const own = ownPackages(ctx) ?? new Set<string>();
  return rows.filter((row) => own.has(contractPackage(ctx.snapshot, contractOf(row)) ?? ''));
}

const contracts: Resource = {
  name: 'contracts',
  record: { kind: 'contract', id: (row) => row.id as string },
  summary: "Packages' purchases from producers, with line items",
  roles: accounts,
  key: ['id'],
  idField: 'id',
  filters: {
    recipient: (row, ctx) => [recipientOfPackage(ctx.snapshot, row.packageId as string)],
    donor: (row, ctx) => donorsOfPackage(ctx.snapshot, row.packageId as string),
    date: 'signedOn',
  },
  rows: (ctx) => {
    const rows = ctx.snapshot.contracts.map((contract): Row => ({
      ...contract,
      lines: ctx.snapshot.contractLines.filter((line) => line.contractId === contract.id).map(({ contractId: _, ...line }) => ({ ...line, currency: contract.currency })),
    }));
    return ownedRows(ctx, rows, (row) => row.id as string);
  },
};

const shipments: Resource = {
  name: 'shipments',
  record: { kind: 'shipment', id: (row) => row.id as string },
  summary: 'Contract goods on the move; route, hubs, dates and quantities are withheld in transit from readers without a part in the delivery',
  roles: accounts,
  key: ['id'],
  idField: 'id',
  filters: {
    recipient: (row, ctx) => [recipientOfPackage(ctx.snapshot, row.packageId as string)],
    stage: (row) => [row.stage as string],
    date: 'dispatchedAt',
  },
  rows: (ctx) => {
    const rows = ctx.snapshot.shipments.map((shipment): Row => {
      if (shipment.handedOverAt === null && !seesTransitDetail(ctx.reader, shipment, ctx.snapshot)) {
        return { id: shipment.id, contractId: shipment.contractId, packageId: shipment.packageId, stage: shipment.stage, withheld: true };
      }
      return {
        ...shipment,
        lines: ctx.snapshot.shipmentLines.filter((line) => line.shipmentId === shipment.id).map(({ shipmentId: _, ...line }) => line),
        milestones: ctx.snapshot.milestones.filter((m) => m.shipmentId === shipment.id).map(({ shipmentId: _, seq: __, ...m }) => m),
      };
    });
    return ownedRows(ctx, rows, (row) => row.contractId as string);
  },
};

const receipts: Resource = {
  name: 'receipts',
  record: { kind: 'receipt', id: (row) => row.id as string },
  summary: 'Proof of delivery per line: accepted and rejected with reason',
  roles: accounts,
  key: ['id'],
  idField: 'id',
  filters: {
    recipient: (row, ctx) => [recipientOfPackage(ctx.snapshot, contractPackage(ctx.snapshot, row.contractId as string))],
    date: 'receivedAt',
  },
  rows: (ctx) => {
    const rows = ctx.snapshot.receipts.map((receipt): Row => ({
      ...receipt,
      lines: ctx.snapshot.receiptLines.filter((line) => line.receiptId === receipt.id).map(({ receiptId: _, ...line }) => line),
    }));
    return ownedRows(ctx, rows, (row) => row.contractId as string);
  },
};

const spending: Resource = {
  name: 'spending',
  record: { kind: 'spending', id: (row) => `${String(row.country)}:${String(row.year)}` },
  summary: "Countries' defence spending and GDP by year",
  roles: everyone,
  key: ['country', 'year'],
  filters: { donor: (row, ctx) => ctx.snapshot.parties.filter((p) => p.country === row.country).map((p) => p.id) },
  rows: (ctx) => ctx.snapshot.spending as unknown as Row[],
};

const fxRates: Resource = {
  name: 'fx-rates',
  summary: 'Dated exchange rates used to convert figures into the reporting currency',
  roles: everyone,
  key: ['date', 'base', 'quote'],
  filters: { date: 'date' },
  rows: (ctx) => ctx.snapshot.fxRates as unknown as Row[],
};

export const resources: readonly Resource[] = [parties, requirements, packages, contributions, transfers, balances, contracts, shipments, receipts, spending, fxRates];

/** Record lists whose rows carry their confirmation (parties and requirements are not figures). */
const confirmedLists: ReadonlySet<string> = new Set(['packages', 'contributions', 'transfers', 'contracts', 'shipments', 'receipts', 'spending']);

/** The rows this reader may see, each with its confirmation when the context has them. */
export function rowsOf(resource: Resource, ctx: Context): readonly Row[] {
  const rows = resource.rows(ctx);
  const { confirmations } = ctx;
  const { record } = resource;
  if (!confirmations || !record || !confirmedLists.has(resource.name)) return rows;
  return rows.map((row) => (row.withheld === true ? row : { ...row, confirmation: confirmations.summary(record.kind, record.id(row)) }));
}

/**
 * The records this reader may read, as `recordKey(kind, id)`: the rows of every list it may
 * read (a shipment withheld in transit is not readable). Evidence follows its record.
 */
export function readableRecords(ctx: Context): ReadonlySet<string> {
  const keys = new Set<string>();
  const role = roleOf(ctx.reader);
  for (const resource of resources) {
    if (!resource.roles.includes(role) || !resource.record) continue;
    for (const row of resource.rows(ctx)) if (row.withheld !== true) keys.add(recordKey(resource.record.kind, resource.record.id(row)));
  }
  return keys;
}

// ---- events, for Merkle proofs (an event proof carries the event's row) ----

/** The roles that read every event (in /api/events or a record's /api/history): they get any proof. */
export const allEventsRoles: readonly ReaderRole[] = ['admin', 'coordinator', 'auditor'];

/**
 * The ids of every record this reader may read, from the lists it may read (a withheld
 * shipment is not readable: its events hold the route and quantities).
 */
export function readableIds(ctx: Context): ReadonlySet<string> {
  const ids = new Set<string>();
  const role = roleOf(ctx.reader);
  for (const resource of resources) {
    if (!resource.roles.includes(role)) continue;
    const field = resource.idField ?? (resource.name === 'transfers' ? 'transferId' : undefined);
    if (field === undefined) continue;
    for (const row of resource.rows(ctx)) if (row.withheld !== true && typeof row[field] === 'string') ids.add(row[field]);
  }
  return ids;
}

/**
 * Whether the reader may see an event's row. Those who read every event may; the public reads
 * no event (its lists are cut from the projections: no sensitive item, no goods in transit);
 * a donor, recipient or producer sees an event when it names at least one record and every
 * record it names (`subjects`, as a record's history matches them) is one it may read.
 */
export function mayReadEvent(reader: Reader, subjects: ReadonlySet<string>, readable: ReadonlySet<string>): boolean {
  const role = roleOf(reader);
  if (allEventsRoles.includes(role)) return true;
  if (role === 'public') return false;
  // Accounts are named twice, as KIND:ID and as ID; the bare id decides.
  const named = [...subjects].filter((id) => !/^(donor|package|contract):/.test(id));
  return named.length > 0 && named.every((id) => readable.has(id));
}
