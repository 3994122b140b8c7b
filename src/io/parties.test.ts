import { describe, expect, it } from 'vitest';
import { givenWorld, partyRegistered } from '../../test/support/domain.js';
import { ImportRun } from './format.js';
import { ensureParty } from './parties.js';

const source = { dataset: 'test', file: 'f.csv', locator: 'line 2' };
const turkey = { partyId: 'TUR', name: 'Türkiye', kind: 'state', country: 'TUR' } as const;

describe('ensureParty', () => {
  it('registers an unknown party once, then gives it a further role once', () => {
    const run = new ImportRun(givenWorld().view);
    const first = ensureParty(run, turkey, 'donor', 'x', source, 'f.csv:2');
    expect(first.map((envelope) => [envelope.commandId, envelope.command])).toEqual([
      ['x:party:TUR', { type: 'RegisterParty', partyId: 'TUR', name: 'Türkiye', kind: 'state', roles: ['donor'], country: 'TUR', provenance: source }],
    ]);
    expect(ensureParty(run, turkey, 'donor', 'x', source, 'f.csv:3')).toEqual([]);
    const grant = ensureParty(run, turkey, 'recipient', 'x', source, 'f.csv:4');
    expect(grant.map((envelope) => [envelope.commandId, envelope.command.type])).toEqual([['x:party:TUR:role:recipient', 'GrantRole']]);
    expect(ensureParty(run, turkey, 'recipient', 'x', source, 'f.csv:5')).toEqual([]);
  });

  it('gives a party of the ledger the role it lacks, and leaves one that has it', () => {
    const run = new ImportRun(givenWorld(partyRegistered('TUR', 'donor')).view);
    expect(ensureParty(run, turkey, 'donor', 'x', source, 'f.csv:2')).toEqual([]);
    expect(ensureParty(run, turkey, 'recipient', 'x', source, 'f.csv:2').map((envelope) => envelope.command)).toEqual([
      { type: 'GrantRole', partyId: 'TUR', role: 'recipient', provenance: source },
    ]);
  });
});
