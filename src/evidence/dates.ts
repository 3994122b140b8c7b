/**
 * Dates in a text, resolved against the article's date with chrono-node. Pure: the reference is
 * the `published` argument at noon UTC, never the clock.
 *
 * - "July 10" and "10 July" both resolve (chrono's English parser reads both orders of month
 *   names; its en.GB parser is used only for all-number dates, "10/07/2025" and "10.07.2025" are
 *   10 July, as most of the world writes them; numbers that cannot be day-first, "7/25/2025",
 *   are read month-first). All-number dates without a year ("24/7", "7/10") are left out.
 * - Resolution: "YYYY-MM-DD" when the day is known (also a weekday, "on Tuesday", and words
 *   like "yesterday", "last week": the day chrono computes from the reference; forward dating
 *   off, so a bare weekday is the nearest one, before or after); "YYYY-MM" for "in March", "next
 *   month"; "YYYY" for "in 2026", "last year", "Q3 2025" (no quarters: the year only).
 * - Years alone ("in 2026", "since 2022", "the 2024 election", "a potential 2026 bid") are found
 *   here, not by chrono: a number 1900–2099 that is not part of an amount or a longer number,
 *   and, unless a word of time precedes it (in, since, by, from, of, the, early, late, Q1, FY…),
 *   is not followed by a plural or a unit ("2000 troops") nor follows "No.", "model", "Patriot".
 * - Left out: times of day alone ("at 10am", "2 to 3"), "now", bare month names that do not
 *   follow a word of time ("March on Kyiv", "May said"), and, without `published`, every date
 *   that depends on the reference (relative dates, and day-and-month without a year): no
 *   guessing "today".
 * Spans drop a leading "on", "at", "in" or "since".
 */
import * as chrono from 'chrono-node';
import { DomainError } from '../domain/errors.js';
import type { DateMention } from './types.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

type Parsed = chrono.ParsedResult;

function resolve(result: Parsed): string | undefined {
  const c = result.start;
  const known = (component: Parameters<typeof c.isCertain>[0]) => c.isCertain(component);
  const tags = [...result.tags()];
  if (tags.some((t) => t === 'casualReference/now')) return undefined;
  const day = known('day') || known('weekday');
  if (known('hour') && !day && !known('month') && !known('year')) return undefined;
  const d = c.date();
  const ymd = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (day) return ymd;
  if (known('month')) return ymd.slice(0, 7);
  if (known('year')) return ymd.slice(0, 4);
  if (tags.some((t) => t.startsWith('casualReference/') && !/midnight|noon/.test(t))) return ymd; // "this morning"
  return undefined;
}

const reference = (date: string) => ({ instant: new Date(`${date}T12:00:00Z`), timezone: 0 });
const numeric = /^\d{1,2}[/.]\d{1,2}(?:[/.](\d{2}|\d{4}))?$/;
const monthOnly = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/i;
const timeWordBefore = /(?:\b(?:in|since|by|until|till|from|through|to|before|after|during|of|early|late|mid|the|a|an|for|between|and|end|start|beginning|spring|summer|autumn|fall|winter|year|fiscal|FY|last|next|this|each|every|until|around|about|since|on|as of|from|throughout|within|Q[1-4]|H[12])[\s-]+|mid-)$/i;

function parseWith(parser: chrono.Chrono, text: string, ref: string): Parsed[] {
  return parser.parse(text, reference(ref), { forwardDate: false });
}

interface Found {
  start: number;
  end: number;
  date: string;
}

function chronoDates(text: string, published: string | undefined): Found[] {
  const ref = published ?? '2001-03-15';
  const us = parseWith(chrono.en.casual, text, ref);
  const gb = parseWith(chrono.en.GB, text, ref);
  // Without the article's date, a result that moves with the reference depends on it: leave it out.
  const other = published === undefined ? parseWith(chrono.en.casual, text, '2013-10-02') : undefined;
  const out: Found[] = [];
  for (const result of us) {
    let chosen = result;
    const raw = result.text;
    const nm = numeric.exec(raw);
    if (nm) {
      if (nm[1] === undefined) continue; // "24/7", "7/10": no year, not a date we trust
      chosen = gb.find((g) => g.index === result.index && g.text === raw) ?? result;
    }
    const date = resolve(chosen);
    if (date === undefined) continue;
    let start = result.index;
    let span = raw;
    const lead = /^(?:on|at|in|since)\s+/i.exec(span);
    if (lead) {
      start += lead[0].length;
      span = span.slice(lead[0].length);
    }
    if (monthOnly.test(span.trim()) && !timeWordBefore.test(text.slice(Math.max(0, start - 16), start))) continue;
    if (other) {
      const again = other.find((o) => o.index === result.index && o.text === raw);
      const otherDate = again && resolve(nm ? (parseWith(chrono.en.GB, text, '2013-10-02').find((g) => g.index === result.index) ?? again) : again);
      if (otherDate !== date) continue;
    }
    out.push({ start, end: start + span.length, date });
  }
  return out;
}

const year = /(?<![\p{L}\p{N}$€£¥₴.,:/\-–])(?:19|20)\d\d(?![\p{L}\p{N}%]|[.,]\d|\s?(?:bn|billion|million|mn|m|k)\b|\s*(?:%|per\s?cent))/gu;

const countNouns = new Set(['people', 'men', 'women', 'children', 'staff', 'personnel', 'km', 'kg', 'mm', 'tonnes', 'tons', 'feet', 'metres', 'meters', 'miles']);

function yearDates(text: string, taken: readonly Found[]): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(year)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some((t) => start < t.end && t.start < end)) continue;
    const before = text.slice(Math.max(0, start - 16), start);
    if (!timeWordBefore.test(before)) {
      // Without a word of time before it, a year followed by a plural or a unit is more likely a count ("2000 troops").
      const next = /^\s+([\p{L}]+)/u.exec(text.slice(end, end + 24))?.[1] ?? '';
      if (/^\p{Ll}/u.test(next) && (/[^s]s$/.test(next) || countNouns.has(next))) continue;
      if (/(?:No\.?|#|Article|model|version|Patriot|type)\s*$/i.test(before)) continue;
    }
    out.push({ start, end, date: m[0] });
  }
  return out;
}

/**
 * Dates in `text`, sorted, spans relative to `text`. `published` (YYYY-MM-DD) is the article's
 * date, the reference for "last week" and for day-and-month without a year; without it those
 * are left out. A `published` that is not a real YYYY-MM-DD date is a DomainError (VALIDATION_FAILED).
 */
export function findDates(text: string, published?: string): DateMention[] {
  if (published !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(published) && !Number.isNaN(Date.parse(`${published}T12:00:00Z`)) && new Date(`${published}T12:00:00Z`).toISOString().startsWith(published))) {
    throw new DomainError('VALIDATION_FAILED', `published must be a date YYYY-MM-DD, got "${published}"`, 'published');
  }
  const fromChrono = chronoDates(text, published);
  const all = [...fromChrono, ...yearDates(text, fromChrono)].sort((a, b) => a.start - b.start);
  const kept: Found[] = [];
  for (const f of all) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.map((f) => ({ span: { start: f.start, end: f.end, text: text.slice(f.start, f.end) }, date: f.date }));
}
