import { describe, expect, it } from 'vitest';
import type { RecordDefenceSpending, RecordFxRate, RecordRequirement, RegisterParty } from './commands.js';
import { decide } from './decide.js';
import { amount, givenEvents, givenWorld, partyRegistered, standardParties, thrown } from '../../test/support/domain.js';

const register = (overrides: Partial<RegisterParty> = {}): RegisterParty => ({
  type: 'RegisterParty', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['producer', 'donor'], ...overrides,
});

const requirement = (overrides: Partial<RecordRequirement> = {}): RecordRequirement => ({
  type: 'RecordRequirement', requirementId: 'REQ-1', recipientId: 'UKR', category: 'energy', description: 'transformers', quantity: 40, unit: 'each',
  priority: 2, neededBy: '2025-04-01', ...overrides,
});

const spending = (overrides: Partial<RecordDefenceSpending> = {}): RecordDefenceSpending => ({
  type: 'RecordDefenceSpending', country: 'NLD', year: 2024, spending: amount(22_000_000_000_00n), gdp: amount(1_100_000_000_000_00n), ...overrides,
});

const fxRate = (overrides: Partial<RecordFxRate> = {}): RecordFxRate => ({ type: 'RecordFxRate', date: '2025-01-02', base: 'EUR', quote: 'USD', rate: '1.0825', ...overrides });

describe('RegisterParty', () => {
  it('registers a party with its roles sorted and no country as null', () => {
    const events = decide(register(), givenEvents(), 'c');
    expect(events).toEqual([{ type: 'PartyRegistered', partyId: 'NLD', name: 'Netherlands', kind: 'state', roles: ['donor', 'producer'], country: null }]);
    const view = givenEvents(...events);
    expect(view.party('NLD')).toEqual({ id: 'NLD', name: 'Netherlands', kind: 'state', roles: 'donor,producer', country: null });
  });

  it('keeps the country when given', () => {
    expect(decide(register({ country: 'NLD' }), givenEvents(), 'c')[0]).toMatchObject({ country: 'NLD' });
  });

  it('rejects a taken id with ALREADY_EXISTS', () => {
    const error = thrown(() => decide(register(), givenEvents(partyRegistered('NLD', 'donor')), 'c'));
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS', path: 'partyId' });
    expect(error.message).toBe('partyId: party "NLD" already exists');
  });

  it('rejects a role named twice with VALIDATION_FAILED at that role', () => {
    expect(thrown(() => decide(register({ roles: ['donor', 'producer', 'donor'] }), givenEvents(), 'c'))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'roles[2]' });
  });
});

describe('RecordRequirement', () => {
  it('records a recipient\'s requirement', () => {
    const world = givenWorld(...standardParties());
    const events = world.run(requirement());
    expect(events).toEqual([
      { type: 'RequirementRecorded', requirementId: 'REQ-1', recipientId: 'UKR', category: 'energy', description: 'transformers', quantity: 40, unit: 'each', priority: 2, neededBy: '2025-04-01' },
    ]);
    expect(world.view.requirement('REQ-1')).toMatchObject({ id: 'REQ-1', recipientId: 'UKR', quantity: 40 });
  });

  it('rejects a taken id (ALREADY_EXISTS), a missing recipient (NOT_FOUND), a non-recipient (WRONG_ROLE), a zero quantity (AMOUNT_NOT_POSITIVE)', () => {
    const world = givenWorld(...standardParties());
    world.run(requirement());
    expect(thrown(() => world.decide(requirement()))).toMatchObject({ code: 'ALREADY_EXISTS', path: 'requirementId' });
    expect(thrown(() => world.decide(requirement({ requirementId: 'REQ-2', recipientId: 'MDA' })))).toMatchObject({ code: 'NOT_FOUND', path: 'recipientId' });
    expect(thrown(() => world.decide(requirement({ requirementId: 'REQ-2', recipientId: 'DON' })))).toMatchObject({ code: 'WRONG_ROLE', path: 'recipientId' });
    expect(thrown(() => world.decide(requirement({ requirementId: 'REQ-2', quantity: 0 })))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'quantity' });
  });
});

describe('RecordDefenceSpending', () => {
  it('records spending and GDP in one currency, replacing the year\'s earlier figure', () => {
    const world = givenWorld();
    world.run(spending({ source: 'NATO 2024' }));
    world.run(spending({ spending: amount(23_000_000_000_00n) }));
    expect(world.view.spending('NLD', 2024)).toEqual({
      country: 'NLD', year: 2024, currency: 'EUR', spendingMinor: 23_000_000_000_00n, gdpMinor: 1_100_000_000_000_00n, source: null,
    });
  });

  it('rejects two currencies with CURRENCY_MISMATCH', () => {
    const error = thrown(() => givenWorld().decide(spending({ gdp: amount(1n, 'USD') })));
    expect(error).toMatchObject({ code: 'CURRENCY_MISMATCH', path: 'gdp.currency' });
    expect(error.message).toBe('gdp.currency: spending is in EUR but GDP in USD');
  });

  it('rejects a GDP of zero and negative spending with AMOUNT_NOT_POSITIVE; zero spending is a figure', () => {
    expect(thrown(() => givenWorld().decide(spending({ gdp: amount(0n) })))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'gdp.amount' });
    expect(thrown(() => givenWorld().decide(spending({ spending: amount(-1n) })))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'spending.amount' });
    expect(givenWorld().decide(spending({ spending: amount(0n) }))).toHaveLength(1);
  });
});

describe('RecordFxRate', () => {
  it('records a rate', () => {
    const world = givenWorld();
    expect(world.run(fxRate())).toEqual([{ type: 'FxRateRecorded', date: '2025-01-02', base: 'EUR', quote: 'USD', rate: '1.0825' }]);
    expect(world.view.fxRate('2025-01-02', 'EUR', 'USD')?.rate).toBe('1.0825');
  });

  it('rejects one currency twice and a malformed rate with VALIDATION_FAILED, a zero rate with AMOUNT_NOT_POSITIVE', () => {
    expect(thrown(() => givenWorld().decide(fxRate({ quote: 'EUR' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'quote' });
    expect(thrown(() => givenWorld().decide(fxRate({ rate: '1,08' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'rate' });
    expect(thrown(() => givenWorld().decide(fxRate({ rate: '-1.0' })))).toMatchObject({ code: 'VALIDATION_FAILED', path: 'rate' });
    expect(thrown(() => givenWorld().decide(fxRate({ rate: '0.000' })))).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', path: 'rate' });
  });
});

describe('GrantRole', () => {
  it('adds a role to a registered party, keeping the roles sorted', () => {
    const world = givenWorld(partyRegistered('TUR', 'donor'));
    expect(world.run({ type: 'GrantRole', partyId: 'TUR', role: 'recipient' })).toEqual([{ type: 'PartyRoleGranted', partyId: 'TUR', role: 'recipient' }]);
    expect(world.view.party('TUR')?.roles).toBe('donor,recipient');
  });

  it('refuses an unknown party and a role the party already has', () => {
    expect(thrown(() => givenWorld().decide({ type: 'GrantRole', partyId: 'TUR', role: 'donor' })).code).toBe('NOT_FOUND');
    const error = thrown(() => givenWorld(partyRegistered('TUR', 'donor')).decide({ type: 'GrantRole', partyId: 'TUR', role: 'donor' }));
    expect(error.message).toBe('role: party "TUR" already has the role donor');
  });
});
