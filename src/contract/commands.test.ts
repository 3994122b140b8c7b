import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { commandTypes, parseCommand } from './commands.js';

/** Parses and returns the DomainError; fails if parsing succeeds. */
function rejected(input: unknown): DomainError {
  try {
    parseCommand(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

const transfer = (fields: Record<string, unknown> = {}) => ({
  id: 't-1',
  type: 'RecordTransfer',
  fromAccount: 'donor:NLD',
  toAccount: 'package:PK-1',
  amount: { amount: '1250.00', currency: 'EUR' },
  valueDate: '2025-08-10',
  ...fields,
});

const propose = (line: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) => ({
  id: 'k-1',
  type: 'ProposePackage',
  packageId: 'PK-1',
  title: 'Air defence',
  recipientId: 'UKR',
  coordinatorId: 'NATO',
  currency: 'EUR',
  proposedAt: '2025-08-04',
  lines: [{ lineId: 'L-1', item: 'interceptor', category: 'air_defence', quantity: 10, unitValue: '1000000.00', ...line }],
  ...fields,
});

describe('parseCommand: valid input', () => {
  it('splits off the id and turns decimal amounts into bigint minor units', () => {
    expect(parseCommand(transfer({ memo: 'first tranche' }))).toEqual({
      commandId: 't-1',
      command: {
        type: 'RecordTransfer', fromAccount: 'donor:NLD', toAccount: 'package:PK-1', amount: { amountMinor: 125_000n, currency: 'EUR' },
        valueDate: '2025-08-10', memo: 'first tranche',
      },
    });
  });

  it('reads line values in the package currency (JPY has no decimals)', () => {
    const { command } = parseCommand(propose({ unitValue: '1500' }, { currency: 'JPY' }));
    expect(command.type === 'ProposePackage' && command.lines[0]?.unitValueMinor).toBe(1500n);
  });

  it('accepts a leap day and keeps an AdvanceContribution amount as a decimal string', () => {
    expect(parseCommand(transfer({ valueDate: '2024-02-29' })).command).toMatchObject({ valueDate: '2024-02-29' });
    expect(parseCommand({ id: 'a-1', type: 'AdvanceContribution', contributionId: 'C-1', stage: 'committed', at: '2025-01-01', amount: '10.555' }).command).toMatchObject({
      amount: '10.555',
    });
  });

  it('knows every command type', () => {
    expect(commandTypes).toHaveLength(21);
    expect(commandTypes).toContain('RecordReceipt');
  });
});

describe('parseCommand: the error names the field', () => {
  it('rejects an unknown field, naming it in the message', () => {
    const error = rejected(transfer({ colour: 'red' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/"colour"/);
    const nested = rejected(propose({ colour: 'red' }));
    expect(nested.path).toBe('lines[0].colour');
    expect(nested.message).toMatch(/^lines\[0\]\.colour: .*"colour"/);
    const inMoney = rejected(transfer({ amount: { amount: '1.00', currency: 'EUR', rate: '1' } }));
    expect(inMoney.path).toBe('amount.rate');
    expect(inMoney.message).toMatch(/"rate"/);
  });

  it('puts an unknown field\'s own name in path', () => {
    expect(rejected(transfer({ colour: 'red' })).path).toBe('colour');
  });

  it('rejects impossible and malformed dates at their field', () => {
    for (const valueDate of ['2025-02-30', '2025-02-29', '2025-13-01', '2025-00-10', '2025/01/01', '20250101', '2025-1-1', '2025-01-01T00:00:00Z', '']) {
      const error = rejected(transfer({ valueDate }));
      expect(error, valueDate).toMatchObject({ code: 'VALIDATION_FAILED', path: 'valueDate' });
      expect(error.message).toMatch(/^valueDate: /);
    }
    expect(rejected(propose({}, { proposedAt: '2025-04-31' })).path).toBe('proposedAt');
  });

  it('rejects an unknown or malformed currency at its field', () => {
    const unknown = rejected(transfer({ amount: { amount: '1.00', currency: 'ABC' } }));
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', path: 'amount.currency' });
    expect(unknown.message).toBe('amount.currency: unknown ISO 4217 currency "ABC"');
    for (const currency of ['eur', 'EURO', 'EU', '', 978]) {
      expect(rejected(transfer({ amount: { amount: '1.00', currency } })).path, String(currency)).toBe('amount.currency');
    }
    expect(rejected(propose({}, { currency: 'XYZ' })).path).toBe('currency');
    expect(rejected({ id: 'fx-1', type: 'RecordFxRate', date: '2025-01-01', base: 'EUR', quote: 'usd', rate: '1.1' }).path).toBe('quote');
  });

  it('rejects more decimals than the currency has, at the amount and in the message', () => {
    const error = rejected(transfer({ amount: { amount: '1.001', currency: 'EUR' } }));
    expect(error.path).toBe('amount.amount');
    expect(error.message).toBe('amount.amount: EUR has 2 decimal places, "1.001" has more');
    const line = rejected(propose({ unitValue: '1.5' }, { currency: 'JPY' }));
    expect(line.path).toBe('lines[0].unitValue');
    expect(line.message).toBe('lines[0].unitValue: JPY has 0 decimal places, "1.5" has more');
    const contract = rejected({
      id: 's-1', type: 'SignContract', contractId: 'K-1', packageId: 'PK-1', producerId: 'ACME', currency: 'EUR', signedOn: '2025-01-01', deliveryDue: '2025-02-01',
      lines: [{ lineId: 'CL-1', packageLineId: 'L-1', quantity: 1, unitPrice: '1.00' }, { lineId: 'CL-2', packageLineId: 'L-1', quantity: 1, unitPrice: '0.125' }],
    });
    expect(contract.path).toBe('lines[1].unitPrice');
  });

  it('keeps the domain code AMOUNT_PRECISION for too many decimals', () => {
    expect(rejected(transfer({ amount: { amount: '1.001', currency: 'EUR' } })).code).toBe('AMOUNT_PRECISION');
    expect(rejected(propose({ unitValue: '1.5' }, { currency: 'JPY' })).code).toBe('AMOUNT_PRECISION');
    expect(rejected(transfer({ amount: { amount: '1000000000000000', currency: 'EUR' } }))).toMatchObject({ code: 'AMOUNT_TOO_LARGE', path: 'amount.amount' });
    // Other schema problems stay VALIDATION_FAILED.
    expect(rejected(transfer({ amount: { amount: '1e3', currency: 'EUR' } })).code).toBe('VALIDATION_FAILED');
  });

  it('rejects amounts that are not plain decimals at the amount', () => {
    for (const amount of ['1e5', '1,00', '.5', '', ' 1', 12.5]) {
      const error = rejected(transfer({ amount: { amount, currency: 'EUR' } }));
      expect(error, String(amount)).toMatchObject({ code: 'VALIDATION_FAILED', path: 'amount.amount' });
      expect(error.message).toMatch(/^amount\.amount: /);
    }
  });

  it('rejects a missing, empty or malformed id, naming id', () => {
    const { id: _id, ...noId } = transfer();
    const inputs: Record<string, unknown>[] = [noId, { ...noId, id: '' }, { ...noId, id: 'has space' }, { ...noId, id: 42 }, { ...noId, id: 'x'.repeat(129) }, { ...noId, id: '-leading' }];
    for (const input of inputs) {
      const error = rejected(input);
      expect(error, JSON.stringify(input.id ?? null)).toMatchObject({ code: 'VALIDATION_FAILED', path: 'id' });
      expect(error.message).toMatch(/^id: every command needs a client id/);
    }
    expect(parseCommand({ ...noId, id: 'x'.repeat(128) }).commandId).toHaveLength(128);
  });

  it('rejects a missing required field, naming it', () => {
    const { valueDate: _valueDate, ...rest } = transfer();
    const error = rejected(rest);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'valueDate' });
    expect(error.message).toMatch(/^valueDate: /);
  });

  it('rejects an unknown type at "type" and a non-object at the root', () => {
    expect(rejected({ id: 'x-1', type: 'PayEveryone' }).path).toBe('type');
    expect(rejected({ id: 'x-1' }).path).toBe('type');
    for (const input of [null, [], 'RecordTransfer', 7]) expect(rejected(input), JSON.stringify(input)).toMatchObject({ code: 'VALIDATION_FAILED', path: '' });
  });

  it('rejects a negative, fractional or too large quantity at its line', () => {
    expect(rejected(propose({ quantity: -1 })).path).toBe('lines[0].quantity');
    expect(rejected(propose({ quantity: 1.5 })).path).toBe('lines[0].quantity');
    expect(rejected(propose({ quantity: 1_000_000_001 })).path).toBe('lines[0].quantity');
    const receipt = rejected({ id: 'r-1', type: 'RecordReceipt', receiptId: 'R-1', shipmentId: 'S-1', receivedAt: '2025-01-01', lines: [{ contractLineId: 'CL-1', accepted: 1, rejected: -2 }] });
    expect(receipt.path).toBe('lines[0].rejected');
  });

  it('rejects blank text and an unknown enum value at their fields', () => {
    expect(rejected(transfer({ memo: '   ' })).path).toBe('memo');
    expect(rejected({ id: 'p-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor', 'banker'] }).path).toBe('roles[1]');
    expect(rejected({ id: 'p-1', type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: [] }).path).toBe('roles');
    expect(rejected({ id: 'm-1', type: 'RecordMilestone', shipmentId: 'S-1', kind: 'dispatched', at: '2025-01-01' }).path).toBe('kind');
  });
});
