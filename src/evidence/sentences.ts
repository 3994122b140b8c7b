/**
 * Sentence splitting with exact offsets: `text.slice(s.start, s.end) === s.text`, trimmed of
 * surrounding whitespace (and of a leading list bullet).
 *
 * Rules, in order:
 * - a blank line always ends a sentence;
 * - `?`, `!`, `…` and `...` (with any closing quotes or brackets after them) end a sentence
 *   when the next word starts with a capital letter, a digit or an opening quote;
 * - a full stop ends a sentence unless the word before it is an abbreviation or an initial
 *   that goes on: titles ("Mr.", "Gen.", "Lt. Col.", "St.") and initials ("J. D. Vance")
 *   go on unless a sentence-starter word follows ("The", "It", "But", …); "No.", "Art." and
 *   month abbreviations go on before a number, and like titles otherwise; "e.g.", "i.e.", "approx.", "vs." always go on;
 *   abbreviations that can end a sentence ("U.S.", "E.U.", "Inc.", "Ltd.", "a.m.", "etc.")
 *   go on before a lowercase word, a number, or a capitalised word that commonly follows
 *   them ("U.S. President", "U.S.\nCongress", "U.K. Prime Minister"), and end the sentence
 *   before any other capitalised word ("…in the U.S. The next day…");
 * - a full stop followed by a lowercase word never ends a sentence (decimals "1.5" and "$2.3bn"
 *   have no space after the stop and never end one);
 * - a line break inside a paragraph ends a sentence only when the line has no final
 *   punctuation and looks like a heading (short, capitalised, not ending in a comma or a
 *   function word) or a list item, or the next line is a list item; otherwise the sentence
 *   goes on across the line break.
 */

import type { Sentence } from './types.js';

const terminators = '.!?\u2026';
const closers = '"\'\u2019\u201D\u00BB\u203A)]';
const openers = '"\'\u2018\u201C\u00AB\u2039([';
const bullet = /^(?:[-*\u2022\u2013\u2014\u25CF\u25AA]|\d{1,2}[.)])\s+/;

/** Titles and other abbreviations that precede a name and never end a sentence on their own. */
const titles = new Set(
  [
    'mr', 'mrs', 'ms', 'messrs', 'mme', 'mlle', 'dr', 'prof', 'rev', 'fr', 'hon', 'gen', 'lt', 'col', 'maj', 'capt', 'cpt', 'sgt',
    'cpl', 'pvt', 'adm', 'cmdr', 'cdr', 'brig', 'gov', 'sen', 'rep', 'pres', 'amb', 'sec', 'supt', 'det', 'insp', 'st', 'mt',
    'ft', 'gens', 'sens', 'reps', 'lieut', 'cmdt', 'msgr', 'sr', 'jr',
  ],
);
/** Abbreviations that always go on (what follows is an example, a number or a name). */
const inner = new Set(['e.g', 'i.e', 'eg', 'ie', 'approx', 'vs', 'v', 'cf', 'incl', 'esp', 'viz', 'ca', 'c', 'resp', 'et al', 'nr']);
/** Abbreviations that go on before a number. */
const beforeNumber = new Set([
  'no', 'nos', 'art', 'arts', 'p', 'pp', 'vol', 'vols', 'fig', 'figs', 'para', 'paras', 'sec', 'ch', 'chap', 'op', 'ed', 'est',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
/** Abbreviations that may end a sentence. */
const ending = new Set([
  'inc', 'ltd', 'co', 'corp', 'bros', 'plc', 'llc', 'etc', 'approx', 'dept', 'govt', 'min', 'max', 'mln', 'bn', 'tr', 'yr', 'yrs',
  'mo', 'mos', 'wk', 'wks', 'hr', 'hrs', 'km', 'sq', 'ave', 'blvd', 'rd', 'univ', 'assn', 'intl', 'natl',
]);

/** Capitalised words that commonly continue a sentence after "U.S.", "U.K.", "E.U.", "Inc." and the like. */
const continuations = new Set([
  'President', 'Vice', 'Secretary', 'Congress', 'Congressional', 'Senate', 'Senator', 'Sen.', 'Rep.', 'House', 'Army', 'Navy',
  'Air', 'Marine', 'Marines', 'Coast', 'Space', 'Forces', 'Force', 'Special', 'Department', 'Dept.', 'Ambassador', 'Embassy',
  'Envoy', 'Treasury', 'State', 'Defense', 'Defence', 'Government', 'Administration', 'Representative', 'Attorney', 'Supreme',
  'Court', 'Federal', 'Central', 'Command', 'Trade', 'Census', 'Capitol', 'Justice', 'Commerce', 'Agency', 'Mission', 'Permanent',
  'Prime', 'Foreign', 'Home', 'Minister', 'Ministry', 'Parliament', 'Commission', 'Commissioner', 'Council', 'Chancellor',
  'Member', 'Members', 'Security', 'National', 'Intelligence', 'Military', 'Navy', 'Olympic', 'Open', 'Dollar', 'Treasuries',
  'Constitution', 'Embassy', 'Consulate', 'Consul', 'Chamber', 'Office', 'Institute', 'Bureau', 'Ministers', 'Leaders',
  'Delegation', 'Delegate', 'Envoys', 'Sanctions', 'Customs', 'Border', 'Patriot', 'HIMARS', 'Abrams', 'Bradley', 'Stinger',
  'Javelin', 'Aid', 'Assistance', 'Export', 'Import', 'Budget', 'Cabinet', 'Chief', 'General', 'Gen.', 'Lt.', 'Adm.', 'Col.',
  'Maj.', 'Capt.', 'Sgt.', 'Admiral', 'Colonel', 'Major', 'Captain', 'Lieutenant', 'Commander', 'Director', 'Chairman', 'Chair',
  'Speaker', 'Majority', 'Minority', 'Deputy', 'Assistant', 'Under', 'Undersecretary', 'Inspector', 'Director-General',
  'High', 'Representative', 'Court', 'District', 'Circuit', 'Southern', 'Northern', 'Eastern', 'Western', 'European', 'NATO',
  'Ukraine', 'Ukrainian', 'Russia', 'Russian', 'China', 'Chinese', 'Government', 'Governor', 'Mayor', 'Labour', 'Conservative',
  'Democrats', 'Republicans', 'Democratic', 'Republican', 'Party', 'Election', 'Elections', 'Central', 'Bank', 'Reserve', 'Fed',
]);

/** Words that usually start a sentence: after an abbreviation that may end one, they end it. */
const starters = new Set([
  'The', 'A', 'An', 'It', 'Its', 'He', 'She', 'They', 'We', 'I', 'You', 'This', 'That', 'These', 'Those', 'There', 'Here', 'His', 'Her',
  'Their', 'Our', 'My', 'Your', 'But', 'And', 'Or', 'So', 'Yet', 'However', 'Meanwhile', 'Moreover', 'Furthermore', 'Nevertheless',
  'Still', 'Also', 'In', 'On', 'At', 'As', 'After', 'Before', 'When', 'While', 'If', 'Although', 'Though', 'Since', 'Because', 'For',
  'From', 'With', 'Without', 'By', 'To', 'Under', 'During', 'Despite', 'Over', 'Instead', 'Some', 'Many', 'Most', 'Several', 'Such',
  'Both', 'Each', 'Every', 'All', 'Other', 'Another', 'Neither', 'Nor', 'Not', 'Only', 'Even', 'Earlier', 'Later', 'Last', 'Next',
  'Now', 'Then', 'Today', 'Yesterday', 'Tomorrow', 'What', 'Why', 'How', 'Who', 'Where', 'Which', 'Officials', 'Sources', 'According',
  'Asked', 'One', 'Two', 'Three', 'No', 'Nothing', 'None', 'Nobody', 'Few', 'Much', 'More', 'Less', 'Among', 'Amid', 'Until',
  'Once', 'Thus', 'Therefore', 'Indeed', 'Meanwhile', 'Separately', 'Similarly', 'Overall', 'Analysts', 'Critics', 'Experts',
]);

export function splitSentences(text: string): Sentence[] {
  const cuts = new Set<number>();
  const n = text.length;

  // Full stops, question and exclamation marks, ellipses.
  for (let i = 0; i < n; i += 1) {
    if (!terminators.includes(text[i] ?? '')) continue;
    let j = i;
    while (j < n && terminators.includes(text[j] ?? '')) j += 1;
    const run = text.slice(i, j);
    while (j < n && closers.includes(text[j] ?? '')) j += 1;
    const at = i;
    i = j - 1;
    if (j >= n) break;
    const nextChar = text[j] ?? '';
    if (!/\s/.test(nextChar)) {
      // "closely.“The": an opening quote straight after the stop, then a capital.
      if ('\u201C\u2018\u00AB'.includes(nextChar) && /\p{Lu}/u.test(text[j + 1] ?? '') && !isAbbreviationEnd(text, at, run)) cuts.add(j);
      continue;
    }
    let k = j;
    while (k < n && /\s/.test(text[k] ?? '')) k += 1;
    if (k >= n) break;
    const space = text.slice(j, k);
    if (/\n[^\S\n]*\n/.test(space)) {
      cuts.add(j);
      continue;
    }
    if (endsSentence(text, at, run, k)) cuts.add(j);
  }

  // Line breaks inside a paragraph, after lines without final punctuation.
  let lineStart = 0;
  for (let i = 0; i <= n; i += 1) {
    if (i < n && text[i] !== '\n') continue;
    const line = text.slice(lineStart, i);
    const nextStart = i + 1;
    const nextEnd = text.indexOf('\n', nextStart);
    const next = i < n ? text.slice(nextStart, nextEnd === -1 ? n : nextEnd) : '';
    if (line.trim() === '' || next.trim() === '') cuts.add(i);
    else if (!/[.!?\u2026]["'\u2019\u201D\u00BB)\]]*\s*$/.test(line) && lineEnds(line, next)) cuts.add(i);
    lineStart = i + 1;
  }

  const sentences: Sentence[] = [];
  const ordered = [...cuts].sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...ordered, n]) {
    if (cut < from) continue;
    pushSentence(text, from, cut, sentences);
    from = cut;
  }
  return sentences;
}

function pushSentence(text: string, from: number, to: number, out: Sentence[]): void {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  const marker = bullet.exec(text.slice(start, end));
  if (marker && end - start > marker[0].length) start += marker[0].length;
  if (start >= end) return;
  // A lone run of punctuation (a stray quote or dash) joins the sentence before it.
  if (!/[\p{L}\p{N}]/u.test(text.slice(start, end))) {
    const previous = out.pop();
    if (previous) out.push({ index: previous.index, start: previous.start, end, text: text.slice(previous.start, end) });
    return;
  }
  out.push({ index: out.length, start, end, text: text.slice(start, end) });
}

/** The word that ends at `at` (the position of the full stop), without the stop. */
function wordBefore(text: string, at: number): string {
  let s = at;
  while (s > 0 && !/[\s"'\u2018\u2019\u201C\u201D(\[\u2014\u2013]/.test(text[s - 1] ?? '')) s -= 1;
  return text.slice(s, at);
}

/** The word that starts at `k`, without opening quotes, and whether quotes preceded it. */
function wordAfter(text: string, k: number): string {
  let s = k;
  while (s < text.length && openers.includes(text[s] ?? '')) s += 1;
  let e = s;
  while (e < text.length && !/[\s,;:!?"\u201C\u201D\u2019)]/.test(text[e] ?? '')) e += 1;
  return text.slice(s, e);
}

type AbbreviationKind = 'title' | 'initial' | 'inner' | 'number' | 'ending' | 'none';

function abbreviationKind(word: string): AbbreviationKind {
  const bare = word.replace(/^[^\p{L}]+/u, '');
  const lower = bare.toLowerCase();
  if (/^\p{Lu}$/u.test(bare)) return 'initial';
  if (inner.has(lower)) return 'inner';
  if (titles.has(lower) && /^\p{Lu}/u.test(bare)) return 'title';
  if (beforeNumber.has(lower)) return 'number';
  if (ending.has(lower)) return 'ending';
  // Dotted abbreviations: "U.S", "E.U", "a.m", "Ph.D", "D.C".
  if (/^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(bare)) return 'ending';
  return 'none';
}

function isAbbreviationEnd(text: string, at: number, run: string): boolean {
  return run === '.' && abbreviationKind(wordBefore(text, at)) !== 'none';
}

function endsSentence(text: string, at: number, run: string, k: number): boolean {
  const next = wordAfter(text, k);
  const first = next[0] ?? text[k] ?? '';
  const quoted = openers.includes(text[k] ?? '');
  if (first === '' ) return quoted;
  const lower = /\p{Ll}/u.test(first);
  const digit = /\p{N}/u.test(first);
  if (run !== '.') {
    // "?", "!", "…", "...": a new sentence unless a lowercase word goes on ("Why?” he asked).
    return !lower;
  }
  if (lower) return false;
  const word = wordBefore(text, at);
  const kind = abbreviationKind(word);
  const starter = starters.has(next) || starters.has(next.replace(/[’'].*$/, ''));
  switch (kind) {
    case 'none':
      return true;
    case 'inner':
      return false;
    case 'title':
    case 'initial':
      return starter && !/\.$/.test(next);
    case 'number':
      if (digit) return false;
      return starter;
    case 'ending':
      if (digit) return false;
      if (continuations.has(next) || continuations.has(next.replace(/[’']s$/, ''))) return false;
      return true;
  }
}

const functionWords = new Set([
  'the', 'a', 'an', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'that', 'as', 'but', 'is', 'are',
  'was', 'were', 'be', 'been', 'has', 'have', 'had', 'his', 'her', 'their', 'its', 'our', 'this', 'these', 'those', 'which',
  'who', 'will', 'would', 'could', 'should', 'can', 'may', 'not', 'than', 'into', 'over', 'about', 'said', 'says', 'told',
]);

/** A line without final punctuation ends a sentence when it is a heading or a list item. */
function lineEnds(line: string, next: string): boolean {
  const trimmed = line.trim();
  const following = next.trim();
  if (bullet.test(following)) return true;
  if (bullet.test(trimmed)) return true;
  if (/[,;:\-\u2013\u2014(/&]$/.test(trimmed)) return false;
  const words = trimmed.split(/\s+/);
  const last = (words[words.length - 1] ?? '').toLowerCase();
  if (functionWords.has(last)) return false;
  if (!/^[\p{Lu}\p{N}"'\u2018\u201C]/u.test(trimmed)) return false;
  if (!/^[\p{Lu}\p{N}"'\u2018\u201C\u00AB]/u.test(following)) return false;
  return words.length <= 10 && trimmed.length <= 70;
}
