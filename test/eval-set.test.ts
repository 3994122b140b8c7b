import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceTypes } from '../src/evidence/types.js';
import {
  binaryPRF,
  boundaryPRF,
  classReport,
  normaliseDecimal,
  normaliseKey,
  overlaps,
  prf,
  relationPRF,
  sameAmount,
  sameEntity,
  sameSpanText,
  sameStoryPRF,
  setPRF,
} from '../eval/evidence/metrics.js';
import { pairRelation } from '../eval/evidence/run.js';
import { loadSet, parseArticle, parseSentence, SetFormatError } from '../eval/evidence/set.js';

const dir = resolve('eval/evidence');

describe('the evidence evaluation set', () => {
  const set = loadSet(dir);

  it('has at least 300 sentences with unique ids, every line a well-formed label', () => {
    expect(set.sentences.length).toBeGreaterThanOrEqual(300);
    const lines = readFileSync(join(dir, 'sentences.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBe(set.sentences.length);
    expect(new Set(set.sentences.map((s) => s.id)).size).toBe(set.sentences.length);
    expect(new Set(set.sentences.map((s) => s.text)).size).toBe(set.sentences.length);
  });

  it('keeps source and cue as substrings of the text, and the source type consistent with attributed', () => {
    for (const s of set.sentences) {
      if (s.attributed) {
        expect(s.sourceType, s.id).not.toBe('none');
        expect(s.text.includes(s.source!), `${s.id} source`).toBe(true);
        expect(s.text.includes(s.cue!), `${s.id} cue`).toBe(true);
      } else {
        expect(s.sourceType, s.id).toBe('none');
        expect(s.source, s.id).toBeNull();
        expect(s.cue, s.id).toBeNull();
      }
    }
  });

  it('has every source type, anonymous at least 10% of the sentences, and countries as ISO alpha-3', () => {
    for (const t of sourceTypes) expect(set.sentences.filter((s) => s.sourceType === t).length, t).toBeGreaterThan(10);
    expect(set.sentences.filter((s) => s.sourceType === 'anonymous').length / set.sentences.length).toBeGreaterThanOrEqual(0.1);
    for (const s of set.sentences) for (const e of s.entities) if (e.kind === 'country') expect(e.id, s.id).toMatch(/^[A-Z]{3}$/);
    for (const s of set.sentences) for (const a of s.amounts) expect(a.value, s.id).toMatch(/^\d+(\.\d+)?$/);
  });

  it('has at least 30 pairs over existing article files, each relation at least 10 times', () => {
    expect(set.pairs.length).toBeGreaterThanOrEqual(30);
    for (const r of ['copy', 'rewrite', 'unrelated'] as const) expect(set.pairs.filter((p) => p.relation === r).length, r).toBeGreaterThanOrEqual(10);
    for (const p of set.pairs) {
      expect(existsSync(join(dir, 'articles', p.a)), p.a).toBe(true);
      expect(existsSync(join(dir, 'articles', p.b)), p.b).toBe(true);
    }
    const keys = set.pairs.map((p) => [p.a, p.b].sort().join('|'));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has articles of 150–600 words with a headline and a publication date', () => {
    for (const [file, a] of set.articles) {
      const words = a.text.split(/\s+/).filter(Boolean).length;
      expect(words, file).toBeGreaterThanOrEqual(150);
      expect(words, file).toBeLessThanOrEqual(600);
      expect(a.published, file).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.text.includes('Published:'), file).toBe(false);
    }
  });

  it('finds each joined story’s second part once, after the first part', () => {
    expect(set.joined.length).toBeGreaterThanOrEqual(3);
    for (const j of set.joined) {
      const text = set.articles.get(j.file)!.text;
      j.offsets.forEach((o, i) => {
        expect(o, j.file).toBeGreaterThan(200);
        expect(text.slice(o).startsWith(j.starts[i]!), j.file).toBe(true);
      });
    }
  });
});

describe('checking the set format', () => {
  const good = {
    id: 's1',
    text: 'Mark Rutte said allies would pay €1.2bn.',
    published: '2025-07-20',
    attributed: true,
    source: 'Mark Rutte',
    cue: 'said',
    sourceType: 'person',
    entities: [{ kind: 'person', id: 'mark-rutte' }],
    amounts: [{ kind: 'money', value: '1200000000', currency: 'EUR' }],
    origin: 'written',
  };

  it('accepts a well-formed sentence', () => {
    expect(parseSentence(good, 'x.jsonl', 3).source).toBe('Mark Rutte');
  });

  it.each([
    [{ source: 'Rutte told' }, 'not a substring'],
    [{ cue: 'told' }, 'not a substring'],
    [{ sourceType: 'none' }, 'cannot have sourceType "none"'],
    [{ attributed: false }, 'must have sourceType "none"'],
    [{ sourceType: 'official' }, 'sourceType'],
    [{ published: '2025-02-30' }, 'published'],
    [{ entities: [{ kind: 'country', id: 'US' }] }, 'ISO alpha-3'],
    [{ amounts: [{ kind: 'money', value: '1.2e9', currency: 'EUR' }] }, 'decimal string'],
    [{ amounts: [{ kind: 'money', value: '5' }] }, 'currency'],
    [{ origin: 'somewhere' }, 'origin'],
    [{ colour: 'red' }, 'unknown field'],
  ])('rejects %j, naming file and line', (change, message) => {
    let error: unknown;
    try {
      parseSentence({ ...good, ...change }, 'x.jsonl', 7);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SetFormatError);
    expect((error as Error).message).toContain('x.jsonl:7');
    expect((error as Error).message).toContain(message);
  });

  it('reads an article: headline kept, date line taken out', () => {
    const a = parseArticle('a.txt', 'Headline\nPublished: 2025-08-05\n\nBody text.\n', 'articles/a.txt');
    expect(a.published).toBe('2025-08-05');
    expect(a.text.startsWith('Headline\n')).toBe(true);
    expect(a.text).not.toContain('Published');
    expect(() => parseArticle('a.txt', 'Headline\n2025-08-05\n\nBody', 'articles/a.txt')).toThrow(/articles\/a.txt:2/);
  });

  it('makes the harness exit 2 on a malformed set, naming the file and line', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'evalset-'));
    try {
      mkdirSync(join(tmp, 'articles'));
      writeFileSync(join(tmp, 'sentences.jsonl'), `${JSON.stringify(good)}\n{"id": "s2", "text": \n`);
      writeFileSync(join(tmp, 'pairs.jsonl'), '');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'eval/evidence/run.ts', '--set', tmp], { encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${join(tmp, 'sentences.jsonl')}:2`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the metric functions on hand-computed examples', () => {
  it('precision, recall and F1', () => {
    const r = prf(2, 1, 1);
    expect(r.precision).toBeCloseTo(2 / 3, 10);
    expect(r.recall).toBeCloseTo(2 / 3, 10);
    expect(r.f1).toBeCloseTo(2 / 3, 10);
    const s = prf(3, 1, 2); // P 0.75, R 0.6, F1 = 2·0.45/1.35 = 0.6667
    expect(s.f1).toBeCloseTo(2 / 3, 10);
    expect(prf(0, 0, 3).precision).toBeNull();
    expect(prf(0, 0, 3).recall).toBe(0);
    expect(prf(0, 2, 0).recall).toBeNull();
  });

  it('binary detection', () => {
    // tp: items 0, 3; fp: item 1; fn: item 2; item 4 is a true negative
    const r = binaryPRF([true, false, true, true, false], [true, true, false, true, false]);
    expect([r.tp, r.fp, r.fn]).toEqual([2, 1, 1]);
    expect(r.f1).toBeCloseTo(2 / 3, 10);
  });

  it('per-class and macro-F1 over the classes present', () => {
    const r = classReport(['person', 'person', 'anonymous', 'none'], ['person', 'anonymous', 'anonymous', 'none']);
    expect(r.perClass.person.precision).toBe(1);
    expect(r.perClass.person.recall).toBe(0.5);
    expect(r.perClass.anonymous.precision).toBe(0.5);
    expect(r.perClass.anonymous.recall).toBe(1);
    expect(r.perClass.none.f1).toBe(1);
    // person 2/3, anonymous 2/3, none 1; organisation, document and pronoun appear nowhere and are left out
    expect(r.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 10);
    expect(r.accuracy).toBe(0.75);
    expect(r.confusion.person.anonymous).toBe(1);
    // a class predicted but never in the gold counts with F1 0
    const s = classReport(['none', 'none'], ['none', 'pronoun']);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0) / 2, 10);
  });

  it('entities: kind plus normalised id, surnames and aliases', () => {
    expect(normaliseKey('Moody’s')).toBe('moodys');
    expect(sameEntity({ kind: 'country', id: 'USA' }, { kind: 'country', id: 'usa' })).toBe(true);
    expect(sameEntity({ kind: 'country', id: 'USA' }, { kind: 'organisation', id: 'USA' })).toBe(false);
    expect(sameEntity({ kind: 'person', id: 'mark-rutte' }, { kind: 'person', id: 'x', name: 'Mark Rutte' })).toBe(true);
    expect(sameEntity({ kind: 'person', id: 'mark-rutte' }, { kind: 'person', id: 'rutte' })).toBe(true);
    expect(sameEntity({ kind: 'person', id: 'ursula-von-der-leyen' }, { kind: 'person', id: 'von-der-leyen' })).toBe(true);
    expect(sameEntity({ kind: 'person', id: 'mark-rutte' }, { kind: 'person', id: 'mark' })).toBe(false);
    expect(sameEntity({ kind: 'organisation', id: 'pentagon' }, { kind: 'organisation', id: 'PENTAGON' })).toBe(true);
    expect(sameEntity({ kind: 'organisation', id: 'pentagon' }, { kind: 'organisation', id: 'department-of-defense' })).toBe(false);
    expect(sameEntity({ kind: 'organisation', id: 'pentagon' }, { kind: 'organisation', id: 'department-of-defense' }, { pentagon: ['Department of Defense'] })).toBe(true);
    const r = setPRF(
      [[{ kind: 'country', id: 'USA' }, { kind: 'person', id: 'mark-rutte' }], [{ kind: 'organisation', id: 'NATO' }]],
      [[{ kind: 'country', id: 'USA' }, { kind: 'person', id: 'rutte' }, { kind: 'organisation', id: 'NATO' }], []],
      (g, p) => sameEntity(g, p),
    );
    expect([r.tp, r.fp, r.fn]).toEqual([2, 1, 1]);
  });

  it('a prediction matches one gold item at most', () => {
    const r = setPRF([[{ kind: 'country', id: 'UKR' }]], [[{ kind: 'country', id: 'UKR' }, { kind: 'country', id: 'UKR' }]], (g, p) => sameEntity(g, p));
    expect([r.tp, r.fp, r.fn]).toEqual([1, 1, 0]);
  });

  it('amounts: kind, exact value, currency', () => {
    expect(normaliseDecimal('0005.50')).toBe('5.5');
    expect(normaliseDecimal('1200000000.0')).toBe('1200000000');
    expect(sameAmount({ kind: 'percent', value: '5' }, { kind: 'percent', value: '5.0' })).toBe(true);
    expect(sameAmount({ kind: 'money', value: '500000000', currency: 'USD' }, { kind: 'money', value: '500000000', currency: 'usd' })).toBe(true);
    expect(sameAmount({ kind: 'money', value: '500000000', currency: 'USD' }, { kind: 'money', value: '500000000', currency: 'EUR' })).toBe(false);
    expect(sameAmount({ kind: 'money', value: '500000000', currency: 'USD' }, { kind: 'money', value: '50000000', currency: 'USD' })).toBe(false);
    expect(sameAmount({ kind: 'money', value: '5', currency: 'USD' }, { kind: 'percent', value: '5' })).toBe(false);
  });

  it('spans: exact text and overlap', () => {
    expect(sameSpanText('people familiar with the matter', ' People familiar with the matter,')).toBe(true);
    expect(sameSpanText('Mark Rutte', 'NATO Secretary-General Mark Rutte')).toBe(false);
    expect(overlaps({ start: 0, end: 10 }, { start: 9, end: 12 })).toBe(true);
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 12 })).toBe(false);
  });

  it('pairs: copy and rewrite precision and recall over all pairs', () => {
    const gold = ['copy', 'copy', 'rewrite', 'rewrite', 'unrelated', 'unrelated'] as const;
    const pred = ['copy', 'rewrite', 'rewrite', 'none', 'none', 'copy'] as const;
    const copy = relationPRF(gold, pred, 'copy'); // tp 1 (pair 0), fp 1 (pair 5), fn 1 (pair 1)
    expect([copy.tp, copy.fp, copy.fn]).toEqual([1, 1, 1]);
    const rewrite = relationPRF(gold, pred, 'rewrite'); // tp 1 (pair 2), fp 1 (pair 1), fn 1 (pair 3)
    expect([rewrite.tp, rewrite.fp, rewrite.fn]).toEqual([1, 1, 1]);
    const same = sameStoryPRF(gold, pred); // tp pairs 0, 1, 2; fn pair 3; fp pair 5
    expect([same.tp, same.fp, same.fn]).toEqual([3, 1, 1]);
  });

  it('pairs: the relation read from story groups', () => {
    const groups = [
      { files: ['a.txt', 'b.txt', 'c.txt'], pairs: [{ a: 'a.txt', b: 'b.txt', relation: 'copy' as const, textSimilarity: '0.900', claimSimilarity: '1.000' }] },
      { files: ['d.txt'], pairs: [] },
    ];
    expect(pairRelation(groups, 'b.txt', 'a.txt')).toBe('copy');
    expect(pairRelation(groups, 'a.txt', 'c.txt')).toBe('rewrite');
    expect(pairRelation(groups, 'a.txt', 'd.txt')).toBe('none');
  });

  it('joined-story boundaries within one sentence', () => {
    const r = boundaryPRF([[12], [], [7]], [[13], [4], []]);
    expect([r.tp, r.fp, r.fn]).toEqual([1, 1, 1]);
    expect(boundaryPRF([[12]], [[14]]).tp).toBe(0);
  });
});
