import { describe, expect, it } from 'vitest';
import type { AdvanceContribution, RecordContribution, RecordTransfer } from './commands.js';
import type { ContributionStage } from './state.js';
import {
  amount,
  approvedPackageEvents,
  contributionRecorded,
  contributionStageChanged,
  fundedPackageEvents,
  givenWorld,
  packageProposed,
  packageStageChanged,
  partyRegistered,
  standardParties,
  thrown,
} from '../../test/support/domain.js';

const record = (overrides: Partial<RecordContribution> = {}): RecordContribution => ({
  type: 'RecordContribution',
  contributionId: 'CN-1',
  donorId: 'DON',
  kind: 'money',
  stage: 'committed',
  value: amount(500_00n),
  at: '2025-01-05',
  category: 'general',
  description: 'budget support',
  ...overrides,
});

const advance = (stage: ContributionStage, extra: Partial<AdvanceContribution> = {}): AdvanceContribution => ({
  type: 'AdvanceContribution',
  contributionId: 'CN-1',
  stage,
  at: '2025-02-01',
  ...extra,
});

describe('RecordContribution', () => {
  it('given a donor, records a money contribution with every optional field null', () => {
    const world = givenWorld(...standardParties());
    expect(world.decide(record())).toEqual([
      {
        type: 'ContributionRecorded', contributionId: 'CN-1', donorId: 'DON', kind: 'money', stage: 'committed', currency: 'EUR', amountMinor: 500_00n,
        at: '2025-01-05', category: 'general', description: 'budget support', packageId: null, recipientId: null, valuationMethod: null,
        quantity: null, unit: null, coalition: null,
      },
    ]);
    world.run(record());
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'committed', amountMinor: 500_00n, committedMinor: 500_00n, disbursedMinor: 0n });
  });

  it('an announced contribution has nothing committed yet', () => {
    const world = givenWorld(...standardParties());
    world.run(record({ stage: 'announced' }));
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'announced', committedMinor: 0n });
  });

  it('records in-kind and capability contributions with their quantity, unit and valuation', () => {
    const [inKind] = givenWorld(...standardParties(), ...approvedPackageEvents()).decide(
      record({ kind: 'in_kind', valuationMethod: 'price_list', quantity: 4, unit: 'each', packageId: 'PK-1', recipientId: 'UKR', coalition: 'energy' }),
    );
    expect(inKind).toMatchObject({ kind: 'in_kind', valuationMethod: 'price_list', quantity: 4, unit: 'each', packageId: 'PK-1', recipientId: 'UKR', coalition: 'energy' });
    expect(thrown(() => givenWorld(...standardParties()).decide(record({ kind: 'capability', value: amount(0n), quantity: 1 })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'quantity',
    });
  });

  it('rejects a taken id with ALREADY_EXISTS', () => {
    const world = givenWorld(...standardParties(), contributionRecorded('CN-1'));
    expect(thrown(() => world.decide(record()))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'contributionId' });
  });

  it('rejects an unknown donor with NOT_FOUND and a non-donor with WRONG_ROLE', () => {
    const world = givenWorld(...standardParties());
    expect(thrown(() => world.decide(record({ donorId: 'NOBODY' })))).toMatchObject({ code: 'NOT_FOUND', path: 'donorId' });
    expect(thrown(() => world.decide(record({ donorId: 'ACME' })))).toMatchObject({ code: 'WRONG_ROLE', path: 'donorId' });
    expect(thrown(() => world.decide(record({ recipientId: 'DON' })))).toMatchObject({ code: 'WRONG_ROLE', path: 'recipientId' });
  });

  it('rejects an unknown package with NOT_FOUND and a delivered or cancelled one with PACKAGE_NOT_OPEN', () => {
    const delivered = givenWorld(...standardParties(), ...fundedPackageEvents(), packageStageChanged('PK-1', 'funded', 'contracted'),
      packageStageChanged('PK-1', 'contracted', 'delivering'), packageStageChanged('PK-1', 'delivering', 'delivered'));
    expect(thrown(() => delivered.decide(record({ packageId: 'PK-X' })))).toMatchObject({ code: 'NOT_FOUND', path: 'packageId' });
    expect(thrown(() => delivered.decide(record({ packageId: 'PK-1' })))).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'packageId' });
    const cancelled = givenWorld(...standardParties(), packageProposed(), packageStageChanged('PK-1', 'proposed', 'cancelled', '2025-01-02', 'x'));
    expect(thrown(() => cancelled.decide(record({ packageId: 'PK-1' })))).toMatchObject({ code: 'PACKAGE_NOT_OPEN' });
    // A proposed package may already receive pledges.
    expect(givenWorld(...standardParties(), packageProposed()).decide(record({ packageId: 'PK-1' }))).toHaveLength(1);
  });

  it('rejects a money contribution of zero and any negative value with AMOUNT_NOT_POSITIVE', () => {
    const world = givenWorld(...standardParties());
    expect(thrown(() => world.decide(record({ value: amount(0n) })))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'value.amount' });
    expect(thrown(() => world.decide(record({ kind: 'in_kind', valuationMethod: 'stated', quantity: 1, unit: 'each', value: amount(-1n) })))).toMatchObject({
      code: 'AMOUNT_NOT_POSITIVE',
    });
    // An unvalued capability is fine.
    expect(world.decide(record({ kind: 'capability', value: amount(0n), quantity: 1, unit: 'team' }))).toHaveLength(1);
  });

  it('rejects a valuation method on money, and in-kind without one, with VALIDATION_FAILED', () => {
    const world = givenWorld(...standardParties());
    expect(thrown(() => world.decide(record({ valuationMethod: 'stated' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'valuationMethod' });
    expect(thrown(() => world.decide(record({ kind: 'in_kind', quantity: 1, unit: 'each' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'valuationMethod' });
    expect(thrown(() => world.decide(record({ kind: 'in_kind', valuationMethod: 'stated', unit: 'each' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'quantity' });
  });
});

describe('AdvanceContribution', () => {
  const announced = () => givenWorld(...standardParties(), contributionRecorded('CN-1', { stage: 'announced' }));
  const committed = () => givenWorld(...standardParties(), contributionRecorded('CN-1', { stage: 'committed' }));

  it('given an announced contribution, commits it: forward, no reason needed', () => {
    const world = announced();
    expect(world.decide(advance('committed'))).toEqual([
      { type: 'ContributionStageChanged', contributionId: 'CN-1', from: 'announced', to: 'committed', at: '2025-02-01', amountMinor: 500_00n, reason: null, backwards: false },
    ]);
    world.run(advance('committed'));
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'committed', stageSince: '2025-02-01', committedMinor: 500_00n });
  });

  it('commits a higher revised value without a reason', () => {
    const [event] = announced().decide(advance('committed', { amount: '650.00' }));
    expect(event).toMatchObject({ to: 'committed', amountMinor: 650_00n, backwards: false });
  });

  it('revises the value within a stage; the same stage and value again is STAGE_NOT_ALLOWED', () => {
    const world = committed();
    expect(thrown(() => world.decide(advance('committed')))).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'stage' });
    expect(thrown(() => world.decide(advance('committed', { amount: '500' })))).toMatchObject({ code: 'STAGE_NOT_ALLOWED' });
    expect(world.decide(advance('committed', { amount: '600.00' }))[0]).toMatchObject({ from: 'committed', to: 'committed', amountMinor: 600_00n, backwards: false });
  });

  it('going back a stage needs a reason: STAGE_BACKWARDS without one, flagged backwards with one', () => {
    const world = committed();
    const error = thrown(() => world.decide(advance('announced')));
    expect(error).toMatchObject({ code: 'STAGE_BACKWARDS', path: 'reason' });
    expect(error.message).toBe('reason: contribution "CN-1" would go from committed to announced; say why in "reason"');
    const [event] = world.decide(advance('announced', { reason: 'parliament vote pending' }));
    expect(event).toMatchObject({ from: 'committed', to: 'announced', reason: 'parliament vote pending', backwards: true });
  });

  it('lowering a committed value is backwards too and needs a reason', () => {
    const world = committed();
    const error = thrown(() => world.decide(advance('committed', { amount: '450.00' })));
    expect(error).toMatchObject({ code: 'STAGE_BACKWARDS', path: 'reason' });
    expect(error.message).toContain('with a lower value');
    world.run(advance('committed', { amount: '450.00', reason: 'budget cut' }));
    expect(world.view.contribution('CN-1')).toMatchObject({ amountMinor: 450_00n, stage: 'committed' });
  });

  it('lowering an announced value is not backwards', () => {
    expect(announced().decide(advance('announced', { amount: '100.00' }))[0]).toMatchObject({ backwards: false, reason: null });
  });

  it('withdrawing always needs a reason, and a withdrawn contribution moves no more', () => {
    const world = announced();
    expect(thrown(() => world.decide(advance('withdrawn')))).toMatchObject({ code: 'STAGE_BACKWARDS', path: 'reason' });
    world.run(advance('withdrawn', { reason: 'cancelled by donor' }));
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'withdrawn' });
    const error = thrown(() => world.decide(advance('committed')));
    expect(error).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'stage' });
    expect(error.message).toContain('was withdrawn');
  });

  it('money is disbursed only by transfers and never delivered; goods are delivered, never disbursed', () => {
    const money = committed();
    expect(thrown(() => money.decide(advance('disbursed')))).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'stage' });
    expect(thrown(() => money.decide(advance('delivered')))).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'stage' });
    const goods = givenWorld(...standardParties(), contributionRecorded('CN-1', { kind: 'in_kind' }));
    expect(thrown(() => goods.decide(advance('disbursed')))).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'stage' });
    expect(goods.decide(advance('delivered'))[0]).toMatchObject({ from: 'committed', to: 'delivered', backwards: false });
  });

  it('rejects an unknown contribution with NOT_FOUND', () => {
    expect(thrown(() => committed().decide(advance('committed', { contributionId: 'CN-X' })))).toMatchObject({ code: 'NOT_FOUND', path: 'contributionId' });
  });

  it('reads the revised amount in the contribution\'s currency: AMOUNT_PRECISION, AMOUNT_NOT_POSITIVE, VALIDATION_FAILED', () => {
    const eur = committed();
    const precision = thrown(() => eur.decide(advance('committed', { amount: '600.001' })));
    expect(precision).toMatchObject({ code: 'AMOUNT_PRECISION', path: 'amount' });
    expect(precision.message).toBe('amount: EUR has 2 decimal places, "600.001" has more');
    expect(thrown(() => eur.decide(advance('committed', { amount: '-1.00', reason: 'x' })))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'amount' });
    expect(thrown(() => eur.decide(advance('committed', { amount: '1e3' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'amount' });
    const jpy = givenWorld(...standardParties(), contributionRecorded('CN-1', { currency: 'JPY', amountMinor: 50_000n }));
    expect(thrown(() => jpy.decide(advance('committed', { amount: '60000.5' })))).toMatchObject({ code: 'AMOUNT_PRECISION' });
    expect(jpy.decide(advance('committed', { amount: '60000' }))[0]).toMatchObject({ amountMinor: 60_000n });
  });
});

describe('money contribution → disbursed by linked transfers', () => {
  const pay = (minor: bigint, extra: Partial<RecordTransfer> = {}): RecordTransfer => ({
    type: 'RecordTransfer', fromAccount: 'donor:DON', toAccount: 'package:PK-1', amount: amount(minor), valueDate: '2025-02-10', contributionId: 'CN-1', ...extra,
  });

  it('steps to disbursed when the linked transfers reach the amount, and only once', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), contributionRecorded('CN-1', { amountMinor: 500_00n, packageId: 'PK-1' }));
    expect(world.run(pay(200_00n)).map((event) => event.type)).toEqual(['TransferRecorded']);
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'committed', disbursedMinor: 200_00n });
    const events = world.run(pay(300_00n));
    expect(events.map((event) => event.type)).toEqual(['TransferRecorded', 'ContributionStageChanged']);
    expect(events[1]).toEqual({
      type: 'ContributionStageChanged', contributionId: 'CN-1', from: 'committed', to: 'disbursed', at: '2025-02-10', amountMinor: 500_00n, reason: null, backwards: false,
    });
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'disbursed', disbursedMinor: 500_00n, committedMinor: 500_00n });
    expect(world.run(pay(1_00n)).map((event) => event.type)).toEqual(['TransferRecorded']);
  });

  it('an announced contribution paid in full goes straight to disbursed', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), contributionRecorded('CN-1', { stage: 'announced', amountMinor: 100_00n }));
    const events = world.run(pay(100_00n));
    expect(events[1]).toMatchObject({ type: 'ContributionStageChanged', from: 'announced', to: 'disbursed' });
  });

  it('a payment that funds the package and completes the contribution records both steps', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), contributionRecorded('CN-1', { amountMinor: 1200_00n }));
    expect(world.run(pay(1200_00n)).map((event) => event.type)).toEqual(['TransferRecorded', 'ContributionStageChanged', 'PackageStageChanged']);
  });

  it('after a backwards revision to a higher value, further payments disburse it again', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), contributionRecorded('CN-1', { amountMinor: 100_00n }));
    world.run(pay(100_00n));
    world.run(advance('committed', { amount: '150.00', reason: 'top-up' }));
    expect(world.view.contribution('CN-1')).toMatchObject({ stage: 'committed', amountMinor: 150_00n, disbursedMinor: 100_00n });
    expect(world.run(pay(50_00n))[1]).toMatchObject({ from: 'committed', to: 'disbursed', amountMinor: 150_00n });
  });

  it('the contribution is checked: VALIDATION_FAILED, CURRENCY_MISMATCH, STAGE_NOT_ALLOWED, NOT_FOUND', () => {
    const world = givenWorld(
      ...standardParties(),
      partyRegistered('DON3', 'donor'),
      ...approvedPackageEvents(),
      ...approvedPackageEvents('PK-2'),
      contributionRecorded('CN-1', { packageId: 'PK-1' }),
      contributionRecorded('CN-K', { kind: 'in_kind' }),
      contributionRecorded('CN-W', { stage: 'announced' }),
      contributionStageChanged('CN-W', 'announced', 'withdrawn', 500_00n, 'changed mind'),
    );
    expect(thrown(() => world.decide(pay(1n, { contributionId: 'CN-K' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'contributionId' });
    expect(thrown(() => world.decide(pay(1n, { fromAccount: 'donor:DON3' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'contributionId' });
    expect(thrown(() => world.decide(pay(1n, { toAccount: 'package:PK-2' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'contributionId' });
    expect(thrown(() => world.decide(pay(1n, { amount: amount(1n, 'USD') })))).toMatchObject({ code: 'CURRENCY_MISMATCH', path: 'amount.currency' });
    expect(thrown(() => world.decide(pay(1n, { contributionId: 'CN-W' })))).toMatchObject({ code: 'STAGE_NOT_ALLOWED', path: 'contributionId' });
    expect(thrown(() => world.decide(pay(1n, { contributionId: 'CN-X' })))).toMatchObject({ code: 'NOT_FOUND', path: 'contributionId' });
    expect(world.decide(pay(1n))).toHaveLength(1);
  });

  it('a contribution is paid only by its own donor, not as a refund', () => {
    const world = givenWorld(...standardParties(), ...fundedPackageEvents(), contributionRecorded('CN-1'));
    expect(thrown(() => world.decide(pay(1n, { fromAccount: 'package:PK-1', toAccount: 'donor:DON' })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'contributionId',
    });
  });
});
