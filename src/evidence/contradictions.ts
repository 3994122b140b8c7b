/**
 * Claims about the same actors and event that disagree, listed side by side with their sourcing.
 * Pure and deterministic. The rules are conservative: a pair is listed only when both sentences
 * name the same specific actors (at least two in common, one of them a person or an
 * organisation — "Trump" and "Ukraine", not "Ukraine" alone) and the same topic, because two
 * sentences that merely share a subject area disagree all the time without contradicting each
 * other.
 *
 * - **stance**: one sentence says aid to someone goes up or on (increase, enhance, bolster,
 *   escalate, step up, send, supply …) and the other that it stops or goes down (halt, pause,
 *   suspend, cut off, end, withdraw, reduce …). The stance word must govern an aid term (aid,
 *   assistance, support, funding, weapons, arms, deliveries, shipments …) within four words;
 *   a negated stance ("will not halt") or a sentence with both directions is left out.
 * - **event**: a phone call against a meeting (meeting, talks, visit, summit, met) between the
 *   same people on the same day or the day next to it; the date is the one written nearest to the
 *   event word in the sentence. An interview is neither: it is not an encounter of the two.
 * - **date**: the same kind of encounter between the same people dated one to seven days apart,
 *   in two articles that tell the same story (stories.ts groups them): further apart it is more
 *   likely another encounter than a contradiction.
 * - **amount**, the sum given: two articles of one story (a copy or a rewrite) that give different
 *   sums for the same gift — the first money figure of sentences that claim a commitment, payment
 *   or delivery, in the same currency, between the same actors as for a stance. Approximate
 *   figures disagree only when more than a fifth apart.
 * - **amount**, aid lost: two figures for the same subject that differ, where the subject is one whose
 *   figure is a matter of fact rather than of which package is meant — the share or sum of aid
 *   lost to corruption, diverted or siphoned off. A sum and a percentage of the same subject
 *   disagree too ("hundreds of billions" siphoned against "only 12%" tied to corruption). The
 *   actors are those of the sentence and the two before it, since the subject of a figure is often
 *   named a sentence earlier; with a subject this specific, one actor in common (the country whose
 *   aid it is) is enough.
 *
 * One contradiction is kept per kind, pair of files (or one file) and subject: the pair with the
 * most actors in common, then the earliest sentences. The list is sorted by kind, then by files
 * and sentences.
 */
import type { AnalysedSentence, ArticleAnalysis, Contradiction, SourceType, StoryGroup } from './types.js';
import { groupStories } from './stories.js';

type Claim = Contradiction['claims'][number];

interface Located {
  readonly article: ArticleAnalysis;
  readonly sentence: AnalysedSentence;
}

const AID = String.raw`(?:military\s+|financial\s+|economic\s+|humanitarian\s+|security\s+)?(?:aid|assistance|support|funding|funds|weapons?|weaponry|arms|deliveries|delivery|shipments?|ammunition|munitions|equipment)`;
const UP = String.raw`increas\w*|enhanc\w*|bolster\w*|boost\w*|escalat\w*|expand\w*|step(?:s|ped|ping)?\s+up|ramp(?:s|ed|ing)?\s+up|accelerat\w*|resum\w*|send(?:s|ing)?|sent|suppl(?:y|ies|ied|ying)|more`;
const DOWN = String.raw`halt\w*|paus\w*|suspen\w*|cut(?:s|ting)?\s+off|cutoff|cut(?:s|ting)?|stop\w*|end(?:s|ed|ing)?|cessation|freez\w*|froze\w*|withdraw\w*|withdrew|reduc\w*|block\w*|terminat\w*|scal\w*\s+back|wind(?:s|ing)?\s+down`;
const GAP = String.raw`(?:\s+[\w.’'-]+){0,3}?\s+`;
const UP_RE = new RegExp(String.raw`\b(${UP})\b${GAP}(?:of\s+)?(${AID})\b`, 'giu');
const DOWN_RE = new RegExp(String.raw`\b(${DOWN})\b${GAP}(?:of\s+)?(${AID})\b`, 'giu');
const UP_NOUN_RE = new RegExp(String.raw`\b(${AID})\s+(?:is|are|will\s+be|would\s+be)?\s*(increas\w*|expand\w*|boost\w*|resum\w*)\b`, 'giu');
const DOWN_NOUN_RE = new RegExp(String.raw`\b(?:the\s+)?(cessation|suspension|withdrawal|halt|freeze|cutoff|reduction|end)\s+of${GAP}?(${AID})\b`, 'giu');
const NEGATION = /\b(?:not|no|never|without|against|refus\w*|reject\w*|oppos\w*|den(?:y|ies|ied))\s+(?:\w+\s+){0,2}$/iu;

const CALL = /\b(?:(?:tele)?phone(?:d)?\s+call|phone(?:d)?|telephone(?:d)?|call(?:ed)?|spoke\s+by\s+phone)\b/giu;
const MEETING = /\b(?:meeting|met|meet|talks|summit|visit(?:ed)?|sat\s+down\s+with)\b/giu;

const MISUSE = /\b(?:siphon\w*|divert\w*|diversion|misus\w*|misappropriat\w*|embezzl\w*|stolen|stole|graft|fraud\w*|corrupt\w*|unaccounted|skimm\w*)\b/iu;

function sourceTypeOf(s: AnalysedSentence): SourceType {
  return s.attributed && s.attribution ? s.attribution.type : 'none';
}

function claim(loc: Located, value: string): Claim {
  return { file: loc.article.file, sentence: loc.sentence.index, text: loc.sentence.text, sourceType: sourceTypeOf(loc.sentence), value };
}

function actorsOf(s: AnalysedSentence): Map<string, { kind: string; name: string }> {
  const out = new Map<string, { kind: string; name: string }>();
  for (const e of s.entities) if (!out.has(e.id)) out.set(e.id, { kind: e.kind, name: e.name });
  return out;
}

/** Shared actors, when they are specific enough: at least two, one of them a person or an organisation. */
function sharedActors(a: ReadonlyMap<string, { kind: string; name: string }>, b: ReadonlyMap<string, { kind: string; name: string }>): { ids: string[]; names: string[] } | undefined {
  const ids = [...a.keys()].filter((id) => b.has(id)).sort();
  if (ids.length < 2 || !ids.some((id) => a.get(id)!.kind !== 'country')) return undefined;
  return { ids, names: ids.map((id) => a.get(id)!.name) };
}

function stance(text: string): { direction: 'up' | 'down'; words: string } | undefined {
  const found: { direction: 'up' | 'down'; words: string }[] = [];
  const scan = (re: RegExp, direction: 'up' | 'down') => {
    for (const m of text.matchAll(re)) {
      if (NEGATION.test(text.slice(Math.max(0, m.index - 40), m.index))) return void found.push({ direction: direction === 'up' ? 'down' : 'up', words: '' });
      found.push({ direction, words: m[0].replace(/\s+/g, ' ') });
    }
  };
  scan(UP_RE, 'up');
  scan(UP_NOUN_RE, 'up');
  scan(DOWN_RE, 'down');
  scan(DOWN_NOUN_RE, 'down');
  if (found.length === 0) return undefined;
  const directions = new Set(found.map((f) => f.direction));
  if (directions.size !== 1 || found.some((f) => f.words === '')) return undefined;
  return found[0]!;
}

interface Encounter {
  readonly kind: 'call' | 'meeting';
  readonly words: string;
  readonly date: string;
}

/** The calls and meetings a sentence dates: each with the date written nearest to it. */
function encounters(s: AnalysedSentence): Encounter[] {
  const days = s.dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date));
  if (days.length === 0) return [];
  const out: Encounter[] = [];
  const scan = (re: RegExp, kind: Encounter['kind']) => {
    for (const m of s.text.matchAll(re)) {
      const at = s.start + m.index;
      let best = days[0]!;
      let distance = Infinity;
      for (const d of days) {
        const dist = d.span.end <= at ? at - d.span.end : Math.max(0, d.span.start - (at + m[0].length));
        if (dist < distance) [best, distance] = [d, dist];
      }
      out.push({ kind, words: m[0].replace(/\s+/g, ' ').toLowerCase(), date: best.date });
    }
  };
  scan(CALL, 'call');
  scan(MEETING, 'meeting');
  return out;
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

function amountValue(a: AnalysedSentence['amounts'][number]): string {
  const exact = a.kind === 'money' ? `${a.value} ${a.currency ?? ''}`.trim() : `${a.value}%${a.of ? ` of ${a.of}` : ''}`;
  return a.span.text.replace(/\s+/g, ' ') === exact ? exact : `${a.span.text.replace(/\s+/g, ' ')} (${a.approximate ? '≈ ' : ''}${exact})`;
}

interface Candidate {
  readonly key: string;
  readonly score: number;
  readonly contradiction: Contradiction;
}

/**
 * The contradictions among `articles` (within one article too). `groups`, the story groups of
 * the same articles when the caller has them already, saves grouping them again.
 */
export function findContradictions(articles: readonly ArticleAnalysis[], groups?: readonly StoryGroup[]): Contradiction[] {
  const sorted = [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const all: Located[] = [];
  const actors = new Map<Located, Map<string, { kind: string; name: string }>>();
  // context actors for figures: the sentence and the two before it
  const context = new Map<Located, Map<string, { kind: string; name: string }>>();
  for (const article of sorted) {
    const own = article.sentences.map(actorsOf);
    article.sentences.forEach((sentence, i) => {
      const l = { article, sentence };
      all.push(l);
      actors.set(l, own[i]!);
      const merged = new Map<string, { kind: string; name: string }>();
      for (let k = Math.max(0, i - 2); k <= i; k += 1) for (const [id, v] of own[k]!) merged.set(id, v);
      context.set(l, merged);
    });
  }
  const sameStory = new Set<string>();
  for (const g of groups ?? groupStories(sorted)) for (const a of g.files) for (const b of g.files) sameStory.add(`${a}\u0000${b}`);
  const best = new Map<string, Candidate>();
  const offer = (c: Candidate) => {
    const prev = best.get(c.key);
    if (prev === undefined || c.score > prev.score) best.set(c.key, c);
  };
  const pairKey = (x: Located, y: Located) => `${x.article.file}\u0000${y.article.file}`;

  const stances = all.map((l) => ({ l, st: stance(l.sentence.text) })).filter((x) => x.st !== undefined);
  const dated = all.map((l) => ({ l, enc: encounters(l.sentence) })).filter((x) => x.enc.length > 0);
  const figures = all.filter((l) => l.sentence.amounts.length > 0 && MISUSE.test(l.sentence.text));

  const ordered = <T extends { l: Located }>(list: T[]) => {
    const out: [T, T][] = [];
    for (let i = 0; i < list.length; i += 1) for (let j = i + 1; j < list.length; j += 1) out.push([list[i]!, list[j]!]);
    return out;
  };
  // prefer pairs that share a person, then more actors, then earlier sentences
  const score = (shared: { ids: string[] }, x: Located, y: Located) =>
    (shared.ids.some((id) => actors.get(x)!.get(id)?.kind === 'person') ? 1e9 : 0) + shared.ids.length * 1e6 - x.sentence.index - y.sentence.index;

  for (const [x, y] of ordered(stances)) {
    if (x.st!.direction === y.st!.direction) continue;
    const shared = sharedActors(actors.get(x.l)!, actors.get(y.l)!);
    if (shared === undefined) continue;
    const about = `${shared.names.join(', ')}: aid`;
    offer({
      key: `stance\u0000${pairKey(x.l, y.l)}`,
      score: score(shared, x.l, y.l),
      contradiction: { kind: 'stance', about, claims: [claim(x.l, `${x.st!.direction === 'up' ? 'more' : 'less or none'}: "${x.st!.words}"`), claim(y.l, `${y.st!.direction === 'up' ? 'more' : 'less or none'}: "${y.st!.words}"`)] },
    });
  }

  for (const [x, y] of ordered(dated.map((d) => ({ l: d.l, enc: d.enc })))) {
    const shared = sharedActors(actors.get(x.l)!, actors.get(y.l)!);
    if (shared === undefined || !shared.ids.some((id) => actors.get(x.l)!.get(id)!.kind === 'person')) continue;
    for (const ex of x.enc)
      for (const ey of y.enc) {
        const apart = Math.abs(dayNumber(ex.date) - dayNumber(ey.date));
        if (ex.kind !== ey.kind && apart <= 1)
          offer({
            key: `event\u0000${pairKey(x.l, y.l)}`,
            score: score(shared, x.l, y.l),
            contradiction: { kind: 'event', about: `${shared.names.join(', ')}, ${ex.date}`, claims: [claim(x.l, `${ex.words} on ${ex.date}`), claim(y.l, `${ey.words} on ${ey.date}`)] },
          });
        else if (ex.kind === ey.kind && apart >= 1 && apart <= 7 && x.l.article !== y.l.article && sameStory.has(pairKey(x.l, y.l)))
          offer({
            key: `date\u0000${pairKey(x.l, y.l)}\u0000${ex.kind}`,
            score: score(shared, x.l, y.l),
            contradiction: { kind: 'date', about: `${shared.names.join(', ')}: ${ex.kind}`, claims: [claim(x.l, ex.date), claim(y.l, ey.date)] },
          });
      }
  }

  for (let i = 0; i < figures.length; i += 1)
    for (let j = i + 1; j < figures.length; j += 1) {
      const [x, y] = [figures[i]!, figures[j]!];
      const shared = sharedActors(context.get(x)!, context.get(y)!) ?? sharedCountry(context.get(x)!, context.get(y)!);
      if (shared === undefined) continue;
      for (const ax of x.sentence.amounts)
        for (const ay of y.sentence.amounts) {
          const same = ax.kind === ay.kind && ax.value === ay.value && (ax.currency ?? '') === (ay.currency ?? '');
          if (same || (ax.kind === 'money' && ay.kind === 'money' && ax.currency !== ay.currency)) continue;
          offer({
            key: `amount\u0000${pairKey(x, y)}`,
            score: score(shared, x, y),
            contradiction: { kind: 'amount', about: `${shared.names.join(', ')}: aid lost to corruption or diverted`, claims: [claim(x, amountValue(ax)), claim(y, amountValue(ay))] },
          });
        }
    }

  // The sum given, told differently by two articles of one story: the first money figure of each
  // sentence, in one currency, between the same actors (a person or body among them).
  const givings = all.filter((l) => l.sentence.claims.some((kind) => GIVING.has(kind)) && firstMoney(l.sentence) !== undefined);
  for (let i = 0; i < givings.length; i += 1)
    for (let j = i + 1; j < givings.length; j += 1) {
      const [x, y] = [givings[i]!, givings[j]!];
      if (x.article === y.article || !sameStory.has(pairKey(x, y))) continue;
      const shared = sharedActors(actors.get(x)!, actors.get(y)!);
      const [ax, ay] = [firstMoney(x.sentence)!, firstMoney(y.sentence)!];
      if (shared === undefined || ax.currency !== ay.currency || !differ(ax, ay)) continue;
      offer({
        key: `amount\u0000${pairKey(x, y)}\u0000given`,
        score: score(shared, x, y),
        contradiction: { kind: 'amount', about: `${shared.names.join(', ')}: the sum given`, claims: [claim(x, amountValue(ax)), claim(y, amountValue(ay))] },
      });
    }

  const order = ['amount', 'date', 'event', 'stance'];
  return [...best.values()]
    .map((c) => c.contradiction)
    .sort((p, q) => {
      const [a, b] = [p.claims[0]!, q.claims[0]!];
      const [c, d] = [p.claims[1]!, q.claims[1]!];
      return order.indexOf(p.kind) - order.indexOf(q.kind) || cmp(a.file, b.file) || cmp(c.file, d.file) || a.sentence - b.sentence || c.sentence - d.sentence;
    });
}

/** For figures, whose sentences often name only the recipient: one shared country is enough, since the subject (aid lost to corruption) is specific. */
function sharedCountry(a: ReadonlyMap<string, { kind: string; name: string }>, b: ReadonlyMap<string, { kind: string; name: string }>): { ids: string[]; names: string[] } | undefined {
  const ids = [...a.keys()].filter((id) => b.has(id)).sort();
  return ids.length === 0 ? undefined : { ids, names: ids.map((id) => a.get(id)!.name) };
}

const GIVING: ReadonlySet<string> = new Set(['commitment', 'payment', 'delivery']);

function firstMoney(s: AnalysedSentence): AnalysedSentence['amounts'][number] | undefined {
  return s.amounts.find((a) => a.kind === 'money' && a.currency !== undefined);
}

/** A decimal string as millionths, exactly. */
function millionths(value: string): bigint {
  const [whole = '0', fraction = ''] = value.split('.');
  return BigInt(whole) * 1_000_000n + BigInt((fraction + '000000').slice(0, 6));
}

/** Two figures disagree when they differ; with either approximate ("about €200 million"), only when they are more than a fifth apart. */
function differ(a: AnalysedSentence['amounts'][number], b: AnalysedSentence['amounts'][number]): boolean {
  const [x, y] = [millionths(a.value), millionths(b.value)];
  if (x === y) return false;
  if (!a.approximate && !b.approximate) return true;
  const [low, high] = x < y ? [x, y] : [y, x];
  return (high - low) * 5n > high;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
