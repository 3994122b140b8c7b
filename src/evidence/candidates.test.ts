import { describe, expect, it } from 'vitest';
import { Ledger } from '../application/ledger.js';
import { ConfirmationIndex } from '../application/reports/confirmation.js';
import { loadReportData } from '../application/reports/index.js';
import { parseCommand } from '../contract/commands.js';
import { SqliteStore } from '../storage/sqlite/store.js';
import { analyseArticle } from './analyse.js';
import { proposeCandidates } from './candidates.js';

const text = `Norway will provide €1.2bn to Ukraine for air defence, Prime Minister Jonas Gahr Støre said on Tuesday.
The Netherlands paid $500 million into the PURL package on 5 August, according to the Dutch defence ministry.
Germany delivered two more Patriot systems to Kyiv last week, sources close to the government said.
Sweden has pledged about $300 million to Ukraine, officials who spoke on condition of anonymity said.
The weather in Brussels was mild.`;

describe('candidate ledger entries from an article', () => {
  const report = proposeCandidates(analyseArticle({ file: 'wire/2025-08-14.txt', text, published: '2025-08-14' }));
  const byDonor = new Map(report.candidates.map((c) => [c.donor, c]));

  it('proposes a promise as announced, dated by the sentence, with the speaker', () => {
    const norway = byDonor.get('NOR');
    expect(norway).toMatchObject({ recipient: 'UKR', amount: { value: '1200000000', currency: 'EUR', approximate: false }, stage: 'announced', date: '2025-08-12', sourceType: 'person' });
    expect(norway?.warnings).toEqual([]);
    expect(norway?.command).toMatchObject({ type: 'RecordContribution', donorId: 'NOR', recipientId: 'UKR', stage: 'announced', value: { amount: '1200000000', currency: 'EUR' }, at: '2025-08-12' });
    expect(norway?.command?.['provenance']).toEqual({ dataset: 'news-article', file: 'wire/2025-08-14.txt', locator: `sentence 1, characters 0-${text.indexOf('\n')}` });
  });

  it('proposes a payment as disbursed, and says what is missing', () => {
    const netherlands = byDonor.get('NLD');
    expect(netherlands).toMatchObject({ stage: 'disbursed', date: '2025-08-05', amount: { value: '500000000', currency: 'USD' } });
    expect(netherlands?.recipient).toBeUndefined();
    expect(netherlands?.warnings).toContain('no recipient named');
  });

  it('warns about an approximate amount and unnamed sources', () => {
    const sweden = byDonor.get('SWE');
    expect(sweden?.amount.approximate).toBe(true);
    expect(sweden?.warnings.join('\n')).toMatch(/approximate/);
    expect(sweden?.warnings.join('\n')).toMatch(/unnamed sources/);
  });

  it('proposes nothing without an amount, and counts it', () => {
    expect(byDonor.has('DEU')).toBe(false);
    expect(report.incomplete).toBeGreaterThanOrEqual(1);
    expect(report.candidates).toHaveLength(3);
  });

  it('gives commands the ledger accepts as they are', () => {
    for (const candidate of report.candidates) expect(() => parseCommand(candidate.command)).not.toThrow();
  });

  it('proposes no command without any date, and says so', () => {
    const undated = proposeCandidates(analyseArticle({ file: 'undated.txt', text: 'Denmark will provide €50 million to Ukraine, its defence minister said.' }));
    expect(undated.candidates).toHaveLength(1);
    expect(undated.candidates[0]?.command).toBeUndefined();
    expect(undated.candidates[0]?.warnings.join('\n')).toMatch(/no date/);
  });
});

describe('a gift told from the receiving side', () => {
  it('takes the country after "from" as the donor', () => {
    const told = 'Ukraine will get NOK 1.2 billion from Norway for air-defence interceptors, Defence Minister Tore O. Sandvik said on Monday.';
    const [candidate] = proposeCandidates(analyseArticle({ file: 'herald.txt', text: told, published: '2026-03-03' })).candidates;
    expect(candidate).toMatchObject({ donor: 'NOR', recipient: 'UKR', amount: { value: '1200000000', currency: 'NOK' }, stage: 'announced', date: '2026-03-02' });
  });
});

describe('accepting candidates', () => {
  it('records the article as a source once, then each contribution with the sentence as its evidence', () => {
    const report = proposeCandidates(analyseArticle({ file: 'wire/2025-08-14.txt', text, published: '2025-08-14' }));
    expect(report.source).toMatchObject({ type: 'RecordSource', sourceId: 'news-2025-08-14', kind: 'news-article', publishedOn: '2025-08-14', locator: 'wire/2025-08-14.txt' });
    expect(report.source).not.toHaveProperty('publisher');
    const norway = report.candidates.find((c) => c.donor === 'NOR');
    expect(norway?.evidence).toMatchObject({ type: 'LinkEvidence', recordKind: 'contribution', recordId: norway?.command?.['contributionId'], sourceId: 'news-2025-08-14', sourceType: 'person', speaker: 'Prime Minister Jonas Gahr Støre' });
    const offsets = norway?.evidence?.['offsets'] as { start: number; end: number };
    expect(text.slice(offsets.start, offsets.end)).toBe(norway?.evidence?.['excerpt']);
    const sweden = report.candidates.find((c) => c.donor === 'SWE');
    expect(sweden?.evidence).toMatchObject({ sourceType: 'anonymous' });
    expect(sweden?.evidence).not.toHaveProperty('speaker');
    for (const command of [report.source, ...report.candidates.flatMap((c) => [c.command, c.evidence])]) expect(() => parseCommand(command)).not.toThrow();
  });
});

describe('the level of an accepted candidate', () => {
  it('is what the article supports, never confirmed by the news provenance alone', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const ledger = await Ledger.open(store, { now: () => '2025-08-15T00:00:00.000Z' });
      const parties = ['NOR', 'UKR', 'NLD', 'SWE'].map((party) => ({ id: `p-${party}`, type: 'RegisterParty', partyId: party, name: party, kind: 'state', roles: party === 'UKR' ? ['recipient'] : ['donor'] }));
      const report = proposeCandidates(analyseArticle({ file: 'wire.txt', text, published: '2025-08-14' }));
      const commands = [...parties, report.source, ...report.candidates.flatMap((c) => [c.command, c.evidence])].map((c) => parseCommand(c));
      const results = await ledger.execute(commands);
      expect(results.map((r) => r.status)).toEqual(commands.map(() => 'applied'));
      const index = new ConfirmationIndex(await loadReportData(store));
      // No publisher yet: a news article without one verifies nothing.
      for (const candidate of report.candidates) expect(index.of('contribution', candidate.command?.['contributionId'] as string).level).toBe('unverified');
    } finally {
      await store.close();
    }
  });
});
