import { describe, expect, it } from 'vitest';
import { parseCommand } from '../contract/commands.js';
import type { Row } from '../projections/memory.js';
import { project } from '../projections/project.js';
import type { Command, RecordContribution } from './commands.js';
import type { DomainEvent } from './events.js';
import { amount, givenWorld, partyRegistered, thrown } from '../../test/support/domain.js';

/** The provenance rows the projection appends for these events. */
function provenanceRows(events: readonly DomainEvent[], firstSeq = 1): Row[] {
  const rows: Row[] = [];
  events.forEach((event, index) =>
    project(event, firstSeq + index, { get: () => ({}), put: () => undefined, append: (table, row) => table === 'provenance' && rows.push(row) }),
  );
  return rows;
}

const source = { dataset: 'Kiel Ukraine Support Tracker, release 29', file: 'data_explorer.csv', locator: 'line 12', publisher: 'Kiel Institute', publisherRef: 'DEU-2025-03' };

describe('provenance', () => {
  it('travels on the first event of the command and is filed under the record it describes', () => {
    const world = givenWorld();
    const events = world.run({ type: 'RegisterParty', partyId: 'DEU', name: 'Germany', kind: 'state', roles: ['donor'], provenance: source });
    expect(events).toEqual([{ type: 'PartyRegistered', partyId: 'DEU', name: 'Germany', kind: 'state', roles: ['donor'], country: null, provenance: source }]);
    expect(provenanceRows(events)).toEqual([
      { seq: 1, recordKind: 'party', recordId: 'DEU', dataset: source.dataset, file: source.file, locator: 'line 12', publisher: 'Kiel Institute', publisherRef: 'DEU-2025-03', note: null },
    ]);
  });

  it('leaves events without a provenance exactly as they were', () => {
    const events = givenWorld().run({ type: 'RegisterParty', partyId: 'DEU', name: 'Germany', kind: 'state', roles: ['donor'] });
    expect(Object.keys(events[0] as object)).not.toContain('provenance');
  });

  it('cites a further source for a record that exists, and refuses one that does not', () => {
    const world = givenWorld(partyRegistered('DEU', 'donor'));
    const second = { ...source, file: 'other.csv', locator: 'line 3' };
    const cited = world.run({ type: 'CiteSource', recordKind: 'party', recordId: 'DEU', note: 'same donor in the FTS', provenance: second });
    expect(provenanceRows(cited, 2)).toMatchObject([{ recordKind: 'party', recordId: 'DEU', file: 'other.csv', note: 'same donor in the FTS' }]);
    const error = thrown(() => world.decide({ type: 'CiteSource', recordKind: 'contribution', recordId: 'C-9', provenance: source } as Command));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('recordId: contribution "C-9" does not exist');
    expect(thrown(() => world.decide({ type: 'CiteSource', recordKind: 'party', recordId: 'DEU' })).message).toBe('provenance: a citation needs the source it cites');
  });
});

describe('RecordDefenceShare', () => {
  it('records a reported share of GDP, marked when it is an estimate', () => {
    const world = givenWorld();
    world.run({ type: 'RecordDefenceShare', country: 'POL', year: 2024, percentOfGdp: '4.12', estimate: true });
    expect(world.memory.all('defenceShare')).toEqual([{ country: 'POL', year: 2024, percentOfGdp: '4.12', estimate: 1 }]);
  });

  it('refuses a share above 100 percent', () => {
    const error = thrown(() => givenWorld().decide({ type: 'RecordDefenceShare', country: 'POL', year: 2024, percentOfGdp: '100.5' }));
    expect(error.message).toBe('percentOfGdp: 100.5 is more than 100 percent');
  });
});

describe('provenance on the wire', () => {
  it('is read beside the id and names a bad field', () => {
    const envelope = parseCommand({ id: 'x', type: 'RecordDefenceShare', country: 'POL', year: 2024, percentOfGdp: '4.12', provenance: source });
    expect(envelope.command.provenance).toEqual(source);
    expect(() => parseCommand({ id: 'x', type: 'RecordDefenceShare', country: 'POL', year: 2024, percentOfGdp: '4.12', provenance: { ...source, file: '' } })).toThrow(
      /^provenance\.file: /,
    );
    expect(() => parseCommand({ id: 'x', type: 'RecordDefenceShare', country: 'POL', year: 2024, percentOfGdp: '4.12', provenance: { ...source, extra: 1 } })).toThrow(
      /^provenance\.extra: /,
    );
  });
});

describe('a contribution reported by a dataset', () => {
  const reported: RecordContribution = {
    type: 'RecordContribution', contributionId: 'iati:tx-1', donorId: 'DEU', kind: 'money', stage: 'disbursed', value: amount(50_000_00n), at: '2025-03-01',
    category: 'humanitarian', description: 'cash transfer',
  };

  it('enters disbursed with its provenance, counted as committed and disbursed', () => {
    const world = givenWorld(partyRegistered('DEU', 'donor'));
    world.run({ ...reported, provenance: source });
    expect(world.view.contribution('iati:tx-1')).toMatchObject({ stage: 'disbursed', committedMinor: 50_000_00n, disbursedMinor: 50_000_00n });
  });

  it('is refused as disbursed without a provenance, or when tied to a package', () => {
    const world = givenWorld(partyRegistered('DEU', 'donor'));
    expect(thrown(() => world.decide(reported)).message).toMatch(/^stage: a contribution is recorded disbursed only as reported by a dataset/);
    expect(thrown(() => world.decide({ ...reported, packageId: 'PK-1', provenance: source })).message).toMatch(/^stage: a contribution to package PK-1 is disbursed by the ledger's own transfers/);
    expect(thrown(() => world.decide({ ...reported, stage: 'delivered', provenance: source })).message).toBe('stage: money is disbursed, not delivered');
  });
});
