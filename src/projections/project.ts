import { assert, unreachable } from '../domain/errors.js';
import type {
  ContractSigned,
  CurrencyConverted,
  DomainEvent,
  PackageProposed,
  ReceiptRecorded,
  ShipmentDispatched,
  TransferRecorded,
} from '../domain/events.js';
import { recordOfEvent } from '../domain/provenance.js';
import type { AccountKind } from '../domain/state.js';
import type { Row, RowSink } from './memory.js';

/**
 * The projection: each event changes rows of the read models. The same function builds the
 * live tables and rebuilds them from the log, so the two cannot differ.
 */
export function project(event: DomainEvent, seq: number, sink: RowSink): void {
  if (event.provenance) {
    const { kind, id } = recordOfEvent(event);
    const { dataset, file, locator, publisher, publisherRef } = event.provenance;
    const note = event.type === 'SourceCited' ? event.note : null;
    sink.append('provenance', { seq, recordKind: kind, recordId: id, dataset, file, locator, publisher: publisher ?? null, publisherRef: publisherRef ?? null, note });
  }
  switch (event.type) {
    case 'PartyRegistered':
      return sink.put('party', { id: event.partyId, name: event.name, kind: event.kind, roles: event.roles.join(','), country: event.country });
    case 'PartyRoleGranted': {
      const party = sink.get('party', [event.partyId]);
      assert(party !== undefined, `party ${event.partyId} missing while projecting`);
      const roles = [...String(party.roles).split(','), event.role].sort();
      return sink.put('party', { ...party, roles: roles.join(',') });
    }
    case 'RequirementRecorded': {
      const { type: _type, provenance: _provenance, requirementId, ...fields } = event;
      return sink.put('requirement', { id: requirementId, ...fields });
    }
    case 'PackageProposed':
      return packageProposed(event, sink);
    case 'PackageStageChanged':
      sink.append('stageChange', stageRow(seq, 'package', event.packageId, event.from, event.to, event.at, event.reason, false));
      return update(sink, 'package', [event.packageId], { stage: event.to, stageSince: event.at });
    case 'ContributionRecorded':
      return contributionRecorded(event, sink);
    case 'ContributionStageChanged': {
      sink.append('stageChange', stageRow(seq, 'contribution', event.contributionId, event.from, event.to, event.at, event.reason, event.backwards));
      const committed = event.to === 'committed' || event.to === 'disbursed' || event.to === 'delivered';
      return update(sink, 'contribution', [event.contributionId], {
        stage: event.to,
        stageSince: event.at,
        amountMinor: event.amountMinor,
        committedMinor: committed ? event.amountMinor : 0n,
      });
    }
    case 'TransferRecorded':
      return transferRecorded(event, seq, sink);
    case 'CurrencyConverted':
      return currencyConverted(event, seq, sink);
    case 'ContractSigned':
      return contractSigned(event, sink);
    case 'ShipmentDispatched':
      return shipmentDispatched(event, seq, sink);
    case 'ShipmentMilestoneRecorded': {
      sink.append('milestone', { seq, shipmentId: event.shipmentId, kind: event.kind, at: event.at, location: event.location });
      const handedOver = event.kind === 'handed_over';
      return update(sink, 'shipment', [event.shipmentId], handedOver ? { stage: 'handed_over', handedOverAt: event.at } : { stage: 'at_hub' });
    }
    case 'ReceiptRecorded':
      return receiptRecorded(event, sink);
    case 'DefenceSpendingRecorded': {
      const { type: _type, provenance: _provenance, ...fields } = event;
      return sink.put('spending', fields);
    }
    case 'FxRateRecorded': {
      const { type: _type, provenance: _provenance, ...fields } = event;
      return sink.put('fxRate', fields);
    }
    case 'DefenceShareRecorded':
      return sink.put('defenceShare', { country: event.country, year: event.year, percentOfGdp: event.percentOfGdp, estimate: event.estimate ? 1 : 0 });
    case 'SourceCited':
      return; // its provenance row is all it adds
    case 'SourceRecorded': {
      const { type: _type, provenance: _provenance, sourceId, ...fields } = event;
      return sink.put('source', { id: sourceId, ...fields });
    }
    case 'EvidenceLinked': {
      const { type: _type, provenance: _provenance, evidenceId, ...fields } = event;
      return sink.put('evidence', { id: evidenceId, ...fields });
    }
    default:
      return unreachable(event);
  }
}

function update(sink: RowSink, table: Parameters<RowSink['get']>[0], key: readonly string[], patch: Row): void {
  const row = sink.get(table, key);
  assert(row !== undefined, `${table} ${key.join('/')} missing while projecting`);
  sink.put(table, { ...row, ...patch });
}

function stageRow(seq: number, entityKind: string, entityId: string, fromStage: string, toStage: string, at: string, reason: string | null, backwards: boolean): Row {
  return { seq, entityKind, entityId, fromStage, toStage, at, reason, backwards: backwards ? 1 : 0 };
}

function packageProposed(event: PackageProposed, sink: RowSink): void {
  sink.put('package', {
    id: event.packageId,
    title: event.title,
    recipientId: event.recipientId,
    coordinatorId: event.coordinatorId,
    currency: event.currency,
    valueMinor: event.valueMinor,
    fundedMinor: 0n,
    stage: 'proposed',
    stageSince: event.proposedAt,
    proposedAt: event.proposedAt,
  });
  for (const line of event.lines) {
    sink.put('packageLine', {
      packageId: event.packageId,
      lineId: line.lineId,
      item: line.item,
      category: line.category,
      quantity: line.quantity,
      unitValueMinor: line.unitValueMinor,
      requirementId: line.requirementId,
      sensitive: line.sensitive ? 1 : 0,
      contractedQuantity: 0,
    });
  }
}

function contributionRecorded(event: Extract<DomainEvent, { type: 'ContributionRecorded' }>, sink: RowSink): void {
  sink.put('contribution', {
    id: event.contributionId,
    donorId: event.donorId,
    kind: event.kind,
    stage: event.stage,
    stageSince: event.at,
    currency: event.currency,
    amountMinor: event.amountMinor,
    committedMinor: event.stage === 'announced' ? 0n : event.amountMinor,
    disbursedMinor: event.stage === 'disbursed' ? event.amountMinor : 0n,
    packageId: event.packageId,
    recipientId: event.recipientId,
    category: event.category,
    description: event.description,
    valuationMethod: event.valuationMethod,
    quantity: event.quantity,
    unit: event.unit,
    coalition: event.coalition,
    announcedOn: event.at,
  });
}

/** Moves money between two accounts of one currency; accounts open on first use. */
function post(sink: RowSink, fromAccount: string, toAccount: string, currency: string, amountMinor: bigint): void {
  const from = sink.get('account', [fromAccount, currency]) ?? openAccount(fromAccount, currency);
  sink.put('account', { ...from, balanceMinor: (from.balanceMinor as bigint) - amountMinor, debitsMinor: (from.debitsMinor as bigint) + amountMinor });
  const to = sink.get('account', [toAccount, currency]) ?? openAccount(toAccount, currency);
  sink.put('account', { ...to, balanceMinor: (to.balanceMinor as bigint) + amountMinor, creditsMinor: (to.creditsMinor as bigint) + amountMinor });
}

function openAccount(id: string, currency: string): Row {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon) as AccountKind;
  return { id, currency, kind, ownerId: id.slice(colon + 1), balanceMinor: 0n, debitsMinor: 0n, creditsMinor: 0n };
}

/** Net funding of a package in its own currency moves with money in from donors, out to donors and between packages. */
function adjustFunded(sink: RowSink, accountId: string, currency: string, deltaMinor: bigint): void {
  if (!accountId.startsWith('package:')) return;
  const pkg = sink.get('package', [accountId.slice('package:'.length)]);
  if (pkg && pkg.currency === currency) sink.put('package', { ...pkg, fundedMinor: (pkg.fundedMinor as bigint) + deltaMinor });
}

function transferRecorded(event: TransferRecorded, seq: number, sink: RowSink): void {
  const { fromAccount, toAccount, currency, amountMinor } = event;
  sink.append('transfer', {
    seq,
    transferId: event.transferId,
    fromAccount,
    toAccount,
    currency,
    amountMinor,
    valueDate: event.valueDate,
    contributionId: event.contributionId,
    memo: event.memo,
  });
  post(sink, fromAccount, toAccount, currency, amountMinor);
  if (!toAccount.startsWith('contract:') && !fromAccount.startsWith('contract:')) {
    adjustFunded(sink, fromAccount, currency, -amountMinor);
    adjustFunded(sink, toAccount, currency, amountMinor);
  }
  if (toAccount.startsWith('contract:')) adjustPaid(sink, toAccount, amountMinor);
  if (fromAccount.startsWith('contract:')) adjustPaid(sink, fromAccount, -amountMinor);
  if (event.contributionId !== null) {
    const row = sink.get('contribution', [event.contributionId]);
    assert(row !== undefined, `contribution ${event.contributionId} missing`);
    sink.put('contribution', { ...row, disbursedMinor: (row.disbursedMinor as bigint) + amountMinor });
  }
}

function adjustPaid(sink: RowSink, accountId: string, deltaMinor: bigint): void {
  const id = accountId.slice('contract:'.length);
  update(sink, 'contract', [id], { paidMinor: ((sink.get('contract', [id]) as Row).paidMinor as bigint) + deltaMinor });
}

/** A conversion is two transfers through the FX clearing account, so each currency still sums to zero. */
function currencyConverted(event: CurrencyConverted, seq: number, sink: RowSink): void {
  const fx = 'fx:clearing';
  const legs = [
    { transferId: `${event.conversionId}/sold`, fromAccount: event.accountId, toAccount: fx, currency: event.soldCurrency, amountMinor: event.soldMinor },
    { transferId: `${event.conversionId}/bought`, fromAccount: fx, toAccount: event.accountId, currency: event.boughtCurrency, amountMinor: event.boughtMinor },
  ];
  legs.forEach((leg) => {
    sink.append('transfer', { seq, ...leg, valueDate: event.valueDate, contributionId: null, memo: 'currency conversion' });
    post(sink, leg.fromAccount, leg.toAccount, leg.currency, leg.amountMinor);
  });
  // Funding that arrived in another currency counts once it is converted into the package's own;
  // converting out of the package's currency (to pay a producer) spends funding, it does not undo it.
  adjustFunded(sink, event.accountId, event.boughtCurrency, event.boughtMinor);
}

function contractSigned(event: ContractSigned, sink: RowSink): void {
  sink.put('contract', {
    id: event.contractId,
    packageId: event.packageId,
    producerId: event.producerId,
    currency: event.currency,
    valueMinor: event.valueMinor,
    paidMinor: 0n,
    signedOn: event.signedOn,
    deliveryDue: event.deliveryDue,
  });
  for (const line of event.lines) {
    sink.put('contractLine', {
      contractId: event.contractId,
      ...line,
      shippedQuantity: 0,
      acceptedQuantity: 0,
      rejectedQuantity: 0,
    });
    const packageLine = sink.get('packageLine', [event.packageId, line.packageLineId]) as Row;
    sink.put('packageLine', { ...packageLine, contractedQuantity: (packageLine.contractedQuantity as number) + line.quantity });
  }
}

function shipmentDispatched(event: ShipmentDispatched, seq: number, sink: RowSink): void {
  sink.put('shipment', {
    id: event.shipmentId,
    contractId: event.contractId,
    packageId: event.packageId,
    stage: 'dispatched',
    dispatchedAt: event.dispatchedAt,
    expectedBy: event.expectedBy,
    route: event.route,
    handedOverAt: null,
    receivedAt: null,
  });
  sink.append('milestone', { seq, shipmentId: event.shipmentId, kind: 'dispatched', at: event.dispatchedAt, location: null });
  for (const line of event.lines) {
    sink.put('shipmentLine', { shipmentId: event.shipmentId, contractLineId: line.contractLineId, quantity: line.quantity });
    const contractLine = sink.get('contractLine', [event.contractId, line.contractLineId]) as Row;
    sink.put('contractLine', { ...contractLine, shippedQuantity: (contractLine.shippedQuantity as number) + line.quantity });
  }
}

function receiptRecorded(event: ReceiptRecorded, sink: RowSink): void {
  sink.put('receipt', { id: event.receiptId, shipmentId: event.shipmentId, contractId: event.contractId, receivedAt: event.receivedAt });
  update(sink, 'shipment', [event.shipmentId], { stage: 'received', receivedAt: event.receivedAt });
  for (const line of event.lines) {
    sink.append('receiptLine', { receiptId: event.receiptId, ...line });
    const contractLine = sink.get('contractLine', [event.contractId, line.contractLineId]) as Row;
    sink.put('contractLine', {
      ...contractLine,
      acceptedQuantity: (contractLine.acceptedQuantity as number) + line.accepted,
      rejectedQuantity: (contractLine.rejectedQuantity as number) + line.rejected,
    });
  }
}
