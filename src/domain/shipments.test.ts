import { describe, expect, it } from 'vitest';
import type { DispatchShipment, ReceiptLineInput, RecordMilestone, RecordReceipt } from './commands.js';
import {
  contractSigned,
  fundedPackageEvents,
  givenWorld,
  milestoneRecorded,
  packageStageChanged,
  shipmentDispatched,
  standardParties,
  thrown,
} from '../../test/support/domain.js';

const dispatch = (lines: DispatchShipment['lines'], overrides: Partial<DispatchShipment> = {}): DispatchShipment => ({
  type: 'DispatchShipment',
  shipmentId: 'S-1',
  contractId: 'K-1',
  dispatchedAt: '2025-02-10',
  expectedBy: '2025-03-01',
  lines,
  ...overrides,
});

const milestone = (kind: RecordMilestone['kind'], at = '2025-02-20', shipmentId = 'S-1'): RecordMilestone => ({ type: 'RecordMilestone', shipmentId, kind, at });

const receipt = (lines: readonly ReceiptLineInput[], overrides: Partial<RecordReceipt> = {}): RecordReceipt => ({
  type: 'RecordReceipt',
  receiptId: 'R-1',
  shipmentId: 'S-1',
  receivedAt: '2025-02-22',
  lines,
  ...overrides,
});

/** PK-1 contracted: K-1 with CL-1 (100 of package line L-1) and CL-2 (5 of L-2). */
const contracted = (packageLineQuantity = 100) =>
  givenWorld(
    ...standardParties(),
    ...fundedPackageEvents('PK-1', [
      { lineId: 'L-1', quantity: packageLineQuantity, unitValueMinor: 10_00n },
      { lineId: 'L-2', quantity: 5, unitValueMinor: 40_00n },
    ]),
    contractSigned('K-1', 'PK-1', [
      { lineId: 'CL-1', packageLineId: 'L-1', quantity: 100, unitPriceMinor: 9_00n },
      { lineId: 'CL-2', packageLineId: 'L-2', quantity: 5, unitPriceMinor: 39_00n },
    ]),
    packageStageChanged('PK-1', 'funded', 'contracted', '2025-02-01'),
  );

/** K-1 fully shipped in S-1 (CL-1 100, CL-2 5), handed over on 2025-02-20. */
const handedOver = () =>
  contracted().apply(
    shipmentDispatched('S-1', 'K-1', 'PK-1', [{ contractLineId: 'CL-1', quantity: 100 }, { contractLineId: 'CL-2', quantity: 5 }]),
    packageStageChanged('PK-1', 'contracted', 'delivering', '2025-02-10'),
    milestoneRecorded('S-1', 'handed_over', '2025-02-20'),
  );

describe('DispatchShipment', () => {
  it('given a contract, dispatches its lines and steps the package to delivering', () => {
    const world = contracted();
    const events = world.decide(dispatch([{ contractLineId: 'CL-1', quantity: 40 }], { route: 'Rzeszów' }));
    expect(events).toEqual([
      {
        type: 'ShipmentDispatched', shipmentId: 'S-1', contractId: 'K-1', packageId: 'PK-1', dispatchedAt: '2025-02-10', expectedBy: '2025-03-01',
        route: 'Rzeszów', lines: [{ contractLineId: 'CL-1', quantity: 40 }],
      },
      { type: 'PackageStageChanged', packageId: 'PK-1', from: 'contracted', to: 'delivering', at: '2025-02-10', reason: null },
    ]);
    world.run(dispatch([{ contractLineId: 'CL-1', quantity: 40 }]));
    expect(world.view.shipment('S-1')).toMatchObject({ stage: 'dispatched', route: null, handedOverAt: null, receivedAt: null });
    expect(world.view.contractLines('K-1').find((l) => l.lineId === 'CL-1')?.shippedQuantity).toBe(40);
    expect(world.view.shipmentLines('S-1')).toEqual([{ shipmentId: 'S-1', contractLineId: 'CL-1', quantity: 40 }]);
  });

  it('never ships more than the contract line: SHIPMENT_EXCEEDS_CONTRACT, counting earlier shipments', () => {
    const world = contracted();
    world.run(dispatch([{ contractLineId: 'CL-1', quantity: 60 }]));
    const error = thrown(() => world.decide(dispatch([{ contractLineId: 'CL-1', quantity: 41 }], { shipmentId: 'S-2' })));
    expect(error).toMatchObject({ code: 'SHIPMENT_EXCEEDS_CONTRACT', path: 'lines[0].quantity' });
    expect(error.message).toBe('lines[0].quantity: contract line "CL-1" is for 100, 60 already shipped; 41 more is too many');
    expect(world.decide(dispatch([{ contractLineId: 'CL-1', quantity: 40 }], { shipmentId: 'S-2' })).map((e) => e.type)).toEqual(['ShipmentDispatched']);
  });

  it('rejects a taken shipment id with ALREADY_EXISTS and an unknown contract or line with NOT_FOUND', () => {
    const world = contracted();
    world.run(dispatch([{ contractLineId: 'CL-1', quantity: 1 }]));
    expect(thrown(() => world.decide(dispatch([{ contractLineId: 'CL-1', quantity: 1 }])))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'shipmentId' });
    expect(thrown(() => world.decide(dispatch([{ contractLineId: 'CL-1', quantity: 1 }], { shipmentId: 'S-2', contractId: 'K-X' })))).toMatchObject({
      code: 'NOT_FOUND',
      path: 'contractId',
    });
    expect(thrown(() => world.decide(dispatch([{ contractLineId: 'CL-9', quantity: 1 }], { shipmentId: 'S-2' })))).toMatchObject({
      code: 'NOT_FOUND',
      path: 'lines[0].contractLineId',
    });
  });

  it('rejects dates out of order, no lines and repeated lines with VALIDATION_FAILED, a zero quantity with AMOUNT_NOT_POSITIVE', () => {
    const world = contracted();
    const one = [{ contractLineId: 'CL-1', quantity: 1 }];
    expect(thrown(() => world.decide(dispatch(one, { dispatchedAt: '2025-01-31' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'dispatchedAt' });
    expect(thrown(() => world.decide(dispatch(one, { expectedBy: '2025-02-09' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'expectedBy' });
    expect(thrown(() => world.decide(dispatch([])))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'lines' });
    expect(thrown(() => world.decide(dispatch([...one, ...one])))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'lines[1]' });
    expect(thrown(() => world.decide(dispatch([{ contractLineId: 'CL-1', quantity: 0 }])))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'lines[0].quantity' });
  });

  it('rejects more than 500 lines with LIMIT_EXCEEDED', () => {
    const lines = Array.from({ length: 501 }, (_, index) => ({ contractLineId: `CL-${index}`, quantity: 1 }));
    expect(thrown(() => contracted().decide(dispatch(lines)))).toMatchObject({ code: 'LIMIT_EXCEEDED', path: 'lines' });
  });
});

describe('RecordMilestone', () => {
  const dispatched = () => contracted().apply(shipmentDispatched('S-1', 'K-1', 'PK-1', [{ contractLineId: 'CL-1', quantity: 10 }]));

  it('records hubs, any number of them, then the handover', () => {
    const world = dispatched();
    expect(world.run(milestone('at_hub', '2025-02-12'))).toEqual([{ type: 'ShipmentMilestoneRecorded', shipmentId: 'S-1', kind: 'at_hub', at: '2025-02-12', location: null }]);
    expect(world.view.shipment('S-1')?.stage).toBe('at_hub');
    world.run(milestone('at_hub', '2025-02-14'));
    world.run(milestone('handed_over', '2025-02-16'));
    expect(world.view.shipment('S-1')).toMatchObject({ stage: 'handed_over', handedOverAt: '2025-02-16' });
  });

  it('nothing follows the handover: MILESTONE_OUT_OF_ORDER', () => {
    const world = dispatched();
    world.run(milestone('handed_over', '2025-02-16'));
    const error = thrown(() => world.decide(milestone('at_hub', '2025-02-17')));
    expect(error).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER', path: 'kind' });
    expect(error.message).toBe('kind: shipment "S-1" was already handed over; no at_hub after that');
    expect(thrown(() => world.decide(milestone('handed_over', '2025-02-17')))).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER', path: 'kind' });
  });

  it('nothing precedes the dispatch: MILESTONE_OUT_OF_ORDER on the date', () => {
    const error = thrown(() => dispatched().decide(milestone('at_hub', '2025-02-09')));
    expect(error).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER', path: 'at' });
    expect(dispatched().decide(milestone('at_hub', '2025-02-10'))).toHaveLength(1);
  });

  it('rejects an unknown shipment with NOT_FOUND', () => {
    expect(thrown(() => dispatched().decide(milestone('at_hub', '2025-02-12', 'S-X')))).toMatchObject({ code: 'NOT_FOUND', path: 'shipmentId' });
  });
});

describe('RecordReceipt', () => {
  it('given a handed-over shipment, records accepted and rejected per line; the last receipt delivers the package', () => {
    const world = handedOver();
    const events = world.decide(receipt([
      { contractLineId: 'CL-1', accepted: 95, rejected: 5, reason: 'water damage' },
      { contractLineId: 'CL-2', accepted: 5, rejected: 0 },
    ]));
    expect(events).toEqual([
      {
        type: 'ReceiptRecorded', receiptId: 'R-1', shipmentId: 'S-1', contractId: 'K-1', receivedAt: '2025-02-22',
        lines: [
          { contractLineId: 'CL-1', shipped: 100, accepted: 95, rejected: 5, reason: 'water damage' },
          { contractLineId: 'CL-2', shipped: 5, accepted: 5, rejected: 0, reason: null },
        ],
      },
      { type: 'PackageStageChanged', packageId: 'PK-1', from: 'delivering', to: 'delivered', at: '2025-02-22', reason: null },
    ]);
    world.apply(...events);
    expect(world.view.shipment('S-1')).toMatchObject({ stage: 'received', receivedAt: '2025-02-22' });
    expect(world.view.contractLines('K-1').find((l) => l.lineId === 'CL-1')).toMatchObject({ shippedQuantity: 100, acceptedQuantity: 95, rejectedQuantity: 5 });
    expect(world.view.receiptExists('R-1')).toBe(true);
  });

  it('rejects accepted + rejected ≠ shipped with RECEIPT_MISMATCH naming the line and the numbers', () => {
    const error = thrown(() => handedOver().decide(receipt([
      { contractLineId: 'CL-1', accepted: 90, rejected: 5, reason: 'broken' },
      { contractLineId: 'CL-2', accepted: 5, rejected: 0 },
    ])));
    expect(error).toMatchObject({ code: 'RECEIPT_MISMATCH', path: 'lines[0]' });
    expect(error.message).toBe('lines[0]: receipt line CL-1: accepted 90 + rejected 5 ≠ shipped 100');
    // More than shipped is a mismatch too.
    expect(thrown(() => handedOver().decide(receipt([{ contractLineId: 'CL-1', accepted: 100, rejected: 0 }, { contractLineId: 'CL-2', accepted: 6, rejected: 0 }])))).toMatchObject({
      code: 'RECEIPT_MISMATCH',
      path: 'lines[1]',
    });
  });

  it('rejects a line the shipment did not carry, and a carried line left out, with RECEIPT_MISMATCH', () => {
    const extra = thrown(() => handedOver().decide(receipt([{ contractLineId: 'CL-9', accepted: 1, rejected: 0 }])));
    expect(extra).toMatchObject({ code: 'RECEIPT_MISMATCH', path: 'lines[0].contractLineId' });
    const missing = thrown(() => handedOver().decide(receipt([{ contractLineId: 'CL-1', accepted: 100, rejected: 0 }])));
    expect(missing).toMatchObject({ code: 'RECEIPT_MISMATCH', path: 'lines' });
    expect(missing.message).toBe('lines: shipment "S-1" also carried CL-2; every line needs a receipt line');
  });

  it('a rejection needs a reason: REASON_REQUIRED', () => {
    const error = thrown(() => handedOver().decide(receipt([{ contractLineId: 'CL-1', accepted: 99, rejected: 1 }, { contractLineId: 'CL-2', accepted: 5, rejected: 0 }])));
    expect(error).toMatchObject({ code: 'REASON_REQUIRED', path: 'lines[0].reason' });
  });

  it('a receipt follows the handover: RECEIPT_BEFORE_HANDOVER while dispatched or at a hub', () => {
    const world = contracted().apply(shipmentDispatched('S-1', 'K-1', 'PK-1', [{ contractLineId: 'CL-1', quantity: 10 }]));
    const lines = [{ contractLineId: 'CL-1', accepted: 10, rejected: 0 }];
    const error = thrown(() => world.decide(receipt(lines)));
    expect(error).toMatchObject({ code: 'RECEIPT_BEFORE_HANDOVER', path: 'shipmentId' });
    expect(error.message).toBe('shipmentId: shipment "S-1" is dispatched; a receipt follows the handover');
    world.apply(milestoneRecorded('S-1', 'at_hub', '2025-02-12'));
    expect(thrown(() => world.decide(receipt(lines)))).toMatchObject({ code: 'RECEIPT_BEFORE_HANDOVER' });
    world.apply(milestoneRecorded('S-1', 'handed_over', '2025-02-14'));
    expect(world.decide(receipt(lines)).map((event) => event.type)).toEqual(['ReceiptRecorded']);
  });

  it('rejects a receipt dated before the handover with VALIDATION_FAILED', () => {
    const error = thrown(() => handedOver().decide(receipt([{ contractLineId: 'CL-1', accepted: 100, rejected: 0 }, { contractLineId: 'CL-2', accepted: 5, rejected: 0 }], { receivedAt: '2025-02-19' })));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'receivedAt' });
  });

  it('one receipt per shipment, one use per receipt id: ALREADY_EXISTS', () => {
    const world = handedOver();
    const full = [{ contractLineId: 'CL-1', accepted: 100, rejected: 0 }, { contractLineId: 'CL-2', accepted: 5, rejected: 0 }];
    world.run(receipt(full));
    expect(thrown(() => world.decide(receipt(full, { receiptId: 'R-2' })))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'shipmentId' });
    expect(thrown(() => world.decide(receipt(full)))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'receiptId' });
    expect(thrown(() => world.decide(milestone('at_hub', '2025-02-25')))).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER' });
  });

  it('rejects repeated lines with VALIDATION_FAILED and an unknown shipment with NOT_FOUND', () => {
    const line = { contractLineId: 'CL-1', accepted: 100, rejected: 0 };
    expect(thrown(() => handedOver().decide(receipt([line, line])))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'lines[1]' });
    expect(thrown(() => handedOver().decide(receipt([line], { shipmentId: 'S-X' })))).toMatchObject({ code: 'NOT_FOUND', path: 'shipmentId' });
  });

  it('a package with two contracts is delivered only when the last line of both is received', () => {
    const world = contracted(101);
    world.run({
      type: 'SignContract', contractId: 'K-2', packageId: 'PK-1', producerId: 'BOLT', currency: 'EUR', signedOn: '2025-02-02', deliveryDue: '2025-04-01',
      lines: [{ lineId: 'CL-1', packageLineId: 'L-1', quantity: 1, unitPriceMinor: 1n }],
    });
    // K-1 shipped and received in full; K-2's single line not yet shipped.
    world.apply(
      shipmentDispatched('S-1', 'K-1', 'PK-1', [{ contractLineId: 'CL-1', quantity: 100 }, { contractLineId: 'CL-2', quantity: 5 }]),
      packageStageChanged('PK-1', 'contracted', 'delivering', '2025-02-10'),
      milestoneRecorded('S-1', 'handed_over'),
    );
    const first = world.run(receipt([{ contractLineId: 'CL-1', accepted: 100, rejected: 0 }, { contractLineId: 'CL-2', accepted: 5, rejected: 0 }]));
    expect(first.map((event) => event.type)).toEqual(['ReceiptRecorded']);
    world.run(dispatch([{ contractLineId: 'CL-1', quantity: 1 }], { shipmentId: 'S-2', contractId: 'K-2' }));
    world.run(milestone('handed_over', '2025-02-20', 'S-2'));
    const last = world.run(receipt([{ contractLineId: 'CL-1', accepted: 0, rejected: 1, reason: 'wrong model' }], { receiptId: 'R-2', shipmentId: 'S-2' }));
    expect(last.map((event) => event.type)).toEqual(['ReceiptRecorded', 'PackageStageChanged']);
    expect(world.view.package('PK-1')?.stage).toBe('delivered');
  });
});
