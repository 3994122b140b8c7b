/**
 * The measures of the evidence evaluation, as pure functions over gold labels and predictions, so
 * they can be checked on small hand-computed examples.
 */
import { sourceTypes, type SourceType } from '../../src/evidence/types.js';

export interface PRF {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  /** null when undefined (nothing predicted / nothing to find). */
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

export function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Binary detection: gold[i] and pred[i] say whether item i is positive. */
export function binaryPRF(gold: readonly boolean[], pred: readonly boolean[]): PRF {
  if (gold.length !== pred.length) throw new Error('binaryPRF: gold and pred differ in length');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const p = pred[i]!;
    if (g && p) tp++;
    else if (!g && p) fp++;
    else if (g && !p) fn++;
  });
  return prf(tp, fp, fn);
}

export interface ClassReport {
  readonly perClass: Readonly<Record<SourceType, PRF>>;
  /** Mean F1 over the six classes; a class with undefined F1 counts as 0 unless it has neither gold nor predicted items, then it is left out. */
  readonly macroF1: number | null;
  readonly accuracy: number | null;
  /** confusion[gold][pred] */
  readonly confusion: Readonly<Record<SourceType, Readonly<Record<SourceType, number>>>>;
}

export function classReport(gold: readonly SourceType[], pred: readonly SourceType[]): ClassReport {
  if (gold.length !== pred.length) throw new Error('classReport: gold and pred differ in length');
  const confusion = Object.fromEntries(sourceTypes.map((g) => [g, Object.fromEntries(sourceTypes.map((p) => [p, 0]))])) as Record<
    SourceType,
    Record<SourceType, number>
  >;
  gold.forEach((g, i) => confusion[g][pred[i]!]++);
  const perClass = {} as Record<SourceType, PRF>;
  const f1s: number[] = [];
  for (const c of sourceTypes) {
    const tp = confusion[c][c];
    const fn = sourceTypes.reduce((s, p) => s + (p === c ? 0 : confusion[c][p]), 0);
    const fp = sourceTypes.reduce((s, g) => s + (g === c ? 0 : confusion[g][c]), 0);
    const r = prf(tp, fp, fn);
    perClass[c] = r;
    if (tp + fp + fn > 0) f1s.push(r.f1 ?? 0);
  }
  const correct = gold.filter((g, i) => g === pred[i]).length;
  return {
    perClass,
    macroF1: f1s.length === 0 ? null : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    accuracy: gold.length === 0 ? null : correct / gold.length,
    confusion,
  };
}

/** Micro P/R/F1 over multisets of keys per item: gold[i] and pred[i] are the keys found in item i; `same` decides a match. */
export function setPRF<G, P>(gold: readonly (readonly G[])[], pred: readonly (readonly P[])[], same: (g: G, p: P) => boolean): PRF {
  if (gold.length !== pred.length) throw new Error('setPRF: gold and pred differ in length');
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((gs, i) => {
    const ps = [...pred[i]!];
    const used = new Array<boolean>(ps.length).fill(false);
    for (const g of gs) {
      const j = ps.findIndex((p, k) => !used[k] && same(g, p));
      if (j >= 0) {
        used[j] = true;
        tp++;
      } else fn++;
    }
    fp += used.filter((u) => !u).length;
  });
  return prf(tp, fp, fn);
}

/** Lower case, accents off, only letters and digits: "Mark Rutte" → "markrutte", "U.S." → "us". */
export function normaliseKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface EntityLike {
  readonly kind: string;
  readonly id: string;
  readonly name?: string;
}

/**
 * Whether a predicted entity is the gold one. Same kind, and:
 * - country: the same ISO alpha-3 code (upper-cased);
 * - organisation: the normalised id or name equals the gold id normalised, or one of the gold id's
 *   aliases (`aliases`, e.g. EU ← european-union, PENTAGON ← department-of-defense);
 * - person: the normalised id or name equals the gold id normalised ("mark-rutte" = "Mark Rutte"),
 *   or equals the gold's last name(s) — the trailing hyphen-separated words of the id — when the
 *   prediction carries only a surname ("rutte" for "mark-rutte"), which in one sentence is the same person.
 */
export function sameEntity(gold: EntityLike, pred: EntityLike, aliases: Readonly<Record<string, readonly string[]>> = {}): boolean {
  if (gold.kind !== pred.kind) return false;
  if (gold.kind === 'country') return gold.id.toUpperCase() === pred.id.toUpperCase();
  const candidates = [pred.id, pred.name ?? ''].map(normaliseKey).filter((k) => k !== '');
  const accepted = new Set([normaliseKey(gold.id), ...(aliases[gold.id] ?? []).map(normaliseKey)]);
  if (gold.kind === 'person') {
    const parts = gold.id.split('-');
    for (let i = 1; i < parts.length; i++) accepted.add(normaliseKey(parts.slice(i).join('')));
  }
  return candidates.some((c) => accepted.has(c));
}

/** "0005.50" → "5.5", "1200000000.0" → "1200000000": the same number written the same way. */
export function normaliseDecimal(v: string): string {
  const m = /^\s*(\d*)(?:\.(\d*))?\s*$/.exec(v);
  if (!m) return v.trim();
  const int = (m[1] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac === '' ? int : `${int}.${frac}`;
}

export interface AmountLike {
  readonly kind: string;
  readonly value: string;
  readonly currency?: string | undefined;
}

/** Same kind, the same exact value, and for money the same currency. */
export function sameAmount(gold: AmountLike, pred: AmountLike): boolean {
  if (gold.kind !== pred.kind) return false;
  if (normaliseDecimal(gold.value) !== normaliseDecimal(pred.value)) return false;
  if (gold.kind === 'money') return (gold.currency ?? '').toUpperCase() === (pred.currency ?? '').toUpperCase();
  return true;
}

/** Half-open character ranges overlap. */
export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Exact span text, ignoring case, surrounding spaces and punctuation at the edges. */
export function sameSpanText(gold: string, pred: string): boolean {
  const clean = (s: string) => s.trim().replace(/^[\s"'“”‘’,.:;]+|[\s"'“”‘’,.:;]+$/g, '').toLowerCase();
  return clean(gold) === clean(pred);
}

export type PairPrediction = 'copy' | 'rewrite' | 'none';

/** P/R for one relation over the gold pairs: a pair counts as predicted `relation` when the prediction says so. */
export function relationPRF(gold: readonly ('copy' | 'rewrite' | 'unrelated')[], pred: readonly PairPrediction[], relation: 'copy' | 'rewrite'): PRF {
  return binaryPRF(
    gold.map((g) => g === relation),
    pred.map((p) => p === relation),
  );
}

/** Same story at all (copy or rewrite), whatever the relation named. */
export function sameStoryPRF(gold: readonly ('copy' | 'rewrite' | 'unrelated')[], pred: readonly PairPrediction[]): PRF {
  return binaryPRF(
    gold.map((g) => g !== 'unrelated'),
    pred.map((p) => p !== 'none'),
  );
}

/**
 * Joined-story boundaries: a predicted boundary (sentence index) matches a gold one when it is the
 * sentence where the gold offset falls, or one sentence either side of it.
 */
export function boundaryPRF(gold: readonly (readonly number[])[], pred: readonly (readonly number[])[], tolerance = 1): PRF {
  return setPRF(gold, pred, (g: number, p: number) => Math.abs(g - p) <= tolerance);
}
