/**
 * Money and percentages in a text, normalised to exact decimal strings in units (never a float:
 * src/io/decimal.ts does the arithmetic). Pure: no I/O, no clock.
 *
 * Money needs a currency: a symbol or code before the number ("€1.2bn", "US$2.3 billion",
 * "EUR 1.2 billion", "£300m") or a currency word after it ("500 million dollars", "1,000,000
 * euros", "half a billion dollars", "five hundred dollars", "2bn Norwegian kroner", "1.8 million korunas"). A number with a scale and no currency
 * ("1.2 billion", "500 rockets", "2025") is not money. "$" is the US dollar unless marked
 * ("C$", "A$", "NZ$", "HK$"); "¥" is the yen; plain "kroner" (Danish or Norwegian?) is left out.
 *
 * Approximate values (`approximate: true`):
 * - a cue before the amount: about, around, approximately, roughly, nearly, almost, some, more
 *   than, over, less than, under, up to, at least, at most, close to, upwards of, in excess of,
 *   as much as, an estimated… ("more than $500m"); the cue is not part of the span;
 * - vague quantities: "hundreds of billions of dollars", "billions of euros", "tens of millions of
 *   dollars", "several billion dollars": the value is the smallest the words allow, read as the
 *   named power of ten ("hundreds of billions" → 100 billion, "billions" → 1 billion, "several"
 *   and "a few" → 2);
 * - a range ("$1-2 billion", "3–4%", "25 to 30 percent"): TWO amounts, the bounds, both
 *   approximate, the first taking the second's scale and unit ("$1-2 billion" → "$1" = 1000000000
 *   and "2 billion" = 2000000000). Two amounts each written in full and joined by "to" ("from
 *   €400 million to €3 billion") are two exact amounts: news writes changes that way.
 *
 * Percentages: "12%", "2 per cent", "3.5 percent", "5 percentage points"; `of: "GDP"` when the
 * text says "of GDP", "of gross domestic product", "of its GDP", or "2% GDP".
 */
import type { Amount } from './types.js';
import { decimalText, normalize, readDecimal, shift, type Decimal } from '../io/decimal.js';

const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const WORDNUM = String.raw`(?:(?:one|two|three|four|five|six|seven|eight|nine|a)\s+hundred|half\s+an?|a\s+quarter\s+of\s+an?|a\s+couple\s+of|a\s+few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|one\s+hundred)`;
/** Scale words; the one-letter forms only right after the number ("£300m", "$5B"). */
const SCALE = String.raw`(?:\s?(?:thousand|million|billion|trillion|mn|mln|bn|bln|trn|tn)|(?:k|K|m|M|b|B|T))(?![\p{L}\p{N}])`;
const PREFIX = String.raw`(?:U\.?S\.?\s?\$|C\$|CA\$|A\$|AU\$|NZ\$|HK\$|€|\$|£|¥|₴|₽|₹|(?<![\p{L}])(?:USD|EUR|GBP|UAH|NOK|SEK|DKK|CAD|AUD|NZD|JPY|CHF|PLN|CZK|HUF|RON|CNY|RUB|INR)(?![\p{L}]))`;
const CURWORD = String.raw`(?:(?:US|U\.S\.|American)\s+dollars?|Canadian\s+dollars?|Australian\s+dollars?|New\s+Zealand\s+dollars?|dollars?|bucks|euros?|pounds\s+sterling|pounds?(?!\s+of\b)|sterling|(?:Ukrainian\s+)?hryvn(?:ias?|as?|ya|i)|Norwegian\s+kron(?:er|e)|Danish\s+kron(?:er|e)|(?:Swedish\s+)?kron(?:or|a)|yen|Swiss\s+francs?|zlotys?|złoty|korun(?:as?|y)?|koruna|roubles?|rubles?|yuan|renminbi|rupees?|(?:USD|EUR|GBP|UAH|NOK|SEK|DKK|CAD|AUD|NZD|JPY|CHF|PLN|CZK|HUF|RON|CNY|RUB|INR)(?![\p{L}]))`;
const RANGE_SEP = String.raw`\s?(?:-|–|—|to)\s?`;

const moneyPrefix = new RegExp(String.raw`(?<cur>${PREFIX})\s?(?<num>${NUM})(?<scale>${SCALE})?(?:(?<sep>${RANGE_SEP})(?<cur2>${PREFIX})?\s?(?<num2>${NUM})(?<scale2>${SCALE})?)?(?![\p{L}\p{N}]|,\d|\.\d)`, 'dgu');
const moneySuffix = new RegExp(String.raw`(?<![\p{L}\p{N}$€£¥₴.,])(?<num>${NUM}|${WORDNUM})(?<scale>${SCALE})?(?:(?<sep>${RANGE_SEP})(?<num2>${NUM})(?<scale2>${SCALE})?)?[\s-](?:in\s+)?(?<cur>${CURWORD})(?![\p{L}])`, 'dgiu');
const moneyVague = new RegExp(String.raw`(?<![\p{L}])(?:(?<many>tens|hundreds|thousands)\s+of\s+)?(?<scales>thousands|millions|billions|trillions)\s+(?:of\s+|in\s+)?(?<cur>${CURWORD})(?![\p{L}])`, 'giu');
const percent = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?<num>${NUM}|${WORDNUM})(?:(?<sep>${RANGE_SEP})(?<num2>${NUM}))?\s?(?:%|per\s?cent(?![\p{L}])|pc(?![\p{L}])|percentage\s+points?(?![\p{L}]))(?<gdp>\s+(?:of\s+(?:(?:the\s+)?(?:its|their|his|her|our|national|annual|the\s+country['’]s|\p{Lu}[\p{L}.]+['’]s?)\s+)?)?(?:GDP|gross\s+domestic\s+product|economic\s+output)(?![\p{L}]))?`,
  'dgiu',
);

const approxBefore = /(?:\b(?:about|around|approximately|approx\.|roughly|nearly|almost|some|more\s+than|over|less\s+than|fewer\s+than|under|up\s+to|at\s+least|at\s+most|close\s+to|upwards\s+of|in\s+excess\s+of|as\s+much\s+as|as\s+little\s+as|as\s+many\s+as|an\s+estimated|estimated|just\s+over|just\s+under|well\s+over|well\s+above|north\s+of|above|below|circa|c\.)|~)\s*$/i;
const approxAfter = /^(?:\s+or\s+(?:more|so|less)|[-\s]plus\b|\+)/i;

const wordValues: Readonly<Record<string, string>> = {
  'half a': '0.5', 'half an': '0.5', 'a quarter of a': '0.25', 'a quarter of an': '0.25', 'a couple of': '2', 'a few': '2', several: '2',
  a: '1', an: '1', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', fifteen: '15', twenty: '20', thirty: '30', forty: '40', fifty: '50', sixty: '60', seventy: '70', eighty: '80',
  ninety: '90', 'a hundred': '100', 'one hundred': '100',
};
const vagueWords = new Set(['a couple of', 'a few', 'several']);

function scaleExponent(scale: string | undefined): number {
  const s = (scale ?? '').trim().toLowerCase();
  if (s === '') return 0;
  if (s === 'thousand' || s === 'thousands' || s === 'k') return 3;
  if (s === 'million' || s === 'millions' || s === 'mn' || s === 'mln' || s === 'm') return 6;
  if (s === 'billion' || s === 'billions' || s === 'bn' || s === 'bln' || s === 'b') return 9;
  if (s === 'trillion' || s === 'trillions' || s === 'trn' || s === 'tn' || s === 't') return 12;
  return 0;
}

function numberValue(text: string): { value: Decimal; vague: boolean } | undefined {
  const word = text.toLowerCase().replace(/\s+/g, ' ');
  const hundreds = /^(\w+) hundred$/.exec(word);
  const fromWord = hundreds && wordValues[hundreds[1]!] !== undefined ? String(Number(wordValues[hundreds[1]!]) * 100) : wordValues[word];
  const value = readDecimal(fromWord ?? text.replace(/,/g, ''));
  return value === undefined ? undefined : { value, vague: vagueWords.has(word) };
}

function currencyOf(symbolOrWord: string): string | undefined {
  const s = symbolOrWord.replace(/\s+/g, ' ').trim();
  if (/^[A-Z]{3}$/.test(s)) return s;
  if (/^U\.?S\.? ?\$$/.test(s)) return 'USD';
  const symbols: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₴': 'UAH', '₽': 'RUB', '₹': 'INR', C$: 'CAD', CA$: 'CAD', A$: 'AUD', AU$: 'AUD', NZ$: 'NZD', HK$: 'HKD' };
  if (symbols[s]) return symbols[s];
  const w = s.toLowerCase();
  if (/^(?:us|u\.s\.|american) dollars?$/.test(w)) return 'USD';
  if (/^canadian dollars?$/.test(w)) return 'CAD';
  if (/^australian dollars?$/.test(w)) return 'AUD';
  if (/^new zealand dollars?$/.test(w)) return 'NZD';
  if (/^(?:dollars?|bucks)$/.test(w)) return 'USD';
  if (/^euros?$/.test(w)) return 'EUR';
  if (/^(?:pounds sterling|pounds?|sterling)$/.test(w)) return 'GBP';
  if (/hryvn/.test(w)) return 'UAH';
  if (/^norwegian/.test(w)) return 'NOK';
  if (/^danish/.test(w)) return 'DKK';
  if (/kron(?:or|a)$/.test(w)) return 'SEK';
  if (w === 'yen') return 'JPY';
  if (/^swiss francs?$/.test(w)) return 'CHF';
  if (/^(?:zlotys?|złoty)$/.test(w)) return 'PLN';
  if (/^korun/.test(w)) return 'CZK';
  if (/^(?:roubles?|rubles?)$/.test(w)) return 'RUB';
  if (w === 'yuan' || w === 'renminbi') return 'CNY';
  if (/^rupees?$/.test(w)) return 'INR';
  if (/^[a-z]{3}$/.test(w)) return w.toUpperCase();
  return undefined;
}

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly amount: Omit<Amount, 'span'>;
}

const text$ = (d: Decimal) => decimalText(normalize(d));

function approximateAround(text: string, start: number, end: number): boolean {
  return approxBefore.test(text.slice(Math.max(0, start - 24), start)) || approxAfter.test(text.slice(end, end + 12));
}

interface Part {
  readonly start: number;
  readonly end: number;
  readonly value: Decimal;
  readonly approximate: boolean;
}

/**
 * One amount, or two for a range: "$1-2 billion" gives $1 billion and $2 billion, both
 * approximate (the first number takes the second's scale and unit); "from €400 million to €3
 * billion" gives two exact amounts, since each is written in full.
 */
function parts(match: RegExpExecArray | RegExpMatchArray, end: number): Part[] | undefined {
  const g = match.groups ?? {};
  const at = (match as RegExpMatchArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices?.groups ?? {};
  const first = numberValue(g.num ?? '');
  if (!first) return undefined;
  const start = match.index!;
  if (g.num2 === undefined) return [{ start, end, value: shift(first.value, scaleExponent(g.scale)), approximate: first.vague }];
  const second = numberValue(g.num2);
  if (!second) return undefined;
  const complete = g.scale !== undefined || (g.scale2 === undefined && g.cur2 !== undefined);
  const lo = shift(first.value, scaleExponent(g.scale ?? g.scale2));
  const hi = shift(second.value, scaleExponent(g.scale2 ?? g.scale));
  const dash = /[-–—]/.test(g.sep ?? '');
  const range = dash || !complete;
  // "2025-2026", "10 to 5": not a range of amounts.
  if (range && compareDecimal(lo, hi) >= 0) return undefined;
  const firstEnd = (at.scale ?? at.num)![1];
  const secondStart = at.cur2?.[0] ?? at.num2![0];
  return [
    { start, end: firstEnd, value: lo, approximate: range || first.vague },
    { start: secondStart, end, value: hi, approximate: range },
  ];
}

function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const l = a.units * 10n ** BigInt(scale - a.scale);
  const r = b.units * 10n ** BigInt(scale - b.scale);
  return l < r ? -1 : l > r ? 1 : 0;
}

function moneyCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const push = (list: Part[] | undefined, currency: string | undefined) => {
    if (currency === undefined || list === undefined) return;
    for (const part of list) {
      const approx = part.approximate || approximateAround(text, part.start, part.end);
      out.push({ start: part.start, end: part.end, amount: { kind: 'money', value: text$(part.value), currency, ...(approx ? { approximate: true } : {}) } });
    }
  };
  for (const m of text.matchAll(moneyPrefix)) {
    push(parts(m, m.index + m[0].length), currencyOf(m.groups?.cur ?? ''));
  }
  for (const m of text.matchAll(moneySuffix)) {
    const g = m.groups ?? {};
    // A number word alone is money only with a scale ("a billion dollars"), never "a dollar" in prose; "five hundred dollars" is.
    if (/^[a-z]/i.test(g.num ?? '') && g.scale === undefined && !/hundred$/i.test(g.num ?? '')) continue;
    push(parts(m, m.index + m[0].length), currencyOf(g.cur ?? ''));
  }
  for (const m of text.matchAll(moneyVague)) {
    const g = m.groups ?? {};
    const many = (g.many ?? '').toLowerCase();
    const places = scaleExponent(g.scales) + (many === 'tens' ? 1 : many === 'hundreds' ? 2 : many === 'thousands' ? 3 : 0);
    push([{ start: m.index, end: m.index + m[0].length, value: shift({ units: 1n, scale: 0 }, places), approximate: true }], currencyOf(g.cur ?? ''));
  }
  return out;
}

function percentCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(percent)) {
    const g = m.groups ?? {};
    if (/^(?:an?|a couple of|a few|several|half an?|a quarter of an?)$/i.test((g.num ?? '').replace(/\s+/g, ' '))) continue;
    const list = parts(m, m.index + m[0].length);
    for (const part of list ?? []) {
      const approx = part.approximate || approximateAround(text, part.start, part.end);
      out.push({ start: part.start, end: part.end, amount: { kind: 'percent', value: text$(part.value), ...(g.gdp ? { of: 'GDP' } : {}), ...(approx ? { approximate: true } : {}) } });
    }
  }
  return out;
}

/**
 * Money and percentages in `text`, sorted by position, not overlapping (the longer match wins:
 * "US$2.3 billion" over "$2.3"). Spans are relative to `text`.
 */
export function findAmounts(text: string): Amount[] {
  const candidates = [...moneyCandidates(text), ...percentCandidates(text)].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept
    .sort((a, b) => a.start - b.start)
    .map((c) => ({ ...c.amount, span: { start: c.start, end: c.end, text: text.slice(c.start, c.end) } }) as Amount)
    .map(({ kind, span, value, ...rest }) => ({ kind, span, value, ...rest }));
}
