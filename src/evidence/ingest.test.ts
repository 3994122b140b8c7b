import { describe, expect, it } from 'vitest';
import { ingestArticles } from './ingest.js';

const wire = `Norway to fund more interceptors for Ukraine

OSLO, March 2 (Wire) — Norway will provide NOK 1.5 billion for air-defence interceptors for Ukraine, Defence Minister Tore O. Sandvik said on Monday.
The money comes on top of earlier packages, according to people familiar with the plans.`;

const retold = `Oslo adds to Ukraine air-defence fund

Ukraine will get NOK 1.2 billion from Norway for air-defence interceptors, Norwegian Defence Minister Tore O. Sandvik announced on Monday, March 2.
The Norwegian parliament still has to approve the spending, a spokesperson for the finance committee said.`;

const other = `Sweden pays for demining in Kharkiv

STOCKHOLM, March 2 — Sweden will provide SEK 300 million for demining in the Kharkiv region, the Swedish foreign ministry said on Monday.`;

describe('ingestArticles', () => {
  const report = ingestArticles([
    { file: 'wire.txt', content: wire, kind: 'text', published: '2026-03-03' },
    { file: 'herald.txt', content: retold, kind: 'text', published: '2026-03-03' },
    { file: 'other.txt', content: other, kind: 'text', published: '2026-03-03' },
  ]);

  it('counts a rewrite once and sets its two sums side by side', () => {
    expect(report.stories.map((group) => group.files)).toEqual([['herald.txt', 'wire.txt'], ['other.txt']]);
    expect(report.independentStories).toBe(2);
    expect(report.contradictions).toEqual([expect.objectContaining({ kind: 'amount', claims: [expect.objectContaining({ file: 'herald.txt' }), expect.objectContaining({ file: 'wire.txt' })] })]);
  });

  it('says which candidate retells a gift another article of the story proposes, and leaves other stories alone', () => {
    const byFile = new Map(report.candidates.map((candidate) => [candidate.file, candidate]));
    // Articles are read in the order given: the wire's proposal (its sentence 2, after the headline) comes first.
    expect(byFile.get('wire.txt')?.warnings).toEqual([]);
    expect(byFile.get('herald.txt')?.warnings).toEqual([expect.stringMatching(/^wire\.txt \[2\], which tells the same story, proposes the same gift with another amount \(1500000000 NOK/)]);
    expect(byFile.get('other.txt')).toMatchObject({ donor: 'SWE', recipient: 'UKR', warnings: [] });
  });

  it('refuses an article named twice and names it', () => {
    expect(() => ingestArticles([{ file: 'a.txt', content: wire, kind: 'text' }, { file: 'a.txt', content: other, kind: 'text' }])).toThrow(/a\.txt is given twice/);
  });
});
