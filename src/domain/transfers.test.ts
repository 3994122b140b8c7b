import { describe, expect, it } from 'vitest';
import type { ConvertCurrency, RecordTransfer } from './commands.js';
import { decide } from './decide.js';
import { parseAccount } from './transfers.js';
import {
  amount,
  approvedPackageEvents,
  contractSigned,
  fundedPackageEvents,
  givenEvents,
  givenWorld,
  packageProposed,
  packageStageChanged,
  partyRegistered,
  standardParties,
  thrown,
  transferRecorded,
} from '../../test/support/domain.js';

const transfer = (fromAccount: string, toAccount: string, minor: bigint, currency = 'EUR', extra: Partial<RecordTransfer> = {}): RecordTransfer => ({
  type: 'RecordTransfer', fromAccount, toAccount, amount: amount(minor, currency), valueDate: '2025-02-15', ...extra,
});

const convert = (sold: bigint, soldCurrency: string, bought: bigint, boughtCurrency: string, accountId = 'package:PK-1'): ConvertCurrency => ({
  type: 'ConvertCurrency', accountId, sold: amount(sold, soldCurrency), bought: amount(bought, boughtCurrency), valueDate: '2025-02-16',
});

/** PK-1 funded with 1200.00 EUR, contract K-1 (ACME) worth 900.00 EUR signed on it. */
const contractedWorld = () =>
  givenWorld(
    ...standardParties(),
    ...fundedPackageEvents(),
    contractSigned('K-1', 'PK-1', [{ lineId: 'CL-1', packageLineId: 'L-1', quantity: 10, unitPriceMinor: 90_00n }]),
    packageStageChanged('PK-1', 'funded', 'contracted'),
  );

const sumBalances = (world: ReturnType<typeof givenWorld>, currency: string) =>
  world.memory.all('account').filter((row) => row.currency === currency).reduce((sum, row) => sum + (row.balanceMinor as bigint), 0n);

describe('RecordTransfer', () => {
  it('given a donor and an approved package, records the transfer named by the command id', () => {
    const view = givenEvents(...standardParties(), ...approvedPackageEvents());
    expect(decide(transfer('donor:DON', 'package:PK-1', 100_00n, 'EUR', { memo: 'first tranche' }), view, 'tx-42')).toEqual([
      {
        type: 'TransferRecorded', transferId: 'tx-42', fromAccount: 'donor:DON', toAccount: 'package:PK-1', currency: 'EUR', amountMinor: 100_00n,
        valueDate: '2025-02-15', contributionId: null, memo: 'first tranche',
      },
    ]);
  });

  it('posts double entry: the donor goes negative, the package holds the money, each currency sums to zero', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents());
    world.run(transfer('donor:DON', 'package:PK-1', 700_00n));
    world.run(transfer('donor:DON2', 'package:PK-1', 50_00n, 'USD'));
    world.run(transfer('package:PK-1', 'donor:DON', 100_00n));
    expect(world.view.account('donor:DON', 'EUR')).toMatchObject({ balanceMinor: -600_00n, debitsMinor: 700_00n, creditsMinor: 100_00n, kind: 'donor', ownerId: 'DON' });
    expect(world.view.account('package:PK-1', 'EUR')).toMatchObject({ balanceMinor: 600_00n, kind: 'package', ownerId: 'PK-1' });
    expect(world.view.account('package:PK-1', 'USD')?.balanceMinor).toBe(50_00n);
    expect(sumBalances(world, 'EUR')).toBe(0n);
    expect(sumBalances(world, 'USD')).toBe(0n);
  });

  it('rejects an account that is not kind:owner with VALIDATION_FAILED naming the field', () => {
    const view = givenEvents(...standardParties(), ...approvedPackageEvents());
    expect(thrown(() => decide(transfer('bank:DON', 'package:PK-1', 1n), view, 'x'))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'fromAccount' });
    expect(thrown(() => decide(transfer('donor:DON', 'package:', 1n), view, 'x'))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'toAccount' });
    expect(thrown(() => decide(transfer('donor:DON', 'fx:clearing', 1n), view, 'x'))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'toAccount' });
  });

  it('parses account ids into kind and owner, keeping colons in the owner', () => {
    expect(parseAccount('contract:K:1', 'p')).toEqual({ id: 'contract:K:1', kind: 'contract', ownerId: 'K:1' });
  });

  it('rejects routes money does not take with TRANSFER_ROUTE_NOT_ALLOWED', () => {
    const world = contractedWorld();
    const cases: [string, string][] = [
      ['donor:DON', 'contract:K-1'],
      ['donor:DON', 'donor:DON2'],
      ['contract:K-1', 'donor:DON'],
      ['contract:K-1', 'contract:K-1'],
      ['package:PK-1', 'package:PK-1'],
    ];
    for (const [from, to] of cases) {
      const error = thrown(() => world.decide(transfer(from, to, 1n)));
      expect(error, `${from} → ${to}`).toMatchObject({ code: 'TRANSFER_ROUTE_NOT_ALLOWED', path: 'toAccount' });
      expect(error.message).toBe(`toAccount: money does not flow from ${from} to ${to}`);
    }
  });

  it('rejects a zero or negative amount with AMOUNT_NOT_POSITIVE', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents());
    expect(thrown(() => world.decide(transfer('donor:DON', 'package:PK-1', 0n)))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'amount.amount' });
    expect(thrown(() => world.decide(transfer('donor:DON', 'package:PK-1', -5n)))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'amount.amount' });
  });

  it('checks the owners: NOT_FOUND for missing ones, WRONG_ROLE for a non-donor, PACKAGE_NOT_OPEN for a proposed package', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), packageProposed('PK-P'));
    expect(thrown(() => world.decide(transfer('donor:NOBODY', 'package:PK-1', 1n)))).toMatchObject({ code: 'NOT_FOUND', path: 'fromAccount' });
    expect(thrown(() => world.decide(transfer('donor:DON', 'package:PK-X', 1n)))).toMatchObject({ code: 'NOT_FOUND', path: 'toAccount' });
    expect(thrown(() => world.decide(transfer('package:PK-1', 'contract:K-X', 1n)))).toMatchObject({ code: 'NOT_FOUND', path: 'toAccount' });
    expect(thrown(() => world.decide(transfer('donor:UKR', 'package:PK-1', 1n)))).toMatchObject({ code: 'WRONG_ROLE', path: 'fromAccount' });
    const notOpen = thrown(() => world.decide(transfer('donor:DON', 'package:PK-P', 1n)));
    expect(notOpen).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'toAccount' });
    expect(notOpen.message).toContain('package "PK-P" is proposed');
  });

  it('a package or contract account never goes below zero: INSUFFICIENT_BALANCE, per currency', () => {
    const world = givenWorld(...standardParties(), ...approvedPackageEvents(), transferRecorded('t-1', 'donor:DON', 'package:PK-1', 300_00n));
    const error = thrown(() => world.decide(transfer('package:PK-1', 'donor:DON', 300_01n)));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_BALANCE', path: 'amount.amount' });
    expect(error.message).toBe('amount.amount: package:PK-1 holds 300.00 EUR; the transfer needs 300.01 EUR');
    expect(thrown(() => world.decide(transfer('package:PK-1', 'donor:DON', 1n, 'USD')))).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(world.decide(transfer('package:PK-1', 'donor:DON', 300_00n))).toHaveLength(1);
    // A donor account has no such floor.
    expect(world.decide(transfer('donor:DON2', 'package:PK-1', 10_000_000_00n))).toHaveLength(2);
  });

  it('moves money between packages (reallocation) within the balance', () => {
    const world = givenWorld(...standardParties(), ...fundedPackageEvents(), ...approvedPackageEvents('PK-2'));
    world.run(transfer('package:PK-1', 'package:PK-2', 200_00n));
    expect(world.view.package('PK-1')?.fundedMinor).toBe(1000_00n);
    expect(world.view.package('PK-2')?.fundedMinor).toBe(200_00n);
    expect(world.view.account('package:PK-2', 'EUR')?.balanceMinor).toBe(200_00n);
  });
});

describe('RecordTransfer to a contract (payments)', () => {
  it('pays a contract from its own package up to its value, tracking paidMinor', () => {
    const world = contractedWorld();
    world.run(transfer('package:PK-1', 'contract:K-1', 400_00n));
    expect(world.view.contract('K-1')?.paidMinor).toBe(400_00n);
    world.run(transfer('package:PK-1', 'contract:K-1', 500_00n));
    expect(world.view.contract('K-1')?.paidMinor).toBe(900_00n);
    expect(world.view.account('contract:K-1', 'EUR')?.balanceMinor).toBe(900_00n);
    // Paying a contract does not change the package's funding.
    expect(world.view.package('PK-1')?.fundedMinor).toBe(1200_00n);
  });

  it('rejects a payment beyond the contract value with PAYMENT_EXCEEDS_CONTRACT', () => {
    const world = contractedWorld();
    world.run(transfer('package:PK-1', 'contract:K-1', 899_00n));
    const error = thrown(() => world.decide(transfer('package:PK-1', 'contract:K-1', 1_01n)));
    expect(error).toMatchObject({ code: 'PAYMENT_EXCEEDS_CONTRACT', path: 'amount.amount' });
    expect(error.message).toBe('amount.amount: contract "K-1" is worth 900.00 EUR and 899.00 is paid; 1.01 more would exceed it');
    expect(world.decide(transfer('package:PK-1', 'contract:K-1', 1_00n))).toHaveLength(1);
  });

  it('rejects a payment in another currency with CURRENCY_MISMATCH', () => {
    const world = contractedWorld();
    world.apply(transferRecorded('t-usd', 'donor:DON', 'package:PK-1', 100_00n, 'USD'));
    expect(thrown(() => world.decide(transfer('package:PK-1', 'contract:K-1', 10_00n, 'USD')))).toMatchObject({ code: 'CURRENCY_MISMATCH', path: 'amount.currency' });
  });

  it('rejects a payment from another package with TRANSFER_ROUTE_NOT_ALLOWED', () => {
    const world = contractedWorld();
    world.apply(...fundedPackageEvents('PK-2'));
    const error = thrown(() => world.decide(transfer('package:PK-2', 'contract:K-1', 10_00n)));
    expect(error).toMatchObject({ code: 'TRANSFER_ROUTE_NOT_ALLOWED', path: 'toAccount' });
    expect(error.message).toContain('is paid from package PK-1, not PK-2');
  });

  it('a refund from the contract goes back to its package and lowers paidMinor, within the contract balance', () => {
    const world = contractedWorld();
    world.run(transfer('package:PK-1', 'contract:K-1', 300_00n));
    expect(thrown(() => world.decide(transfer('contract:K-1', 'package:PK-1', 300_01n)))).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    world.run(transfer('contract:K-1', 'package:PK-1', 100_00n));
    expect(world.view.contract('K-1')?.paidMinor).toBe(200_00n);
    expect(world.view.account('package:PK-1', 'EUR')?.balanceMinor).toBe(1000_00n);
  });

  // BUG (see report): payments are checked to come from the contract's own package, but
  // refunds are not checked to go back to it: contract K-1 of PK-1 can refund into PK-2.
  it('a refund from a contract to another package is refused', () => {
    const world = contractedWorld();
    world.apply(...approvedPackageEvents('PK-2'));
    world.run(transfer('package:PK-1', 'contract:K-1', 300_00n));
    expect(thrown(() => world.decide(transfer('contract:K-1', 'package:PK-2', 100_00n)))).toMatchObject({ code: 'TRANSFER_ROUTE_NOT_ALLOWED' });
  });
});

describe('ConvertCurrency', () => {
  const holding = () => givenWorld(...standardParties(), ...approvedPackageEvents(), transferRecorded('t-usd', 'donor:DON', 'package:PK-1', 1000_00n, 'USD'));

  it('converts within a package account through fx:clearing, named by the command id', () => {
    const world = holding();
    const events = world.run(convert(540_00n, 'USD', 500_00n, 'EUR'), 'fx-1');
    expect(events).toEqual([
      {
        type: 'CurrencyConverted', conversionId: 'fx-1', accountId: 'package:PK-1', soldCurrency: 'USD', soldMinor: 540_00n,
        boughtCurrency: 'EUR', boughtMinor: 500_00n, valueDate: '2025-02-16',
      },
    ]);
    expect(world.view.account('package:PK-1', 'USD')?.balanceMinor).toBe(460_00n);
    expect(world.view.account('package:PK-1', 'EUR')?.balanceMinor).toBe(500_00n);
    expect(world.view.account('fx:clearing', 'USD')?.balanceMinor).toBe(540_00n);
    expect(world.view.account('fx:clearing', 'EUR')?.balanceMinor).toBe(-500_00n);
    expect(world.view.package('PK-1')?.fundedMinor).toBe(500_00n);
    expect(sumBalances(world, 'USD')).toBe(0n);
    expect(sumBalances(world, 'EUR')).toBe(0n);
  });

  it('converting out of the package currency spends funding without undoing it', () => {
    const world = givenWorld(...standardParties(), ...fundedPackageEvents());
    world.run(convert(200_00n, 'EUR', 210_00n, 'USD'));
    expect(world.view.package('PK-1')).toMatchObject({ fundedMinor: 1200_00n, stage: 'funded' });
    expect(world.view.account('package:PK-1', 'EUR')?.balanceMinor).toBe(1000_00n);
    expect(world.view.account('package:PK-1', 'USD')?.balanceMinor).toBe(210_00n);
  });

  it('only package accounts convert: TRANSFER_ROUTE_NOT_ALLOWED for a donor account', () => {
    expect(thrown(() => holding().decide(convert(1n, 'USD', 1n, 'EUR', 'donor:DON')))).toMatchObject({ code: 'TRANSFER_ROUTE_NOT_ALLOWED', path: 'accountId' });
    expect(thrown(() => holding().decide(convert(1n, 'USD', 1n, 'EUR', 'nonsense')))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'accountId' });
  });

  it('needs two currencies: CURRENCY_MISMATCH', () => {
    const error = thrown(() => holding().decide(convert(1n, 'USD', 1n, 'USD')));
    expect(error).toMatchObject({ code: 'CURRENCY_MISMATCH', path: 'bought.currency' });
  });

  it('needs positive amounts on both sides: AMOUNT_NOT_POSITIVE', () => {
    expect(thrown(() => holding().decide(convert(0n, 'USD', 1n, 'EUR')))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'sold.amount' });
    expect(thrown(() => holding().decide(convert(1n, 'USD', 0n, 'EUR')))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'bought.amount' });
  });

  it('cannot sell more than the account holds: INSUFFICIENT_BALANCE', () => {
    expect(thrown(() => holding().decide(convert(1000_01n, 'USD', 1n, 'EUR')))).toMatchObject({ code: 'INSUFFICIENT_BALANCE', path: 'sold.amount' });
    expect(thrown(() => holding().decide(convert(1n, 'GBP', 1n, 'EUR')))).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  });

  it('needs an open package: NOT_FOUND and PACKAGE_NOT_OPEN', () => {
    const world = givenWorld(...standardParties(), packageProposed('PK-P'));
    expect(thrown(() => world.decide(convert(1n, 'USD', 1n, 'EUR', 'package:PK-X')))).toMatchObject({ code: 'NOT_FOUND', path: 'accountId' });
    expect(thrown(() => world.decide(convert(1n, 'USD', 1n, 'EUR', 'package:PK-P')))).toMatchObject({ code: 'PACKAGE_NOT_OPEN', path: 'accountId' });
  });

  it('a funding donor can be any donor party; a party that is donor and producer too', () => {
    const world = givenWorld(...standardParties(), partyRegistered('BOTH', 'donor', 'producer'), ...approvedPackageEvents());
    expect(world.decide(transfer('donor:BOTH', 'package:PK-1', 1n))).toHaveLength(1);
  });
});
