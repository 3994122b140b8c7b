import { ensureParty } from '../parties.js';
import { idFrom } from '../ids.js';
import type { CommandEnvelope } from '../../contract/commands.js';
import { parseCommand } from '../../contract/commands.js';
import { formatAmount } from '../../domain/money.js';
import type { PackageStage, PartyKind, PartyRole } from '../../domain/state.js';
import { alpha3 } from '../countries.js';
import type { ImportRun } from '../format.js';
import { fail, located as locatedCommand, provenanceOf } from '../format.js';
import { LiteralNumber, type LiteralDict, type LiteralValue } from '../literal.js';
import { mergeObject, placeText, where, type Place } from './merge.js';
import {
  amountAt,
  arrayAt,
  clip,
  dateOf,
  lotValue,
  objectAt,
  quantityAt,
  releasesOf,
  textAt,
  type Amount,
  type SourceRelease,
} from './read.js';

/**
 * OCDS → ledger. The releases of all files are grouped by ocid, ordered by date (a record
 * package's compiled release counts as one release) and walked in order, merging each into the
 * view of the process so far (OCDS merge rules). At each release the walk records what has
 * newly become true: the tender → `ProposePackage`; an award or a signed contract →
 * `ApprovePackage`; an active or terminated contract → the buyer's funding of the package and
 * `SignContract`; each implementation transaction → a payment from the package to the contract.
 * Provenance points at the release and JSON path that made it true; ids come from the ocid and
 * the publisher's ids, so one process read from six release files or from one package is the
 * same set of records.
 *
 * Records already in the ledger are not written again: the ledger's view is read first, and
 * what it holds is counted as merged ("already in the ledger from an earlier import"). This
 * is what makes a re-import, or the combined package after its separate releases, change
 * nothing, even though the file names in their provenance differ.
 */

export const reasons = {
  earlier: 'already in the ledger from an earlier import',
  laterRelease: 'same contract in a later release',
  sameRelease: 'same release in two files',
  planning: 'contracting processes still in planning (no tender, award or contract yet)',
  noBuyer: 'contracting processes without a buyer',
  noValue: 'contracting processes without items or values (nothing to propose)',
  cancelled: 'cancelled or unsuccessful tenders without contracts',
  notSigned: 'contracts not signed (status pending or cancelled)',
  noSupplier: 'contracts without a supplier',
  jointSupplier: 'further suppliers of a joint award (a contract has one producer)',
  noContractItems: 'contracts without items or value on a package with items (no line to match)',
  unmatchedItems: 'contracts with items that match no tender item',
  otherCurrency: 'contracts in another currency than their tender',
  zeroContract: 'contracts of zero value on an unpriced tender',
  valueDiffers: 'contract values that differ from the sum of their items (the items are recorded)',
  dueBeforeSigned: 'contract end dates before the signing date (due date set to the signing date)',
  terminated: 'contract terminations (the ledger has no termination; payments stay as made)',
  unpriced: 'items without a unit value (recorded at 0)',
  zeroTransaction: 'transactions of zero or less (refunds and corrections are not read)',
  unsignedTransaction: 'transactions of contracts that were not signed',
  deliveryMilestone: 'delivery milestones (a shipment needs contract lines and quantities, which milestones do not give)',
  paymentMilestone: 'payment milestones (payments are read from transactions)',
  otherMilestone: 'milestones of other kinds (planning, engagement, approval, reporting)',
} as const;

/** Ids the exporter reverses. */
export const ocdsIds = {
  package: (ocid: string) => idFrom(`ocds:${ocid}`),
  contract: (packageId: string, contractId: string) => idFrom(`${packageId}:contract:${contractId}`),
  payment: (contractId: string, transactionId: string) => idFrom(`${contractId}:tx:${transactionId}`),
  /** The OCDS scheme under which the exporter writes state parties, so they come back as states. */
  stateScheme: 'x_aidtrace_state',
  /** The classification scheme the exporter uses for a category that is no "scheme:id". */
  categoryScheme: 'x_aidtrace',
};

interface PartyNeed {
  id: string;
  name: string;
  country: string | undefined;
  state: boolean;
  roles: Set<PartyRole>;
  place: Place;
  ref: string;
  dataset: string;
  publisher: string | undefined;
}

interface Planned {
  readonly wire: Record<string, unknown>;
  readonly at: string;
}

interface LineShadow {
  readonly quantity: number;
  readonly unitValueMinor: bigint;
  contracted: number;
}

interface PackageShadow {
  readonly id: string;
  readonly fromLedger: boolean;
  stage: PackageStage;
  currency: string;
  valueMinor: bigint;
  fundedMinor: bigint;
  balanceMinor: bigint;
  readonly lines: Map<string, LineShadow>;
  /** A package of one line standing for the whole value (the process published no items). */
  readonly wholeValue: boolean;
  buyer: PartyNeed;
  readonly proposedAt?: string | undefined;
}

interface ContractShadow {
  readonly id: string;
  readonly fromLedger: boolean;
  readonly currency: string;
  readonly valueMinor: bigint;
  /** Paid before this import began (ledger) — transactions up to this sum are already recorded. */
  readonly paidBefore: bigint;
  counted: bigint;
  readonly seen: Set<string>;
}

export async function* readOcds(files: readonly string[], run: ImportRun): AsyncGenerator<CommandEnvelope> {
  const order = { next: 0 };
  const byOcid = new Map<string, SourceRelease[]>();
  for (const file of files) {
    for (const release of await releasesOf(file, order)) {
      let list = byOcid.get(release.ocid);
      if (!list) byOcid.set(release.ocid, (list = []));
      list.push(release);
    }
  }
  const parties = new Map<string, PartyNeed>();
  const planned: Planned[] = [];
  for (const releases of byOcid.values()) planProcess(releases, run, parties, planned);
  for (const party of parties.values()) {
    const kind: PartyKind = party.state ? 'state' : party.roles.has('coordinator') || party.roles.has('donor') ? 'organisation' : 'company';
    const provenance = provenanceOf(party.dataset, party.place.file, party.place.path, party.publisher, party.ref);
    yield* ensureParty(run, { partyId: party.id, name: clip(party.name), kind, country: party.country }, [...party.roles], 'ocds', provenance, placeText(party.place));
  }
  for (const { wire, at } of planned) yield locatedCommand(at, () => parseCommand(wire));
}

function planProcess(all: readonly SourceRelease[], run: ImportRun, parties: Map<string, PartyNeed>, out: Planned[]): void {
  const releases: SourceRelease[] = [];
  const seenIds = new Map<string, { text: string; release: SourceRelease }>();
  for (const release of [...all].sort((a, b) => a.time - b.time || a.order - b.order)) {
    const text = canonical(release.raw);
    const earlier = seenIds.get(release.id);
    if (earlier) {
      // A release id names one release: the same id with other content is a conflict, not an update.
      if (earlier.text !== text) {
        fail(release.place.file, release.place.path, `release "${release.id}" differs from the release of that id in ${placeText(earlier.release.place)}; an update needs a new release id`);
      }
      run.merge(reasons.sameRelease);
      continue;
    }
    seenIds.set(release.id, { text, release });
    releases.push(release);
  }
  const ocid = releases[0]?.ocid as string;
  const packageId = ocdsIds.package(ocid);
  const view = run.view;
  const known = view.package(packageId);
  let pkg: PackageShadow | undefined;
  let countedEarlier = false;
  const contracts = new Map<string, ContractShadow>();
  const skippedContracts = new Set<string>();
  const skippedTransactions = new Set<string>();
  let compiled: LiteralDict | undefined;
  let last: SourceRelease | undefined;

  const need = (party: Omit<PartyNeed, 'roles'>, roles: readonly PartyRole[]): PartyNeed => {
    let entry = parties.get(party.id);
    if (!entry) parties.set(party.id, (entry = { ...party, roles: new Set() }));
    for (const role of roles) entry.roles.add(role);
    return entry;
  };
  const partyOf = (process: LiteralDict, ref: LiteralDict, release: SourceRelease): Omit<PartyNeed, 'roles'> | undefined => {
    const ocdsId = textAt(ref, 'id');
    const entry = ocdsId === undefined ? undefined : arrayAt(process, 'parties').find((party) => textAt(party, 'id') === ocdsId);
    const identifier = entry ? objectAt(entry, 'identifier') : undefined;
    const scheme = identifier ? textAt(identifier, 'scheme') : undefined;
    const schemeId = identifier ? textAt(identifier, 'id') : undefined;
    const name = (entry && textAt(entry, 'name')) ?? textAt(ref, 'name') ?? (identifier && textAt(identifier, 'legalName')) ?? ocdsId;
    if (name === undefined) return undefined;
    const state = scheme === ocdsIds.stateScheme && schemeId !== undefined && alpha3(schemeId) === schemeId;
    const id = state ? (schemeId as string) : idFrom(`org:${scheme && schemeId ? `${scheme}-${schemeId}` : (ocdsId ?? name)}`);
    const address = entry ? objectAt(entry, 'address') : undefined;
    const countryText = address ? (textAt(address, 'country') ?? textAt(address, 'countryName')) : undefined;
    const country = state ? schemeId : countryText === undefined ? undefined : alpha3(countryText);
    return { id, name, country, state, place: where(entry ?? ref), ref: ocdsId ?? name, dataset: release.dataset, publisher: release.publisher };
  };
  /** The buyer pays: the buyer, else the procuring entity, else the payer of the first transaction. */
  const buyerOf = (process: LiteralDict, release: SourceRelease, register = true): PartyNeed | Omit<PartyNeed, 'roles'> | undefined => {
    const tender = objectAt(process, 'tender');
    const byRole = (role: string) => arrayAt(process, 'parties').find((party) => hasOcdsRole(party, role));
    const firstPayer = arrayAt(process, 'contracts')
      .flatMap((contract) => arrayAt(objectAt(contract, 'implementation') ?? {}, 'transactions'))
      .map((transaction) => objectAt(transaction, 'payer'))
      .find((payer) => payer !== undefined);
    const ref = objectAt(process, 'buyer') ?? byRole('buyer') ?? (tender && objectAt(tender, 'procuringEntity')) ?? byRole('procuringEntity') ?? byRole('payer') ?? firstPayer;
    const party = ref ? partyOf(process, ref, release) : undefined;
    if (!party || !register) return party;
    return need(party, ['coordinator', 'donor', 'recipient']);
  };
  const prov = (release: SourceRelease, place: Place, ref: string) => provenanceOf(release.dataset, release.place.file, place.path === '' ? '$' : place.path, release.publisher, ref);

  for (const release of releases) {
    last = release;
    const base = release.place.path === '$' ? '' : release.place.path;
    compiled = mergeObject(compiled, release.raw, { file: release.place.file, path: base });
    const process = compiled;
    const tender = objectAt(process, 'tender');
    const tenderStatus = tender ? textAt(tender, 'status') : undefined;
    const awards = arrayAt(process, 'awards').filter((award) => !['cancelled', 'unsuccessful'].includes(textAt(award, 'status') ?? ''));
    const allContracts = arrayAt(process, 'contracts');
    const signable = (contract: LiteralDict) => ['active', 'terminated'].includes(textAt(contract, 'status') ?? 'active');

    // ── The package: proposed once a tender is out (not merely planned) or a buyer has awarded or contracted ──
    if (!pkg) {
      const tendered = tender !== undefined && !['planned', 'planning', 'withdrawn', 'cancelled', 'unsuccessful'].includes(tenderStatus ?? 'active');
      if (!tendered && awards.length === 0 && allContracts.length === 0) continue;
      const candidate = buyerOf(process, release, false);
      if (!candidate) continue;
      const buyerRoles: PartyRole[] = ['coordinator', 'donor', 'recipient'];
      if (known) {
        pkg = shadowFromLedger(run, packageId, need(candidate, buyerRoles));
        if (!countedEarlier) run.merge(reasons.earlier);
        countedEarlier = true;
      } else {
        const proposal = proposePackage(process, release, packageId, candidate, run);
        if (!proposal) continue;
        pkg = { ...proposal.shadow, buyer: need(candidate, buyerRoles) };
        out.push({ wire: { ...proposal.wire, provenance: prov(release, proposal.place, ocid) }, at: placeText(proposal.place) });
      }
    }

    // ── Approval: the first award or signed contract ──
    if (pkg.stage === 'proposed') {
      const decided = [
        ...awards.map((award) => ({ date: dateOf(award, 'date'), place: where(award) })),
        ...allContracts.filter(signable).map((contract) => ({ date: dateOf(contract, 'dateSigned'), place: where(contract) })),
      ].filter((entry) => entry.date !== undefined) as { date: string; place: Place }[];
      if (decided.length > 0 || awards.length > 0 || allContracts.some(signable)) {
        decided.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
        const first = decided[0] ?? { date: release.date, place: release.place };
        const at = first.date < (pkg.proposedAt ?? first.date) ? (pkg.proposedAt as string) : first.date;
        out.push({
          wire: { id: `${packageId}:approve`, type: 'ApprovePackage', packageId, at, provenance: prov(release, first.place, ocid) },
          at: placeText(first.place),
        });
        pkg.stage = 'approved';
      }
    }

    // ── Contracts restated or first seen in this release ──
    for (const stated of arrayAt(release.release, 'contracts')) {
      const ocdsContractId = textAt(stated, 'id') ?? fail(where(stated).file, `${where(stated).path}.id`, 'every contract needs an id');
      const contractId = ocdsIds.contract(packageId, ocdsContractId);
      const contract = allContracts.find((entry) => textAt(entry, 'id') === ocdsContractId) as LiteralDict;
      if (contracts.has(contractId)) {
        if (!contracts.get(contractId)?.fromLedger) run.merge(reasons.laterRelease);
        continue;
      }
      if (!signable(contract) || pkg.stage === 'proposed') continue;
      skippedContracts.delete(contractId);
      const inLedger = run.view.contract(contractId);
      if (inLedger) {
        contracts.set(contractId, {
          id: contractId,
          fromLedger: true,
          currency: inLedger.currency,
          valueMinor: inLedger.valueMinor,
          paidBefore: inLedger.paidMinor,
          counted: 0n,
          seen: new Set(),
        });
        run.merge(reasons.earlier);
        continue;
      }
      const signed = signContract(process, contract, release, pkg, contractId, ocdsContractId, run, need, partyOf, prov, out);
      if (typeof signed === 'string') {
        skippedContracts.add(contractId);
        continue;
      }
      contracts.set(contractId, signed);
    }

    // ── Payments: the transactions stated in this release ──
    for (const stated of arrayAt(release.release, 'contracts')) {
      const contractId = ocdsIds.contract(packageId, textAt(stated, 'id') as string);
      const shadow = contracts.get(contractId);
      const implementation = objectAt(stated, 'implementation');
      for (const transaction of implementation ? arrayAt(implementation, 'transactions') : []) {
        const place = where(transaction);
        const transactionId = textAt(transaction, 'id') ?? fail(place.file, `${place.path}.id`, 'every transaction needs an id');
        if (!shadow) {
          if (!skippedTransactions.has(`${contractId}\u0000${transactionId}`)) run.skip(reasons.unsignedTransaction);
          skippedTransactions.add(`${contractId}\u0000${transactionId}`);
          continue;
        }
        if (shadow.seen.has(transactionId)) continue;
        shadow.seen.add(transactionId);
        const amount = amountAt(transaction, 'value') ?? amountAt(transaction, 'amount') ?? fail(place.file, `${place.path}.value`, 'is missing; a transaction needs its value');
        if (amount.minor <= 0n) {
          run.skip(reasons.zeroTransaction);
          continue;
        }
        if (amount.currency !== shadow.currency) {
          fail(place.file, `${place.path}.value.currency`, `${amount.currency}, but contract "${textAt(stated, 'id')}" is in ${shadow.currency}`);
        }
        if (shadow.fromLedger && shadow.counted + amount.minor <= shadow.paidBefore) {
          shadow.counted += amount.minor;
          run.merge(reasons.earlier);
          continue;
        }
        shadow.counted += amount.minor;
        const valueDate = dateOf(transaction, 'date') ?? release.date;
        const paymentId = ocdsIds.payment(contractId, transactionId);
        if (pkg.balanceMinor < amount.minor) {
          // The package holds less than the payment: the payer funds the difference that day.
          const payerRef = objectAt(transaction, 'payer') ?? objectAt(transaction, 'providerOrganization');
          const payer = (payerRef && partyOf(process, payerRef, release)) ?? pkg.buyer;
          const funder = need(payer, ['donor']);
          const shortfall = amount.minor - pkg.balanceMinor;
          out.push({
            wire: {
              id: `${paymentId}:funding`,
              type: 'RecordTransfer',
              fromAccount: `donor:${funder.id}`,
              toAccount: `package:${pkg.id}`,
              amount: { amount: formatAmount(shortfall, amount.currency), currency: amount.currency },
              valueDate,
              memo: clip(`OCDS transaction ${transactionId}: funds the payment beyond what the package held`),
              provenance: prov(release, place, transactionId),
            },
            at: placeText(place),
          });
          pkg.balanceMinor += shortfall;
          pkg.fundedMinor += shortfall;
        }
        const payee = objectAt(transaction, 'payee') ?? objectAt(transaction, 'receiverOrganization');
        const payerName = textAt(objectAt(transaction, 'payer') ?? {}, 'name') ?? pkg.buyer.name;
        out.push({
          wire: {
            id: paymentId,
            type: 'RecordTransfer',
            fromAccount: `package:${pkg.id}`,
            toAccount: `contract:${contractId}`,
            amount: { amount: formatAmount(amount.minor, amount.currency), currency: amount.currency },
            valueDate,
            memo: clip(`OCDS transaction ${transactionId}: ${payerName} → ${(payee && textAt(payee, 'name')) ?? 'the supplier'}`),
            provenance: prov(release, place, transactionId),
          },
          at: placeText(place),
        });
        pkg.balanceMinor -= amount.minor;
      }
    }
  }

  // ── What the ledger does not hold, counted once per process from its final merged view ──
  const process = compiled as LiteralDict;
  if (!pkg) {
    const tender = objectAt(process, 'tender');
    const status = tender ? textAt(tender, 'status') : undefined;
    if (!buyerOf(process, last as SourceRelease, false) && (tender || arrayAt(process, 'contracts').length > 0)) run.skip(reasons.noBuyer);
    else if (['cancelled', 'unsuccessful', 'withdrawn'].includes(status ?? '')) run.skip(reasons.cancelled);
    else if (tender === undefined || status === 'planned' || status === 'planning') {
      if (arrayAt(process, 'awards').length === 0 && arrayAt(process, 'contracts').length === 0) run.skip(reasons.planning);
      else run.skip(reasons.noValue);
    } else run.skip(reasons.noValue);
    for (const contract of arrayAt(process, 'contracts')) {
      const implementation = objectAt(contract, 'implementation');
      const count = implementation ? arrayAt(implementation, 'transactions').length : 0;
      if (count > 0) run.skip(reasons.unsignedTransaction, count);
    }
  }
  const milestones = [
    ...arrayAt(objectAt(process, 'planning') ?? {}, 'milestones'),
    ...arrayAt(objectAt(process, 'tender') ?? {}, 'milestones'),
    ...arrayAt(process, 'contracts').flatMap((contract) => [...arrayAt(contract, 'milestones'), ...arrayAt(objectAt(contract, 'implementation') ?? {}, 'milestones')]),
  ];
  for (const milestone of milestones) {
    const type = textAt(milestone, 'type');
    run.skip(type === 'delivery' ? reasons.deliveryMilestone : type === 'payment' ? reasons.paymentMilestone : reasons.otherMilestone);
  }
  for (const contract of arrayAt(process, 'contracts')) {
    const id = ocdsIds.contract(packageId, textAt(contract, 'id') ?? '');
    if (textAt(contract, 'status') === 'terminated' && contracts.has(id)) run.skip(reasons.terminated);
    if (!contracts.has(id) && !skippedContracts.has(id) && pkg && !['active', 'terminated'].includes(textAt(contract, 'status') ?? 'active')) run.skip(reasons.notSigned);
  }
}

/** JSON text of a value with object keys sorted and numbers as written, to compare two copies of a release. */
function canonical(value: LiteralValue): string {
  if (value instanceof LiteralNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key] as LiteralValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function hasOcdsRole(party: LiteralDict, role: string): boolean {
  return Array.isArray(party.roles) && party.roles.includes(role);
}

function shadowFromLedger(run: ImportRun, packageId: string, buyer: PartyNeed): PackageShadow {
  const known = run.view.package(packageId);
  if (!known) throw new Error('unreachable: package checked before');
  const lines = new Map(run.view.packageLines(packageId).map((line) => [line.lineId, { quantity: line.quantity, unitValueMinor: line.unitValueMinor, contracted: line.contractedQuantity }]));
  return {
    id: packageId,
    fromLedger: true,
    stage: known.stage,
    currency: known.currency,
    valueMinor: known.valueMinor,
    fundedMinor: known.fundedMinor,
    balanceMinor: run.view.account(`package:${packageId}`, known.currency)?.balanceMinor ?? 0n,
    lines,
    wholeValue: lines.size === 1 && lines.has('value'),
    buyer,
    proposedAt: known.proposedAt,
  };
}

interface LineDraft {
  lineId: string;
  item: string;
  category: string;
  quantity: number;
  unitValueMinor: bigint;
}

/** A line from an OCDS item: its quantity, or one lot when the quantity is fractional. */
function lineOfItem(item: LiteralDict, currency: string, run: ImportRun, fallbackCategory: string): LineDraft & { priced: boolean } {
  const place = where(item);
  const id = textAt(item, 'id') ?? fail(place.file, `${place.path}.id`, 'every item needs an id');
  const unit = objectAt(item, 'unit');
  const price = unit ? amountAt(unit, 'value') : undefined;
  if (price && price.currency !== currency) fail(place.file, `${place.path}.unit.value.currency`, `${price.currency}, but the process is in ${currency}`);
  const classification = objectAt(item, 'classification');
  const scheme = classification ? textAt(classification, 'scheme') : undefined;
  const classId = classification ? textAt(classification, 'id') : undefined;
  const category = scheme && classId ? (scheme === ocdsIds.categoryScheme ? classId : `${scheme}:${classId}`) : fallbackCategory;
  const description = textAt(item, 'description') ?? (classification && textAt(classification, 'description')) ?? `item ${id}`;
  const quantity = quantityAt(item, 'quantity');
  const unitMinor = price?.minor ?? 0n;
  if (!price) run.skip(reasons.unpriced);
  if (quantity.whole !== undefined) {
    return { lineId: idFrom(id), item: clip(description), category: clip(category), quantity: quantity.whole, unitValueMinor: unitMinor, priced: price !== undefined };
  }
  const unitName = unit ? (textAt(unit, 'name') ?? '') : '';
  return {
    lineId: idFrom(id),
    item: clip(`${description} (${quantity.decimal}${unitName === '' ? '' : ` ${unitName}`})`),
    category: clip(category),
    quantity: 1,
    unitValueMinor: lotValue(quantity.value, unitMinor),
    priced: price !== undefined,
  };
}

function proposePackage(process: LiteralDict, release: SourceRelease, packageId: string, buyer: Omit<PartyNeed, 'roles'>, run: ImportRun) {
  const tender = objectAt(process, 'tender');
  const awards = arrayAt(process, 'awards');
  const contracts = arrayAt(process, 'contracts');
  // The lines: the tender's items, else the awards', else the contracts' (first of each id).
  const sources: { items: LiteralDict[]; place: Place }[] = [
    ...(tender ? [{ items: arrayAt(tender, 'items'), place: where(tender) }] : []),
    ...awards.map((award) => ({ items: arrayAt(award, 'items'), place: where(award) })),
    ...contracts.map((contract) => ({ items: arrayAt(contract, 'items'), place: where(contract) })),
  ];
  const chosen = sources.filter((source) => source.items.length > 0);
  const items = new Map<string, LiteralDict>();
  for (const item of (chosen[0] === sources[0] && tender ? chosen.slice(0, 1) : chosen).flatMap((source) => source.items)) {
    const id = textAt(item, 'id') ?? '';
    if (!items.has(id)) items.set(id, item);
  }
  const values: (Amount | undefined)[] = [
    tender ? amountAt(tender, 'value') : undefined,
    ...awards.map((award) => amountAt(award, 'value')),
    ...contracts.map((contract) => amountAt(contract, 'value')),
  ];
  const firstPrice = [...items.values()].map((item) => objectAt(item, 'unit')).map((unit) => (unit ? amountAt(unit, 'value') : undefined)).find((price) => price);
  const currency = (tender && amountAt(tender, 'value')?.currency) ?? firstPrice?.currency ?? values.find((value) => value)?.currency;
  if (currency === undefined) return undefined;
  const category = (tender && textAt(tender, 'mainProcurementCategory')) ?? 'unclassified';
  const title = (tender && textAt(tender, 'title')) ?? contracts.map((contract) => textAt(contract, 'title')).find((text) => text) ?? `OCDS contracting process ${release.ocid}`;
  let lines: LineDraft[];
  let place: Place;
  let wholeValue = false;
  if (items.size > 0) {
    lines = [...items.values()].map((item) => lineOfItem(item, currency, run, category));
    place = where(tender && arrayAt(tender, 'items').length > 0 ? tender : ([...items.values()][0] as LiteralDict));
  } else {
    const value = values.find((entry) => entry && entry.currency === currency);
    if (!value || value.minor <= 0n) return undefined;
    lines = [{ lineId: 'value', item: clip(title), category: clip(category), quantity: 1, unitValueMinor: value.minor }];
    place = tender && amountAt(tender, 'value') ? where(tender) : where(contracts.find((contract) => amountAt(contract, 'value')) ?? process);
    wholeValue = true;
  }
  const dates = [
    tender && objectAt(tender, 'tenderPeriod') ? dateOf(objectAt(tender, 'tenderPeriod') as LiteralDict, 'startDate') : undefined,
    ...awards.map((award) => dateOf(award, 'date')),
    ...contracts.map((contract) => dateOf(contract, 'dateSigned')),
    release.date,
  ].filter((date): date is string => date !== undefined);
  const proposedAt = dates.reduce((a, b) => (b < a ? b : a));
  let valueMinor = 0n;
  for (const line of lines) valueMinor += BigInt(line.quantity) * line.unitValueMinor;
  const shadow: PackageShadow = {
    id: packageId,
    fromLedger: false,
    stage: 'proposed',
    currency,
    valueMinor,
    fundedMinor: 0n,
    balanceMinor: 0n,
    lines: new Map(lines.map((line) => [line.lineId, { quantity: line.quantity, unitValueMinor: line.unitValueMinor, contracted: 0 }])),
    wholeValue,
    buyer: { ...buyer, roles: new Set() },
    proposedAt,
  };
  return {
    shadow,
    place,
    wire: {
      id: `${packageId}:propose`,
      type: 'ProposePackage',
      packageId,
      title: clip(title),
      recipientId: buyer.id,
      coordinatorId: buyer.id,
      currency,
      proposedAt,
      lines: lines.map((line) => ({ lineId: line.lineId, item: line.item, category: line.category, quantity: line.quantity, unitValue: formatAmount(line.unitValueMinor, currency) })),
    },
  };
}

type PartyOf = (process: LiteralDict, ref: LiteralDict, release: SourceRelease) => Omit<PartyNeed, 'roles'> | undefined;
type Need = (party: Omit<PartyNeed, 'roles'>, roles: readonly PartyRole[]) => PartyNeed;
type Prov = (release: SourceRelease, place: Place, ref: string) => ReturnType<typeof provenanceOf>;

/** The buyer's funding of the package (when it holds too little) and the contract; a string says why not. */
function signContract(
  process: LiteralDict,
  contract: LiteralDict,
  release: SourceRelease,
  pkg: PackageShadow,
  contractId: string,
  ocdsContractId: string,
  run: ImportRun,
  need: Need,
  partyOf: PartyOf,
  prov: Prov,
  out: Planned[],
): ContractShadow | string {
  const place = where(contract);
  const skip = (reason: string) => {
    run.skip(reason);
    return reason;
  };
  const awardId = textAt(contract, 'awardID');
  const award = arrayAt(process, 'awards').find((entry) => awardId !== undefined && textAt(entry, 'id') === awardId);
  const suppliers = award ? arrayAt(award, 'suppliers') : [];
  const supplierRef =
    suppliers[0] ??
    arrayAt(process, 'parties').find((party) => hasOcdsRole(party, 'supplier')) ??
    arrayAt(objectAt(contract, 'implementation') ?? {}, 'transactions').map((transaction) => objectAt(transaction, 'payee')).find((payee) => payee);
  const supplier = supplierRef ? partyOf(process, supplierRef, release) : undefined;
  if (!supplier) return skip(reasons.noSupplier);
  const value = amountAt(contract, 'value') ?? (award ? amountAt(award, 'value') : undefined);
  const currency = value?.currency ?? pkg.currency;
  if (currency !== pkg.currency) return skip(reasons.otherCurrency);
  const items = arrayAt(contract, 'items');
  const lines: { lineId: string; packageLineId: string; quantity: number; unitPriceMinor: bigint }[] = [];
  if (items.length === 0) {
    if (!pkg.wholeValue || !value) return skip(reasons.noContractItems);
    lines.push({ lineId: 'value', packageLineId: 'value', quantity: 1, unitPriceMinor: value.minor });
  } else {
    for (const item of items) {
      const itemPlace = where(item);
      const itemId = idFrom(textAt(item, 'id') ?? fail(itemPlace.file, `${itemPlace.path}.id`, 'every item needs an id'));
      // The exporter writes a second contract line on one tender item as "item#line".
      const packageLineId = pkg.lines.has(itemId) ? itemId : (itemId.split('#')[0] as string);
      const packageLine = pkg.lines.get(packageLineId);
      if (!packageLine) return skip(reasons.unmatchedItems);
      const unit = objectAt(item, 'unit');
      const price = unit ? amountAt(unit, 'value') : undefined;
      if (price && price.currency !== currency) fail(itemPlace.file, `${itemPlace.path}.unit.value.currency`, `${price.currency}, but the contract is in ${currency}`);
      const unitMinor = price?.minor ?? packageLine.unitValueMinor;
      const quantity = quantityAt(item, 'quantity');
      lines.push(
        quantity.whole !== undefined
          ? { lineId: itemId, packageLineId, quantity: quantity.whole, unitPriceMinor: unitMinor }
          : { lineId: itemId, packageLineId, quantity: 1, unitPriceMinor: lotValue(quantity.value, unitMinor) },
      );
    }
  }
  let valueMinor = 0n;
  for (const line of lines) valueMinor += BigInt(line.quantity) * line.unitPriceMinor;
  if (value && value.minor !== valueMinor) run.skip(reasons.valueDiffers);
  if (suppliers.length > 1) run.skip(reasons.jointSupplier, suppliers.length - 1);
  const signedOn = dateOf(contract, 'dateSigned') ?? release.date;
  const period = objectAt(contract, 'period') ?? (award ? objectAt(award, 'contractPeriod') : undefined);
  let deliveryDue = (period && dateOf(period, 'endDate')) ?? signedOn;
  if (deliveryDue < signedOn) {
    run.skip(reasons.dueBeforeSigned);
    deliveryDue = signedOn;
  }
  // A contract is signed for a funded package: the buyer commits what the package lacks to be
  // funded, or to cover this contract, whichever is more, on the signing day.
  const toFund = pkg.stage === 'approved' ? pkg.valueMinor - pkg.fundedMinor : 0n;
  const toCover = valueMinor - pkg.balanceMinor;
  let funding = toFund > toCover ? toFund : toCover;
  if (pkg.stage === 'approved' && funding <= 0n) {
    if (valueMinor === 0n && pkg.valueMinor === 0n) return skip(reasons.zeroContract);
    funding = funding > 0n ? funding : 0n;
  }
  const producer = need(supplier, ['producer']);
  if (funding > 0n) {
    out.push({
      wire: {
        id: `${contractId}:funding`,
        type: 'RecordTransfer',
        fromAccount: `donor:${pkg.buyer.id}`,
        toAccount: `package:${pkg.id}`,
        amount: { amount: formatAmount(funding, currency), currency },
        valueDate: signedOn,
        memo: clip(`OCDS contract ${ocdsContractId}: the buyer commits the funds on signing`),
        provenance: prov(release, place, ocdsContractId),
      },
      at: placeText(place),
    });
    pkg.fundedMinor += funding;
    pkg.balanceMinor += funding;
    if (pkg.stage === 'approved' && pkg.fundedMinor >= pkg.valueMinor) pkg.stage = 'funded';
  }
  out.push({
    wire: {
      id: contractId,
      type: 'SignContract',
      contractId,
      packageId: pkg.id,
      producerId: producer.id,
      currency,
      signedOn,
      deliveryDue,
      lines: lines.map((line) => ({ lineId: line.lineId, packageLineId: line.packageLineId, quantity: line.quantity, unitPrice: formatAmount(line.unitPriceMinor, currency) })),
      provenance: prov(release, place, ocdsContractId),
    },
    at: placeText(place),
  });
  if (pkg.stage === 'funded') pkg.stage = 'contracted';
  for (const line of lines) {
    const shadow = pkg.lines.get(line.packageLineId);
    if (shadow) shadow.contracted += line.quantity;
  }
  return { id: contractId, fromLedger: false, currency, valueMinor, paidBefore: 0n, counted: 0n, seen: new Set() };
}

