import { describe, expect, it } from 'vitest';
import { parseCommand } from '../contract/commands.js';
import { ConfirmationIndex } from '../application/reports/confirmation.js';
import type { Command, LinkEvidence, RecordSource } from './commands.js';
import { evidenceLevel, recordLevel, type ConfirmationLevel, type SourceKind, type SourceType } from './evidence.js';
import { contributionRecorded, givenWorld, partyRegistered, thrown } from '../../test/support/domain.js';
import { limits } from './limits.js';

const article: RecordSource = {
  type: 'RecordSource',
  sourceId: 'S-1',
  kind: 'news-article',
  publisher: 'Example Daily',
  title: 'Donor pledges air defence',
  publishedOn: '2025-03-01',
  locator: 'https://example.org/a/1',
  story: 'story-1',
};

const link: LinkEvidence = {
  type: 'LinkEvidence',
  recordKind: 'contribution',
  recordId: 'C-1',
  sourceId: 'S-1',
  excerpt: 'The minister said the country would give 500 million.',
  sourceType: 'person',
  speaker: 'Jane Doe',
  speakerRole: 'Minister of Defence',
  claim: 'amount',
};

function world() {
  const w = givenWorld(partyRegistered('DON', 'donor'), contributionRecorded('C-1'));
  w.run(article, 'src-1');
  return w;
}

describe('evidence levels', () => {
  // The table in evidence.ts, row by row; every source type against every source kind.
  const kinds: readonly SourceKind[] = ['official-statement', 'official-document', 'dataset', 'contract', 'news-article', 'other'];
  const types: readonly SourceType[] = ['person', 'organisation', 'document', 'anonymous', 'pronoun', 'none'];
  const expected = (kind: SourceKind, type: SourceType, publisher: string | null, speaker: string | null): ConfirmationLevel => {
    if (publisher === null) return 'unverified';
    if (kind !== 'news-article' && kind !== 'other') return 'confirmed';
    return (type === 'person' || type === 'organisation') && speaker !== null ? 'on-record' : 'reported';
  };
  for (const kind of kinds) {
    for (const type of types) {
      it(`${kind} with ${type} attribution`, () => {
        for (const publisher of ['Ministry', null]) {
          for (const speaker of ['Jane Doe', null]) {
            expect(evidenceLevel({ kind, publisher }, { sourceType: type, speaker })).toBe(expected(kind, type, publisher, speaker));
          }
        }
      });
    }
  }

  it('gives hand-picked cases their level', () => {
    expect(evidenceLevel({ kind: 'official-statement', publisher: 'Ministry of Defence' }, { sourceType: 'none', speaker: null })).toBe('confirmed');
    expect(evidenceLevel({ kind: 'news-article', publisher: 'Example Daily' }, { sourceType: 'person', speaker: 'Jane Doe' })).toBe('on-record');
    expect(evidenceLevel({ kind: 'news-article', publisher: 'Example Daily' }, { sourceType: 'anonymous', speaker: null })).toBe('reported');
    expect(evidenceLevel({ kind: 'news-article', publisher: 'Example Daily' }, { sourceType: 'document', speaker: 'a classified report' })).toBe('reported');
    expect(evidenceLevel({ kind: 'news-article', publisher: '  ' }, { sourceType: 'person', speaker: 'Jane Doe' })).toBe('unverified');
  });

  it("takes a record's best level: provenance or own entry confirm, no evidence leaves it unverified", () => {
    const anonymous = { evidence: { sourceType: 'anonymous' as const, speaker: null }, source: { id: 'S-1', kind: 'news-article' as const, publisher: 'Daily', story: null } };
    const named = { evidence: { sourceType: 'person' as const, speaker: 'Jane Doe' }, source: { id: 'S-2', kind: 'news-article' as const, publisher: 'Daily', story: null } };
    expect(recordLevel({ evidence: [], provenance: 0, ownEntry: false })).toEqual({ level: 'unverified', evidence: 0, stories: 0 });
    expect(recordLevel({ evidence: [anonymous], provenance: 0, ownEntry: false }).level).toBe('reported');
    expect(recordLevel({ evidence: [anonymous, named], provenance: 0, ownEntry: false }).level).toBe('on-record');
    expect(recordLevel({ evidence: [anonymous], provenance: 1, ownEntry: false }).level).toBe('confirmed');
    expect(recordLevel({ evidence: [anonymous], provenance: 0, ownEntry: true }).level).toBe('confirmed');
  });

  it('counts independent stories, not articles: rewrites of one story count once, an article without a story alone', () => {
    const news = (id: string, story: string | null) => ({ evidence: { sourceType: 'anonymous' as const, speaker: null }, source: { id, kind: 'news-article' as const, publisher: 'Daily', story } });
    const statement = { evidence: { sourceType: 'none' as const, speaker: null }, source: { id: 'S-9', kind: 'official-statement' as const, publisher: 'MoD', story: null } };
    const result = recordLevel({ evidence: [news('A', 'story-1'), news('B', 'story-1'), news('C', null), news('D', null), statement], provenance: 0, ownEntry: false });
    expect(result).toEqual({ level: 'confirmed', evidence: 5, stories: 3 });
  });
});

describe('RecordSource and LinkEvidence', () => {
  it('records a source and links evidence, filed under the record', () => {
    const w = world();
    const events = w.run(link, 'ev-1');
    expect(events).toEqual([
      {
        type: 'EvidenceLinked', evidenceId: 'ev-1', recordKind: 'contribution', recordId: 'C-1', sourceId: 'S-1', excerpt: link.excerpt,
        offsetStart: null, offsetEnd: null, sourceType: 'person', speaker: 'Jane Doe', speakerRole: 'Minister of Defence', claim: 'amount',
      },
    ]);
    expect(w.memory.get('source', ['S-1'])).toMatchObject({ id: 'S-1', publisher: 'Example Daily', story: 'story-1', author: null });
    expect(w.memory.get('evidence', ['ev-1'])).toMatchObject({ recordKind: 'contribution', recordId: 'C-1', sourceId: 'S-1' });
    const index = new ConfirmationIndex({ provenance: [], sources: w.memory.all('source') as never, evidence: w.memory.all('evidence') as never });
    expect(index.summary('contribution', 'C-1')).toEqual({ level: 'on-record', evidence: 1, stories: 1 });
    expect(index.summary('contribution', 'C-2')).toEqual({ level: 'unverified', evidence: 0, stories: 0 });
  });

  it('refuses a source id twice', () => {
    const error = thrown(() => world().decide(article));
    expect([error.code, error.path]).toEqual(['ALREADY_EXISTS', 'sourceId']);
  });

  it('names the record or the source that does not exist', () => {
    const noRecord = thrown(() => world().decide({ ...link, recordId: 'C-9' }));
    expect([noRecord.code, noRecord.path]).toEqual(['NOT_FOUND', 'recordId']);
    expect(noRecord.message).toContain('contribution "C-9"');
    const noSource = thrown(() => world().decide({ ...link, sourceId: 'S-9' }));
    expect([noSource.code, noSource.path]).toEqual(['NOT_FOUND', 'sourceId']);
    const noSpending = thrown(() => world().decide({ ...link, recordKind: 'spending', recordId: 'NLD:2024' }));
    expect([noSpending.code, noSpending.path]).toEqual(['NOT_FOUND', 'recordId']);
  });

  it('refuses the same excerpt of the same source for the same record under another command id, naming the first', () => {
    const w = world();
    w.run(link, 'ev-1');
    const error = thrown(() => w.decide(link, 'ev-2'));
    expect([error.code, error.path]).toEqual(['ALREADY_EXISTS', 'excerpt']);
    expect(error.message).toContain('"ev-1"');
    // Another excerpt of the same source, or the same words for another record, is further evidence.
    expect(w.decide({ ...link, excerpt: 'It would arrive by June.' }, 'ev-3')).toHaveLength(1);
  });

  it('checks offsets against the excerpt and a role against its speaker', () => {
    const w = world();
    const backwards = thrown(() => w.decide({ ...link, offsets: { start: 10, end: 5 } }));
    expect([backwards.code, backwards.path]).toEqual(['VALIDATION_FAILED', 'offsets.end']);
    const wrongSpan = thrown(() => w.decide({ ...link, offsets: { start: 0, end: 3 } }));
    expect([wrongSpan.code, wrongSpan.path]).toEqual(['VALIDATION_FAILED', 'offsets']);
    expect(w.decide({ ...link, offsets: { start: 100, end: 100 + link.excerpt.length } })[0]).toMatchObject({ offsetStart: 100, offsetEnd: 100 + link.excerpt.length });
    const role = thrown(() => w.decide({ ...link, speaker: undefined }));
    expect([role.code, role.path]).toEqual(['VALIDATION_FAILED', 'speakerRole']);
  });

  it('bounds the lengths, naming the field', () => {
    const long = thrown(() => world().decide({ ...link, excerpt: 'x'.repeat(limits.excerptMax + 1) }));
    expect([long.code, long.path]).toEqual(['LIMIT_EXCEEDED', 'excerpt']);
    const title = thrown(() => givenWorld().decide({ ...article, title: 't'.repeat(limits.sourceTitleMax + 1) }));
    expect([title.code, title.path]).toEqual(['LIMIT_EXCEEDED', 'title']);
  });

  it('parses the wire forms and names a bad field', () => {
    const { command } = parseCommand({ id: 's', type: 'RecordSource', sourceId: 'S-1', kind: 'dataset', publisher: 'Kiel Institute', title: 'Release 29', publishedOn: '2025-04-01', locator: 'file.xlsx line 4', language: 'en' });
    expect(command).toMatchObject({ kind: 'dataset', language: 'en' });
    const badKind = thrown(() => parseCommand({ id: 's', type: 'RecordSource', sourceId: 'S-1', kind: 'rumour', title: 'x', publishedOn: '2025-04-01', locator: 'x' }));
    expect(badKind.path).toBe('kind');
    const badType = thrown(() => parseCommand({ id: 'e', type: 'LinkEvidence', recordKind: 'contribution', recordId: 'C-1', sourceId: 'S-1', excerpt: 'x', sourceType: 'rumour' }));
    expect(badType.path).toBe('sourceType');
    const blank = thrown(() => parseCommand({ id: 'e', type: 'LinkEvidence', recordKind: 'contribution', recordId: 'C-1', sourceId: 'S-1', excerpt: '   ', sourceType: 'none' }));
    expect(blank.path).toBe('excerpt');
    const exact = parseCommand({ id: 'e', type: 'LinkEvidence', recordKind: 'package', recordId: 'P', sourceId: 'S-1', excerpt: ' said ', sourceType: 'none' }).command as Command & { excerpt: string };
    expect(exact.excerpt).toBe(' said ');
  });
});
