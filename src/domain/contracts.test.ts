import { describe, expect, it } from 'vitest';
import type { ContractLineInput, SignContract } from './commands.js';
import {
  approvedPackageEvents,
  contractSigned,
  fundedPackageEvents,
  givenWorld,
  packageStageChanged,
  standardParties,
  thrown,
} from '../../test/support/domain.js';

const sign = (lines: readonly ContractLineInput[], overrides: Partial<SignContract> = {}): SignContract => ({
  type: 'SignContract',
  contractId: 'K-1',
  packageId: 'PK-1',
  producerId: 'ACME',
  currency: 'EUR',
  signedOn: '2025-02-01',
  deliveryDue: '2025-05-01',
  lines,
  ...overrides,
});

const line = (lineId: string, packageLineId: string, quantity: number, unitPriceMinor = 95_00n): ContractLineInput => ({ lineId, packageLineId, quantity, unitPriceMinor });

/** PK-1 (L-1: 10 generators, L-2: 5 tents) funded. */
const funded = () => givenWorld(...standardParties(), ...fundedPackageEvents());

describe('SignContract', () => {
  it('given a funded package and a producer, signs the contract, copies item names, and steps the package to contracted', () => {
    const world = funded();
    const events = world.decide(sign([line('CL-1', 'L-1', 4), line('CL-2', 'L-2', 5, 38_00n)]));
    expect(events).toEqual([
      {
        type: 'ContractSigned', contractId: 'K-1', packageId: 'PK-1', producerId: 'ACME', currency: 'EUR', valueMinor: 4n * 95_00n + 5n * 38_00n,
        signedOn: '2025-02-01', deliveryDue: '2025-05-01',
        lines: [
          { lineId: 'CL-1', packageLineId: 'L-1', item: 'generator', quantity: 4, unitPriceMinor: 95_00n },
          { lineId: 'CL-2', packageLineId: 'L-2', item: 'tent', quantity: 5, unitPriceMinor: 38_00n },
        ],
      },
      { type: 'PackageStageChanged', packageId: 'PK-1', from: 'funded', to: 'contracted', at: '2025-02-01', reason: null },
    ]);
  });

  it('projects the contract, its lines and the package lines\' contracted quantities', () => {
    const world = funded();
    world.run(sign([line('CL-1', 'L-1', 4)]));
    expect(world.view.contract('K-1')).toMatchObject({ packageId: 'PK-1', valueMinor: 380_00n, paidMinor: 0n });
    expect(world.view.contractLines('K-1')).toEqual([
      { contractId: 'K-1', lineId: 'CL-1', packageLineId: 'L-1', item: 'generator', quantity: 4, unitPriceMinor: 95_00n, shippedQuantity: 0, acceptedQuantity: 0, rejectedQuantity: 0 },
    ]);
    expect(world.view.packageLines('PK-1').find((l) => l.lineId === 'L-1')?.contractedQuantity).toBe(4);
    expect(world.view.contractsOfPackage('PK-1').map((c) => c.id)).toEqual(['K-1']);
  });

  it('a zero unit price is allowed (a donated item), a negative one is AMOUNT_NOT_POSITIVE', () => {
    const world = funded();
    expect(world.decide(sign([line('CL-1', 'L-1', 1, 0n)]))[0]).toMatchObject({ valueMinor: 0n });
    expect(thrown(() => world.decide(sign([line('CL-1', 'L-1', 1, -1n)])))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'lines[0].unitPrice' });
  });

  it('rejects a zero quantity with AMOUNT_NOT_POSITIVE', () => {
    expect(thrown(() => funded().decide(sign([line('CL-1', 'L-1', 1), line('CL-2', 'L-2', 0)])))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'lines[1].quantity' });
  });

  it('rejects a taken contract id with ALREADY_EXISTS', () => {
    const world = funded();
    world.run(sign([line('CL-1', 'L-1', 1)]));
    expect(thrown(() => world.decide(sign([line('CL-1', 'L-1', 1)])))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'contractId' });
  });

  it('needs a package that is funded, contracted or delivering: PACKAGE_NOT_OPEN otherwise, NOT_FOUND if unknown', () => {
    const approved = givenWorld(...standardParties(), ...approvedPackageEvents());
    const error = thrown(() => approved.decide(sign([line('CL-1', 'L-1', 1)])));
    expect(error).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'packageId' });
    expect(error.message).toBe('packageId: package "PK-1" is approved; this needs it funded or contracted or delivering');
    expect(thrown(() => approved.decide(sign([line('CL-1', 'L-1', 1)], { packageId: 'PK-X' })))).toMatchObject({ code: 'NOT_FOUND', path: 'packageId' });
    const delivered = funded().apply(packageStageChanged('PK-1', 'funded', 'contracted'), packageStageChanged('PK-1', 'contracted', 'delivering'),
      packageStageChanged('PK-1', 'delivering', 'delivered'));
    expect(thrown(() => delivered.decide(sign([line('CL-1', 'L-1', 1)])))).toMatchObject({ code: 'PACKAGE_NOT_OPEN' });
  });

  it('a second contract on a contracted or delivering package takes no stage step', () => {
    const world = funded().apply(
      contractSigned('K-0', 'PK-1', [{ lineId: 'CL-1', packageLineId: 'L-1', quantity: 2, unitPriceMinor: 1n }]),
      packageStageChanged('PK-1', 'funded', 'contracted'),
    );
    expect(world.decide(sign([line('CL-1', 'L-1', 1)])).map((event) => event.type)).toEqual(['ContractSigned']);
    world.apply(packageStageChanged('PK-1', 'contracted', 'delivering'));
    expect(world.decide(sign([line('CL-1', 'L-1', 1)])).map((event) => event.type)).toEqual(['ContractSigned']);
  });

  it('needs a producer: NOT_FOUND and WRONG_ROLE', () => {
    expect(thrown(() => funded().decide(sign([line('CL-1', 'L-1', 1)], { producerId: 'NOBODY' })))).toMatchObject({ code: 'NOT_FOUND', path: 'producerId' });
    expect(thrown(() => funded().decide(sign([line('CL-1', 'L-1', 1)], { producerId: 'DON' })))).toMatchObject({ code: 'WRONG_ROLE', path: 'producerId' });
  });

  it('rejects a delivery date before signing, no lines, and repeated line ids with VALIDATION_FAILED', () => {
    const world = funded();
    const early = thrown(() => world.decide(sign([line('CL-1', 'L-1', 1)], { deliveryDue: '2025-01-31' })));
    expect(early).toMatchObject({ code: 'VALIDATION_FAILED', path: 'deliveryDue' });
    expect(early.message).toBe('deliveryDue: 2025-01-31 is before signing date 2025-02-01');
    expect(world.decide(sign([line('CL-1', 'L-1', 1)], { deliveryDue: '2025-02-01' }))).toHaveLength(2);
    expect(thrown(() => world.decide(sign([])))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'lines' });
    expect(thrown(() => world.decide(sign([line('CL-1', 'L-1', 1), line('CL-1', 'L-2', 1)])))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'lines[1]' });
  });

  it('rejects a line the package does not have with NOT_FOUND', () => {
    const error = thrown(() => funded().decide(sign([line('CL-1', 'L-9', 1)])));
    expect(error).toMatchObject({ code: 'NOT_FOUND', path: 'lines[0].packageLineId' });
    expect(error.message).toBe('lines[0].packageLineId: package "PK-1" has no line "L-9"');
  });

  it('never contracts more than a package line holds: PACKAGE_LINE_OVERCOMMITTED within one contract and across contracts', () => {
    const world = funded();
    expect(world.decide(sign([line('CL-1', 'L-1', 10)]))).toHaveLength(2);
    const single = thrown(() => world.decide(sign([line('CL-1', 'L-1', 11)])));
    expect(single).toMatchObject({ code: 'PACKAGE_LINE_OVERCOMMITTED', path: 'lines[0].quantity' });
    expect(single.message).toBe('lines[0].quantity: package line "L-1" has 10 generator, 0 already contracted; 11 more is too many');
    // Two lines of one contract against the same package line add up.
    expect(thrown(() => world.decide(sign([line('CL-1', 'L-1', 6), line('CL-2', 'L-1', 5)])))).toMatchObject({
      code: 'PACKAGE_LINE_OVERCOMMITTED',
      path: 'lines[1].quantity',
    });
    world.run(sign([line('CL-1', 'L-1', 7)]));
    const across = thrown(() => world.decide(sign([line('CL-1', 'L-1', 4)], { contractId: 'K-2' })));
    expect(across).toMatchObject({ code: 'PACKAGE_LINE_OVERCOMMITTED', path: 'lines[0].quantity' });
    expect(across.message).toContain('7 already contracted; 4 more is too many');
    expect(world.decide(sign([line('CL-1', 'L-1', 3)], { contractId: 'K-2' }))).toHaveLength(1);
  });

  it('rejects more than 500 lines with LIMIT_EXCEEDED', () => {
    const lines = Array.from({ length: 501 }, (_, index) => line(`CL-${index}`, 'L-1', 1));
    expect(thrown(() => funded().decide(sign(lines)))).toMatchObject({ code: 'LIMIT_EXCEEDED', path: 'lines' });
  });
});
