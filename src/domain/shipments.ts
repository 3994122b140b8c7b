import type { DispatchShipment, RecordMilestone, RecordReceipt } from './commands.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import { limits } from './limits.js';
import { stepTo } from './packages.js';
import { absent, countAtMost, found, notBefore, positive, uniqueIds } from './rules.js';
import type { ContractLine, Shipment, StateView } from './state.js';

/**
 * Shipments carry contract lines: dispatched → at hub (any number of hubs) → handed over,
 * then one receipt per shipment in which, line by line, accepted + rejected = shipped.
 */

export function dispatchShipment(command: DispatchShipment, view: StateView): DomainEvent[] {
  absent(view.shipment(command.shipmentId), 'shipment', command.shipmentId, 'shipmentId');
  const contract = found(view.contract(command.contractId), 'contract', command.contractId, 'contractId');
  notBefore(command.dispatchedAt, contract.signedOn, 'dispatchedAt', 'the contract signing date');
  notBefore(command.expectedBy, command.dispatchedAt, 'expectedBy', 'dispatch');
  countAtMost(command.lines.length, limits.linesPerShipmentMax, 'lines', 'lines');
  if (command.lines.length === 0) throw new DomainError('VALIDATION_FAILED', 'lines: a shipment carries at least one line', 'lines');
  uniqueIds(command.lines.map((line) => line.contractLineId), 'lines', 'contract line');
  const contractLines = new Map(view.contractLines(contract.id).map((line) => [line.lineId, line]));
  command.lines.forEach((line, index) => {
    const path = `lines[${index}]`;
    const contractLine = contractLines.get(line.contractLineId);
    if (!contractLine) {
      throw new DomainError('NOT_FOUND', `${path}.contractLineId: contract "${contract.id}" has no line "${line.contractLineId}"`, `${path}.contractLineId`);
    }
    positive(line.quantity, `${path}.quantity`, 'quantity');
    if (contractLine.shippedQuantity + line.quantity > contractLine.quantity) {
      throw new DomainError(
        'SHIPMENT_EXCEEDS_CONTRACT',
        `${path}.quantity: contract line "${contractLine.lineId}" is for ${contractLine.quantity}, ${contractLine.shippedQuantity} already shipped; ${line.quantity} more is too many`,
        `${path}.quantity`,
      );
    }
  });
  const pkg = found(view.package(contract.packageId), 'package', contract.packageId, 'contractId');
  return [
    {
      type: 'ShipmentDispatched',
      shipmentId: command.shipmentId,
      contractId: contract.id,
      packageId: contract.packageId,
      dispatchedAt: command.dispatchedAt,
      expectedBy: command.expectedBy,
      route: command.route ?? null,
      lines: command.lines.map((line) => ({ contractLineId: line.contractLineId, quantity: line.quantity })),
    },
    ...stepTo(pkg, 'delivering', command.dispatchedAt),
  ];
}

export function recordMilestone(command: RecordMilestone, view: StateView): DomainEvent[] {
  const shipment = found(view.shipment(command.shipmentId), 'shipment', command.shipmentId, 'shipmentId');
  if (shipment.stage === 'handed_over' || shipment.stage === 'received') {
    throw new DomainError('MILESTONE_OUT_OF_ORDER', `kind: shipment "${shipment.id}" was already handed over; no ${command.kind} after that`, 'kind');
  }
  if (command.at < shipment.dispatchedAt) {
    throw new DomainError('MILESTONE_OUT_OF_ORDER', `at: ${command.at} is before the dispatch on ${shipment.dispatchedAt}`, 'at');
  }
  return [{ type: 'ShipmentMilestoneRecorded', shipmentId: shipment.id, kind: command.kind, at: command.at, location: command.location ?? null }];
}

export function recordReceipt(command: RecordReceipt, view: StateView): DomainEvent[] {
  if (view.receiptExists(command.receiptId)) absent(true, 'receipt', command.receiptId, 'receiptId');
  const shipment = found(view.shipment(command.shipmentId), 'shipment', command.shipmentId, 'shipmentId');
  checkReceivable(shipment, command.receivedAt);
  const shipped = new Map(view.shipmentLines(shipment.id).map((line) => [line.contractLineId, line.quantity]));
  uniqueIds(command.lines.map((line) => line.contractLineId), 'lines', 'contract line');
  const lines = command.lines.map((line, index) => {
    const path = `lines[${index}]`;
    const quantity = shipped.get(line.contractLineId);
    if (quantity === undefined) {
      throw new DomainError('RECEIPT_MISMATCH', `${path}.contractLineId: shipment "${shipment.id}" did not carry line "${line.contractLineId}"`, `${path}.contractLineId`);
    }
    if (line.accepted + line.rejected !== quantity) {
      throw new DomainError(
        'RECEIPT_MISMATCH',
        `${path}: receipt line ${line.contractLineId}: accepted ${line.accepted} + rejected ${line.rejected} ≠ shipped ${quantity}`,
        path,
      );
    }
    if (line.rejected > 0 && line.reason === undefined) {
      throw new DomainError('REASON_REQUIRED', `${path}.reason: ${line.rejected} rejected on line ${line.contractLineId}; say why`, `${path}.reason`);
    }
    return { contractLineId: line.contractLineId, shipped: quantity, accepted: line.accepted, rejected: line.rejected, reason: line.reason ?? null };
  });
  const missing = [...shipped.keys()].filter((id) => !command.lines.some((line) => line.contractLineId === id));
  if (missing.length > 0) {
    throw new DomainError('RECEIPT_MISMATCH', `lines: shipment "${shipment.id}" also carried ${missing.join(', ')}; every line needs a receipt line`, 'lines');
  }
  const events: DomainEvent[] = [
    { type: 'ReceiptRecorded', receiptId: command.receiptId, shipmentId: shipment.id, contractId: shipment.contractId, receivedAt: command.receivedAt, lines },
  ];
  return [...events, ...deliveredStep(view, shipment, lines, command.receivedAt)];
}

function checkReceivable(shipment: Shipment, receivedAt: string): void {
  if (shipment.stage === 'received') {
    throw new DomainError('ALREADY_EXISTS', `shipmentId: shipment "${shipment.id}" already has its receipt`, 'shipmentId');
  }
  if (shipment.stage !== 'handed_over' || shipment.handedOverAt === null) {
    throw new DomainError('RECEIPT_BEFORE_HANDOVER', `shipmentId: shipment "${shipment.id}" is ${shipment.stage}; a receipt follows the handover`, 'shipmentId');
  }
  notBefore(receivedAt, shipment.handedOverAt, 'receivedAt', 'the handover');
}

/** The package is delivered once every line of every contract is shipped and received in full. */
function deliveredStep(
  view: StateView,
  shipment: Shipment,
  lines: readonly { contractLineId: string; accepted: number; rejected: number }[],
  at: string,
): DomainEvent[] {
  const pkg = found(view.package(shipment.packageId), 'package', shipment.packageId, 'shipmentId');
  if (pkg.stage !== 'delivering') return [];
  const received = (contractId: string, line: ContractLine): number => {
    const now = contractId === shipment.contractId ? lines.find((l) => l.contractLineId === line.lineId) : undefined;
    return line.acceptedQuantity + line.rejectedQuantity + (now ? now.accepted + now.rejected : 0);
  };
  const complete = view
    .contractsOfPackage(pkg.id)
    .every((contract) => view.contractLines(contract.id).every((line) => received(contract.id, line) === line.quantity));
  return complete ? stepTo(pkg, 'delivered', at) : [];
}
