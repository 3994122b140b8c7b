import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { analyseArticle } from './analyse.js';
import type { ArticleAnalysis } from './types.js';

function checkOffsets(analysis: ArticleAnalysis): void {
  for (const s of analysis.sentences) {
    expect(analysis.text.slice(s.start, s.end)).toBe(s.text);
    for (const span of [...s.entities.map((e) => e.span), ...s.amounts.map((a) => a.span), ...s.dates.map((d) => d.span)]) {
      expect(analysis.text.slice(span.start, span.end)).toBe(span.text);
      expect(span.start).toBeGreaterThanOrEqual(s.start);
      expect(span.end).toBeLessThanOrEqual(s.end);
    }
    if (s.attribution) expect(analysis.text.slice(s.attribution.source.start, s.attribution.source.end)).toBe(s.attribution.source.text);
    expect(s.attributed).toBe(s.attribution !== undefined);
  }
}

describe('analyseArticle', () => {
  it('puts sentences, attribution, claims, entities, amounts and dates together, with offsets into the article', () => {
    const text = 'Aid update\n\nThe Netherlands will send €500 million in air defence to Ukraine, Defence Minister Ruben Brekelmans said on Tuesday.\nThe weather was mild.';
    const analysis = analyseArticle({ file: 'a.txt', text, published: '2025-07-17' });
    checkOffsets(analysis);
    expect(analysis).toMatchObject({ file: 'a.txt', published: '2025-07-17', text });
    const [heading, main, weather] = analysis.sentences;
    expect(heading).toMatchObject({ text: 'Aid update', attributed: false, claims: [] });
    expect(main).toMatchObject({ attributed: true, attribution: { type: 'person', role: 'Defence Minister', cue: { text: 'said' } } });
    expect(main!.claims).toEqual(expect.arrayContaining(['commitment', 'amount']));
    expect(main!.amounts).toMatchObject([{ kind: 'money', value: '500000000', currency: 'EUR' }]);
    expect(main!.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['NLD', 'UKR']));
    expect(main!.dates.map((d) => d.date)).toContain('2025-07-15');
    expect(weather).toMatchObject({ attributed: false, claims: [] });
  });

  it('refuses a bad date or a missing label, naming the field', () => {
    expect(() => analyseArticle({ file: 'b.txt', text: 'x', published: '2025-02-30' })).toThrow(DomainError);
    expect(() => analyseArticle({ file: 'b.txt', text: 'x', published: '17 July' })).toThrow(/YYYY-MM-DD/);
    expect(() => analyseArticle({ file: '', text: 'x' })).toThrow(/file name/);
  });
});

const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const present = existsSync(seeds);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`skipping the seed-article analysis tests: ${seeds} is absent`);
}

describe.skipIf(!present)('the seed articles', () => {
  const files = present ? readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort() : [];
  const analyses = files.map((file) => analyseArticle({ file, text: readFileSync(join(seeds, file), 'utf8'), published: '2025-07-20' }));
  const sentence = (prefix: string, start: string) => {
    const a = analyses.find((x) => x.file.startsWith(prefix));
    const s = a?.sentences.find((x) => x.text.startsWith(start));
    if (!s) throw new Error(`no sentence starting ${start} in ${prefix}`);
    return s;
  };

  it('every offset of every seed article points at its text', () => {
    expect(analyses).toHaveLength(5);
    for (const a of analyses) checkOffsets(a);
  });

  it('000: the first sentence spans the line break, rests on anonymous sources and claims an event', () => {
    const first = analyses[0]!.sentences[0]!;
    expect(first.text).toContain('U.S.\nPresident Donald Trump');
    expect(first.attribution).toMatchObject({ type: 'anonymous', source: { text: 'sources close to the administration' } });
    expect(first.claims).toContain('event');
    expect(first.dates.length).toBeGreaterThan(0);
  });

  it('000: "According to Rutte, …" is a person with the cue "According to", and claims a delivery', () => {
    const s = sentence('000_', 'According to Rutte');
    expect(s.attribution).toMatchObject({ type: 'person', source: { text: 'Rutte' }, cue: { text: 'According to' } });
    expect(s.claims).toContain('delivery');
  });

  it('002: the classified report is a document, and its 12% an amount', () => {
    const s = sentence('002_', 'A classified report');
    expect(s.attribution?.type).toBe('document');
    expect(s.claims).toContain('amount');
  });

  it('background sentences get no claims', () => {
    for (const [prefix, start] of [
      ['000_', 'Behind the scenes, however, the administration'],
      ['001_', 'For NATO, it signals'],
      ['002_', 'As the debate intensifies, one thing is clear'],
      ['004_', 'As the world watches and waits'],
    ] as const) {
      expect(sentence(prefix, start).claims, start).toEqual([]);
    }
  });
});

describe('continued quotations', () => {
  it('carry the speaker to the quoted sentences after the cue, and say where it was found', () => {
    const text = '“The fund is empty,” Rutte said. “We will pay our share.” “Nobody should doubt it.” The ministers then left.';
    const [first, second, third, fourth] = analyseArticle({ file: 'quote.txt', text }).sentences;
    expect(first?.attribution?.source.text).toBe('Rutte');
    expect(first?.attribution?.carriedFrom).toBeUndefined();
    expect(second?.attribution).toMatchObject({ type: 'person', carriedFrom: 0 });
    expect(third?.attribution).toMatchObject({ type: 'person', carriedFrom: 0 });
    expect(fourth?.attributed).toBe(false);
  });
});
