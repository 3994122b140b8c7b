import { describe, expect, it } from 'vitest';
import type { ApprovePackage, CancelPackage, ClosePackage, Command, ProposePackage } from './commands.js';
import { decide } from './decide.js';
import type { DomainEvent } from './events.js';
import {
  amount,
  approvedPackageEvents,
  contractSigned,
  fundedPackageEvents,
  givenEvents,
  givenWorld,
  milestoneRecorded,
  packageProposed,
  packageStageChanged,
  partyRegistered,
  shipmentDispatched,
  standardParties,
  thrown,
  transferRecorded,
} from '../../test/support/domain.js';

const propose = (overrides: Partial<ProposePackage> = {}): ProposePackage => ({
  type: 'ProposePackage',
  packageId: 'PK-9',
  title: 'Winter kit',
  recipientId: 'UKR',
  coordinatorId: 'NATO',
  currency: 'EUR',
  proposedAt: '2025-01-01',
  lines: [
    { lineId: 'L-1', item: 'generator', category: 'energy', quantity: 3, unitValueMinor: 250_00n },
    { lineId: 'L-2', item: 'blanket', category: 'shelter', quantity: 100, unitValueMinor: 12_50n, sensitive: true },
  ],
  ...overrides,
});

const approve = (packageId = 'PK-1'): ApprovePackage => ({ type: 'ApprovePackage', packageId, at: '2025-01-03' });
const close = (packageId = 'PK-1'): ClosePackage => ({ type: 'ClosePackage', packageId, at: '2025-07-01' });
const cancel = (packageId = 'PK-1'): CancelPackage => ({ type: 'CancelPackage', packageId, at: '2025-01-04', reason: 'no longer needed' });

const when = (view: ReturnType<typeof givenEvents>, command: Command): DomainEvent[] => decide(command, view, 'when-1');

describe('ProposePackage', () => {
  it('given a recipient and a coordinator, proposes the package valued at the sum of its lines', () => {
    const view = givenEvents(...standardParties());
    const events = when(view, propose());
    expect(events).toEqual([
      {
        type: 'PackageProposed',
        packageId: 'PK-9',
        title: 'Winter kit',
        recipientId: 'UKR',
        coordinatorId: 'NATO',
        currency: 'EUR',
        valueMinor: 3n * 250_00n + 100n * 12_50n,
        proposedAt: '2025-01-01',
        lines: [
          { lineId: 'L-1', item: 'generator', category: 'energy', quantity: 3, unitValueMinor: 250_00n, requirementId: null, sensitive: false },
          { lineId: 'L-2', item: 'blanket', category: 'shelter', quantity: 100, unitValueMinor: 12_50n, requirementId: null, sensitive: true },
        ],
      },
    ]);
  });

  it('links a line to a requirement of the same recipient', () => {
    const view = givenEvents(...standardParties(), {
      type: 'RequirementRecorded', requirementId: 'REQ-1', recipientId: 'UKR', category: 'energy', description: 'power', quantity: 10, unit: 'each', priority: 1, neededBy: '2025-03-01',
    });
    const [event] = when(view, propose({ lines: [{ lineId: 'L-1', item: 'g', category: 'energy', quantity: 1, unitValueMinor: 1n, requirementId: 'REQ-1' }] }));
    expect(event?.type === 'PackageProposed' && event.lines[0]?.requirementId).toBe('REQ-1');
  });

  it('rejects an id that is taken with ALREADY_EXISTS', () => {
    const view = givenEvents(...standardParties(), packageProposed('PK-9'));
    expect(thrown(() => when(view, propose()))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'packageId' });
  });

  it('rejects an unknown recipient with NOT_FOUND and a party of the wrong role with WRONG_ROLE', () => {
    const view = givenEvents(...standardParties());
    expect(thrown(() => when(view, propose({ recipientId: 'NOBODY' })))).toMatchObject({ code: 'NOT_FOUND', path: 'recipientId' });
    const wrong = thrown(() => when(view, propose({ recipientId: 'DON' })));
    expect(wrong).toMatchObject({ code: 'WRONG_ROLE', path: 'recipientId' });
    expect(wrong.message).toBe('recipientId: party "DON" is not a recipient (roles: donor)');
    expect(thrown(() => when(view, propose({ coordinatorId: 'UKR' })))).toMatchObject({ code: 'WRONG_ROLE', path: 'coordinatorId' });
  });

  it('accepts a party that holds the role among others', () => {
    const view = givenEvents(partyRegistered('MULTI', 'coordinator', 'recipient'));
    expect(when(view, propose({ recipientId: 'MULTI', coordinatorId: 'MULTI' }))).toHaveLength(1);
  });

  it('rejects a package without lines, and duplicate line ids, with VALIDATION_FAILED', () => {
    const view = givenEvents(...standardParties());
    expect(thrown(() => when(view, propose({ lines: [] })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'lines' });
    const line = { lineId: 'L-1', item: 'x', category: 'c', quantity: 1, unitValueMinor: 1n };
    expect(thrown(() => when(view, propose({ lines: [line, { ...line, lineId: 'L-2' }, line] })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'lines[2]',
    });
  });

  it('rejects a zero quantity and a negative unit value with AMOUNT_NOT_POSITIVE', () => {
    const view = givenEvents(...standardParties());
    const line = { lineId: 'L-1', item: 'x', category: 'c', quantity: 1, unitValueMinor: 1n };
    expect(thrown(() => when(view, propose({ lines: [line, { ...line, lineId: 'L-2', quantity: 0 }] })))).toMatchObject({
      code: 'AMOUNT_NOT_POSITIVE',
      path: 'lines[1].quantity',
    });
    expect(thrown(() => when(view, propose({ lines: [{ ...line, unitValueMinor: -1n }] })))).toMatchObject({
      code: 'AMOUNT_NOT_POSITIVE',
      path: 'lines[0].unitValue',
    });
  });

  it('rejects an unknown requirement with NOT_FOUND and another recipient\'s requirement with VALIDATION_FAILED', () => {
    const view = givenEvents(...standardParties(), partyRegistered('MDA', 'recipient'), {
      type: 'RequirementRecorded', requirementId: 'REQ-M', recipientId: 'MDA', category: 'energy', description: 'power', quantity: 10, unit: 'each', priority: 1, neededBy: '2025-03-01',
    });
    const line = { lineId: 'L-1', item: 'x', category: 'c', quantity: 1, unitValueMinor: 1n };
    expect(thrown(() => when(view, propose({ lines: [{ ...line, requirementId: 'REQ-X' }] })))).toMatchObject({
      code: 'NOT_FOUND',
      path: 'lines[0].requirementId',
    });
    expect(thrown(() => when(view, propose({ lines: [{ ...line, requirementId: 'REQ-M' }] })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'lines[0].requirementId',
    });
  });

  it('rejects more than 500 lines with LIMIT_EXCEEDED, and takes exactly 500', () => {
    const view = givenEvents(...standardParties());
    const lines = (count: number) => Array.from({ length: count }, (_, index) => ({ lineId: `L-${index}`, item: 'x', category: 'c', quantity: 1, unitValueMinor: 1n }));
    expect(thrown(() => when(view, propose({ lines: lines(501) })))).toMatchObject({ code: 'LIMIT_EXCEEDED', path: 'lines' });
    expect(when(view, propose({ lines: lines(500) }))).toHaveLength(1);
  });
});

describe('ApprovePackage', () => {
  it('given a proposed package, approves it', () => {
    const view = givenEvents(...standardParties(), packageProposed());
    expect(when(view, approve())).toEqual([{ type: 'PackageStageChanged', packageId: 'PK-1', from: 'proposed', to: 'approved', at: '2025-01-03', reason: null }]);
  });

  it('rejects an approved package with PACKAGE_NOT_OPEN and an unknown one with NOT_FOUND', () => {
    const view = givenEvents(...standardParties(), ...approvedPackageEvents());
    const error = thrown(() => when(view, approve()));
    expect(error).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'packageId' });
    expect(error.message).toContain('is approved; this needs it proposed');
    expect(thrown(() => when(view, approve('PK-X')))).toMatchObject({ code: 'NOT_FOUND', path: 'packageId' });
  });
});

describe('stage dates', () => {
  it('a manual stage change dated before the current stage began is VALIDATION_FAILED at "at"', () => {
    const proposed = givenEvents(...standardParties(), packageProposed());
    const early = thrown(() => when(proposed, { type: 'ApprovePackage', packageId: 'PK-1', at: '2024-12-31' }));
    expect(early).toMatchObject({ code: 'VALIDATION_FAILED', path: 'at' });
    expect(early.message).toBe("at: 2024-12-31 is before the package's proposed date 2025-01-01");
    expect(when(proposed, { type: 'ApprovePackage', packageId: 'PK-1', at: '2025-01-01' })).toHaveLength(1);
    const approved = givenEvents(...standardParties(), ...approvedPackageEvents());
    expect(thrown(() => when(approved, { ...cancel(), at: '2025-01-01' }))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'at' });
    const delivered = givenEvents(...standardParties(), ...fundedPackageEvents(), packageStageChanged('PK-1', 'funded', 'contracted'),
      packageStageChanged('PK-1', 'contracted', 'delivering'), packageStageChanged('PK-1', 'delivering', 'delivered', '2025-06-01'));
    expect(thrown(() => when(delivered, { ...close(), at: '2025-05-31' }))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'at' });
  });
});

describe('ClosePackage', () => {
  it('given a delivered package whose money is all spent, closes it', () => {
    const view = givenEvents(...standardParties(), ...fundedPackageEvents(), packageStageChanged('PK-1', 'funded', 'contracted'),
      packageStageChanged('PK-1', 'contracted', 'delivering'), packageStageChanged('PK-1', 'delivering', 'delivered'),
      transferRecorded('t-out', 'package:PK-1', 'donor:DON', 1200_00n));
    expect(when(view, close())).toEqual([{ type: 'PackageStageChanged', packageId: 'PK-1', from: 'delivered', to: 'closed', at: '2025-07-01', reason: null }]);
  });

  it('rejects closing a package that still holds money with STAGE_NOT_ALLOWED naming the amount', () => {
    const view = givenEvents(...standardParties(), ...fundedPackageEvents(), packageStageChanged('PK-1', 'funded', 'contracted'),
      packageStageChanged('PK-1', 'contracted', 'delivering'), packageStageChanged('PK-1', 'delivering', 'delivered'));
    const error = thrown(() => when(view, close()));
    expect(error).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'packageId' });
    expect(error.message).toContain('still holds 1200.00 EUR');
  });

  it('rejects a package still delivering with PACKAGE_NOT_OPEN', () => {
    const view = givenEvents(...standardParties(), ...fundedPackageEvents(), packageStageChanged('PK-1', 'funded', 'contracted'),
      packageStageChanged('PK-1', 'contracted', 'delivering'));
    expect(thrown(() => when(view, close()))).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'packageId' });
  });
});

describe('CancelPackage', () => {
  it('given an approved package holding nothing, cancels it with the reason', () => {
    const view = givenEvents(...standardParties(), ...approvedPackageEvents());
    expect(when(view, cancel())).toEqual([
      { type: 'PackageStageChanged', packageId: 'PK-1', from: 'approved', to: 'cancelled', at: '2025-01-04', reason: 'no longer needed' },
    ]);
  });

  it('rejects a package that still holds money with STAGE_NOT_ALLOWED, and allows it once refunded', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), transferRecorded('t-1', 'donor:DON', 'package:PK-1', 300_00n));
    const error = thrown(() => world.decide(cancel()));
    expect(error).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'packageId' });
    expect(error.message).toContain('still holds 300.00 EUR');
    world.apply(transferRecorded('t-2', 'package:PK-1', 'donor:DON', 300_00n));
    expect(world.decide(cancel())).toHaveLength(1);
  });

  // BUG (see report): the balance check reads only the account in the package's own currency.
  // A package that holds money in another currency is cancelled, and that money is then stuck:
  // a cancelled package is not open, so no transfer or conversion can move it out again.
  it('rejects a package holding money in another currency', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), transferRecorded('t-usd', 'donor:DON', 'package:PK-1', 300_00n, 'USD'));
    let cancelled = false;
    try {
      world.run(cancel());
      cancelled = true;
    } catch {
      // refusing is the expected outcome
    }
    // Had it been cancelled, the USD could never be refunded:
    if (cancelled) {
      expect(thrown(() => world.decide({ type: 'RecordTransfer', fromAccount: 'package:PK-1', toAccount: 'donor:DON', amount: amount(300_00n, 'USD'), valueDate: '2025-02-01' }))).toMatchObject({
        code: 'PACKAGE_NOT_OPEN',
      });
    }
    expect(cancelled).toBe(false);
  });

  it('rejects a contracted package with PACKAGE_NOT_OPEN', () => {
    const view = givenEvents(...standardParties(), packageProposed(), packageStageChanged('PK-1', 'proposed', 'approved'),
      packageStageChanged('PK-1', 'approved', 'funded'), packageStageChanged('PK-1', 'funded', 'contracted'));
    expect(thrown(() => when(view, cancel()))).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'packageId' });
  });

  it('rejects a cancelled package: nothing moves after cancellation', () => {
    const world = givenWorld(...standardParties(), packageProposed());
    world.run(cancel());
    expect(world.view.package('PK-1')?.stage).toBe('cancelled');
    expect(thrown(() => world.decide(approve()))).toMatchObject({ code: 'PACKAGE_NOT_OPEN' });
    expect(thrown(() => world.decide(cancel()))).toMatchObject({ code: 'PACKAGE_NOT_OPEN' });
  });
});

describe('automatic package stages', () => {
  const fund = (minor: bigint, currency = 'EUR') =>
    ({ type: 'RecordTransfer', fromAccount: 'donor:DON', toAccount: 'package:PK-1', amount: amount(minor, currency), valueDate: '2025-01-20' }) as const;

  it('approved → funded when donor funding reaches the package value, not before', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents());
    expect(world.run(fund(1199_99n)).map((event) => event.type)).toEqual(['TransferRecorded']);
    expect(world.view.package('PK-1')?.stage).toBe('approved');
    const events = world.run(fund(1n));
    expect(events.map((event) => event.type)).toEqual(['TransferRecorded', 'PackageStageChanged']);
    expect(events[1]).toEqual({ type: 'PackageStageChanged', packageId: 'PK-1', from: 'approved', to: 'funded', at: '2025-01-20', reason: null });
    expect(world.view.package('PK-1')).toMatchObject({ stage: 'funded', stageSince: '2025-01-20', fundedMinor: 1200_00n });
    // More money does not step again.
    expect(world.run(fund(5_00n)).map((event) => event.type)).toEqual(['TransferRecorded']);
  });

  it('funding in another currency does not count until converted into the package currency', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents());
    expect(world.run(fund(5000_00n, 'USD')).map((event) => event.type)).toEqual(['TransferRecorded']);
    expect(world.view.package('PK-1')).toMatchObject({ stage: 'approved', fundedMinor: 0n });
    const events = world.run({
      type: 'ConvertCurrency', accountId: 'package:PK-1', sold: amount(1300_00n, 'USD'),
      bought: amount(1200_00n, 'EUR'), valueDate: '2025-01-21',
    });
    expect(events.map((event) => event.type)).toEqual(['CurrencyConverted', 'PackageStageChanged']);
    expect(world.view.package('PK-1')).toMatchObject({ stage: 'funded', fundedMinor: 1200_00n });
  });

  // BUG (see report): manual stage changes may not be dated before the current stage began
  // (the "stage dates" rule above), but automatic steps take the triggering command's date
  // unchecked: a transfer value-dated before the approval funds the package "before" it was approved.
  it('an automatic step is never dated before the stage it leaves', () => {
    const world = givenWorld(...standardParties(), packageProposed(), packageStageChanged('PK-1', 'proposed', 'approved', '2025-01-05'));
    let events: DomainEvent[] = [];
    try {
      events = world.decide({ type: 'RecordTransfer', fromAccount: 'donor:DON', toAccount: 'package:PK-1', amount: amount(1200_00n), valueDate: '2025-01-01' });
    } catch {
      return; // refusing the back-dated transfer would keep the stages in order too
    }
    const step = events.find((event) => event.type === 'PackageStageChanged');
    expect(step?.type === 'PackageStageChanged' && step.at >= '2025-01-05').toBe(true);
  });

  it('refunds lower the funding but never move the stage back', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents());
    world.run(fund(1200_00n));
    const events = world.run({ type: 'RecordTransfer', fromAccount: 'package:PK-1', toAccount: 'donor:DON', amount: amount(200_00n, 'EUR'), valueDate: '2025-01-22' });
    expect(events.map((event) => event.type)).toEqual(['TransferRecorded']);
    expect(world.view.package('PK-1')).toMatchObject({ stage: 'funded', fundedMinor: 1000_00n });
  });

  // BUG (see report): a reallocation package → package raises the receiving package's
  // fundedMinor to its value, but only donor → package transfers and conversions run the
  // funded step, so the package stays `approved` though it is fully funded.
  it('approved → funded also when a reallocation from another package reaches the value', () => {
    const world = givenWorld(...standardParties(), ...fundedPackageEvents('PK-2', [{ lineId: 'L-1', quantity: 1, unitValueMinor: 5000_00n }]), ...approvedPackageEvents());
    const events = world.run({ type: 'RecordTransfer', fromAccount: 'package:PK-2', toAccount: 'package:PK-1', amount: amount(1200_00n, 'EUR'), valueDate: '2025-01-22' });
    expect(world.view.package('PK-1')?.fundedMinor).toBe(1200_00n);
    expect(events.map((event) => event.type)).toEqual(['TransferRecorded', 'PackageStageChanged']);
    expect(world.view.package('PK-1')?.stage).toBe('funded');
  });

  it('funded → contracted on the first contract, delivering on the first dispatch, delivered when every contract line is received', () => {
    const world = givenWorld(...standardParties(), ...fundedPackageEvents());
    const sign = (contractId: string, lineId: string, packageLineId: string, quantity: number) =>
      world.run({
        type: 'SignContract', contractId, packageId: 'PK-1', producerId: 'ACME', currency: 'EUR', signedOn: '2025-02-01', deliveryDue: '2025-05-01',
        lines: [{ lineId, packageLineId, quantity, unitPriceMinor: 90_00n }],
      });
    expect(sign('K-1', 'CL-1', 'L-1', 10).map((event) => event.type)).toEqual(['ContractSigned', 'PackageStageChanged']);
    expect(world.view.package('PK-1')?.stage).toBe('contracted');
    expect(sign('K-2', 'CL-1', 'L-2', 5).map((event) => event.type)).toEqual(['ContractSigned']);

    const dispatch = (shipmentId: string, contractId: string, quantity: number) =>
      world.run({ type: 'DispatchShipment', shipmentId, contractId, dispatchedAt: '2025-02-10', expectedBy: '2025-03-01', lines: [{ contractLineId: 'CL-1', quantity }] });
    expect(dispatch('S-1', 'K-1', 10).map((event) => event.type)).toEqual(['ShipmentDispatched', 'PackageStageChanged']);
    expect(world.view.package('PK-1')?.stage).toBe('delivering');
    expect(dispatch('S-2', 'K-2', 3).map((event) => event.type)).toEqual(['ShipmentDispatched']);
    expect(dispatch('S-3', 'K-2', 2).map((event) => event.type)).toEqual(['ShipmentDispatched']);

    const receive = (shipmentId: string, accepted: number, rejected: number) => {
      world.apply(milestoneRecorded(shipmentId, 'handed_over', '2025-02-20'));
      return world.run({
        type: 'RecordReceipt', receiptId: `R-${shipmentId}`, shipmentId, receivedAt: '2025-02-21',
        lines: [{ contractLineId: 'CL-1', accepted, rejected, ...(rejected > 0 ? { reason: 'damaged' } : {}) }],
      });
    };
    expect(receive('S-1', 9, 1).map((event) => event.type)).toEqual(['ReceiptRecorded']);
    expect(receive('S-2', 3, 0).map((event) => event.type)).toEqual(['ReceiptRecorded']);
    expect(world.view.package('PK-1')?.stage).toBe('delivering');
    const last = receive('S-3', 2, 0);
    expect(last.map((event) => event.type)).toEqual(['ReceiptRecorded', 'PackageStageChanged']);
    expect(last[1]).toMatchObject({ from: 'delivering', to: 'delivered', at: '2025-02-21' });
    expect(world.view.package('PK-1')?.stage).toBe('delivered');
    world.apply(transferRecorded('t-out', 'package:PK-1', 'donor:DON', 1200_00n));
    expect(world.run(close()).map((event) => event.type)).toEqual(['PackageStageChanged']);
    expect(world.view.package('PK-1')?.stage).toBe('closed');
  });

  it('is not delivered while a shipped line is received but part of the contract was never shipped', () => {
    const world = givenWorld(...standardParties(), ...fundedPackageEvents(), packageStageChanged('PK-1', 'funded', 'contracted'),
      contractSigned('K-1', 'PK-1', [{ lineId: 'CL-1', packageLineId: 'L-1', quantity: 10, unitPriceMinor: 1n }]),
      shipmentDispatched('S-1', 'K-1', 'PK-1', [{ contractLineId: 'CL-1', quantity: 6 }]), packageStageChanged('PK-1', 'contracted', 'delivering'),
      milestoneRecorded('S-1', 'handed_over'));
    const events = world.run({ type: 'RecordReceipt', receiptId: 'R-1', shipmentId: 'S-1', receivedAt: '2025-02-21', lines: [{ contractLineId: 'CL-1', accepted: 6, rejected: 0 }] });
    expect(events.map((event) => event.type)).toEqual(['ReceiptRecorded']);
    expect(world.view.package('PK-1')?.stage).toBe('delivering');
  });
});
