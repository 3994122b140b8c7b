import { describe, expect, it } from 'vitest';
import { parseCommand } from '../contract/commands.js';
import { ConfirmationIndex, recordKey } from '../application/reports/confirmation.js';
import type { Command, LinkEvidence, RecordSource } from './commands.js';
import { evidenceLevel, recordLevel, transfersNamedBy, type ConfirmationLevel, type SourceKind, type SourceType } from './evidence.js';
import { transferOrigins } from './transfers.js';
import { approvedPackageEvents, contributionRecorded, contributionStageChanged, givenWorld, partyRegistered, thrown, transferRecorded } from '../../test/support/domain.js';
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

describe('evidence for a transfer', () => {
  // A donor paid PK-1 (T-1) and the package converted EUR into USD: two legs through FX clearing.
  function paid() {
    const w = givenWorld(partyRegistered('DON', 'donor'), transferRecorded('T-1', 'donor:DON', 'package:PK-1', 100_00n));
    w.apply({ type: 'CurrencyConverted', conversionId: 'X-1', accountId: 'package:PK-1', soldCurrency: 'EUR', soldMinor: 50_00n, boughtCurrency: 'USD', boughtMinor: 58_00n, valueDate: '2025-01-11' });
    w.run(article, 'src-1');
    return w;
  }
  const onTransfer: LinkEvidence = { ...link, recordKind: 'transfer', recordId: 'T-1', excerpt: 'The ministry paid 100 euros on 10 January.', sourceType: 'organisation', speaker: 'Ministry', speakerRole: undefined };

  it('links evidence to a recorded transfer, named by the id of its command', () => {
    const w = paid();
    expect(w.view.transferExists('T-1')).toBe(true);
    expect(w.run(onTransfer, 'ev-t')).toEqual([expect.objectContaining({ type: 'EvidenceLinked', evidenceId: 'ev-t', recordKind: 'transfer', recordId: 'T-1' })]);
    const index = new ConfirmationIndex({ provenance: [], sources: w.memory.all('source') as never, evidence: w.memory.all('evidence') as never });
    expect(index.summary('transfer', 'T-1')).toEqual({ level: 'on-record', evidence: 1, stories: 1 });
  });

  it('counts each leg of a conversion as a transfer, but not the conversion itself', () => {
    const w = paid();
    expect(w.decide({ ...onTransfer, recordId: 'X-1/sold' })).toHaveLength(1);
    expect(w.decide({ ...onTransfer, recordId: 'X-1/bought' })).toHaveLength(1);
    const bare = thrown(() => w.decide({ ...onTransfer, recordId: 'X-1' }));
    expect([bare.code, bare.path]).toEqual(['NOT_FOUND', 'recordId']);
  });

  it('refuses a transfer that was never recorded, naming its id', () => {
    const error = thrown(() => paid().decide({ ...onTransfer, recordId: 'T-9' }));
    expect([error.code, error.path]).toEqual(['NOT_FOUND', 'recordId']);
    expect(error.message).toContain('transfer "T-9"');
  });

  it('names the transfers the ledger must look up, and where each would come from', () => {
    expect(transfersNamedBy(onTransfer)).toEqual(['T-1']);
    expect(transfersNamedBy({ ...onTransfer, recordKind: 'contribution' })).toEqual([]);
    expect(transferOrigins('T-1')).toEqual([{ commandId: 'T-1', eventType: 'TransferRecorded' }]);
    expect(transferOrigins('X-1/sold')).toEqual([
      { commandId: 'X-1/sold', eventType: 'TransferRecorded' },
      { commandId: 'X-1', eventType: 'CurrencyConverted' },
    ]);
  });
});

describe('evidence for a stage of a contribution', () => {
  const pledge: LinkEvidence = { ...link, claim: 'stage:committed' };
  const payment: LinkEvidence = { ...link, excerpt: 'The money has been paid, officials said.', sourceType: 'anonymous', speaker: undefined, speakerRole: undefined, claim: 'stage:disbursed' };

  it("accepts a stage of the contribution's kind, reached or not, and refuses another kind's stage", () => {
    const w = world();
    expect(w.decide(payment)).toEqual([expect.objectContaining({ claim: 'stage:disbursed' })]);
    const delivered = thrown(() => w.decide({ ...payment, claim: 'stage:delivered' }));
    expect([delivered.code, delivered.path]).toEqual(['VALIDATION_FAILED', 'claim']);
    expect(delivered.message).toContain('stage:disbursed');
    const goods = givenWorld(partyRegistered('DON', 'donor'), contributionRecorded('G-1', { kind: 'in_kind' }));
    goods.run(article, 'src-1');
    expect(goods.decide({ ...payment, recordId: 'G-1', claim: 'stage:delivered' })).toHaveLength(1);
    expect(thrown(() => goods.decide({ ...payment, recordId: 'G-1' })).path).toBe('claim');
  });

  it('claims stages of contributions only, and on the wire only stages that exist', () => {
    const w = givenWorld(...approvedPackageEvents());
    w.run(article, 'src-1');
    const onPackage = thrown(() => w.decide({ ...payment, recordKind: 'package', recordId: 'PK-1', claim: 'stage:committed' }));
    expect([onPackage.code, onPackage.path]).toEqual(['VALIDATION_FAILED', 'claim']);
    const wire = { id: 'e', type: 'LinkEvidence', recordKind: 'contribution', recordId: 'C-1', sourceId: 'S-1', excerpt: 'x', sourceType: 'none' };
    expect(parseCommand({ ...wire, claim: 'stage:disbursed' }).command).toMatchObject({ claim: 'stage:disbursed' });
    expect(parseCommand({ ...wire, claim: 'stage' }).command).toMatchObject({ claim: 'stage' });
    const unknown = thrown(() => parseCommand({ ...wire, claim: 'stage:paid' }));
    expect([unknown.code, unknown.path]).toEqual(['VALIDATION_FAILED', 'claim']);
  });

  it("judges a contribution by its stage now: a pledge on record does not vouch for a payment reported by unnamed sources", () => {
    const w = givenWorld(partyRegistered('DON', 'donor'), contributionRecorded('C-1', { stage: 'announced' }), contributionStageChanged('C-1', 'announced', 'committed', 500_00n));
    w.run(article, 'src-1');
    w.run({ ...article, sourceId: 'S-2', story: 'story-2' }, 'src-2');
    w.run(pledge, 'ev-pledge');
    w.run({ ...payment, sourceId: 'S-2' }, 'ev-paid');
    const data = (stage: 'committed' | 'disbursed', changes: readonly [string, string][]) => ({
      provenance: [],
      sources: w.memory.all('source') as never,
      evidence: w.memory.all('evidence') as never,
      contributions: [{ ...(w.memory.get('contribution', ['C-1']) as object), stage }] as never,
      stageChanges: changes.map(([fromStage, toStage], index) => ({ seq: index + 10, entityKind: 'contribution', entityId: 'C-1', fromStage, toStage, at: '2025-01-06', reason: null, backwards: 0 })),
    });
    const committed = new ConfirmationIndex(data('committed', [['announced', 'committed']])).of('contribution', 'C-1');
    expect(committed).toMatchObject({ level: 'on-record', evidence: 1, stories: 1 });
    expect(committed.stages).toEqual([
      { stage: 'announced', reached: true, current: false, level: 'unverified', evidence: 0, stories: 0, evidenceIds: [] },
      { stage: 'committed', reached: true, current: true, level: 'on-record', evidence: 1, stories: 1, evidenceIds: ['ev-pledge'] },
      { stage: 'disbursed', reached: false, current: false, level: 'reported', evidence: 1, stories: 1, evidenceIds: ['ev-paid'] },
    ]);
    const disbursed = new ConfirmationIndex(data('disbursed', [['announced', 'committed'], ['committed', 'disbursed']]));
    expect(disbursed.summary('contribution', 'C-1')).toEqual({ level: 'reported', evidence: 1, stories: 1 });
    expect(disbursed.of('contribution', 'C-1').items).toHaveLength(2);
    // Evidence about the whole record, its provenance and its own entry back every stage, as before.
    w.run({ ...link, excerpt: 'The Ministry of Defence confirmed the payment.', sourceId: 'S-1' }, 'ev-wide');
    const wide = new ConfirmationIndex(data('disbursed', [['announced', 'committed'], ['committed', 'disbursed']]));
    expect(wide.summary('contribution', 'C-1')).toEqual({ level: 'on-record', evidence: 2, stories: 2 });
    expect(wide.of('contribution', 'C-1').stages?.map((stage) => stage.level)).toEqual(['on-record', 'on-record', 'on-record']);
    const dataset = new ConfirmationIndex({ ...data('disbursed', [['announced', 'committed'], ['committed', 'disbursed']]), provenance: [{ seq: 1, dataset: 'Kiel', file: 'k.csv', locator: 'line 2', recordKind: 'contribution', recordId: 'C-1', publisher: null, publisherRef: null, note: null }] });
    expect(dataset.summary('contribution', 'C-1').level).toBe('confirmed');
    const own = new ConfirmationIndex(data('disbursed', [['announced', 'committed'], ['committed', 'disbursed']]), new Set([recordKey('contribution', 'C-1')]));
    expect(own.summary('contribution', 'C-1').level).toBe('confirmed');
  });
});
