/**
 * Which articles tell the same story, and which article is two stories joined together. Pure and
 * deterministic: the result depends only on the analyses passed in (sorted by file name first).
 *
 * Two articles tell one story as
 * - a **copy** when they are largely the same words: the Jaccard similarity of their 5-word
 *   shingles (minhash.ts) is at least COPY_JACCARD = 0.5, or at least COPY_CONTAINMENT = 0.8 of
 *   the shorter one's shingles (at least 20 of them) are in the longer one (an excerpt, or a copy
 *   with paragraphs added). Independently written texts, even on one topic and with the same
 *   quotes, stay far below (the seed articles: ≤ 0.016 between any two), while a copy keeps most
 *   of its shingles after light edits: changing one word in twenty removes about a quarter of
 *   them, leaving a Jaccard near 0.6.
 * - a **rewrite** when the words differ but the claims are the same: see `isRewrite`.
 *
 * Candidates: every pair for up to EXACT_PAIRS_UP_TO (100) articles; beyond, the pairs that LSH
 * proposes over MinHash signatures of the shingles (42 bands of 3 rows, see minhash.ts) and of
 * the fingerprints with the content words (64 bands of 2 rows: a pair at Jaccard 0.2 is proposed
 * with p ≈ 0.93). Every candidate is then measured exactly, so a pair's textSimilarity is the
 * exact Jaccard of the shingle sets; the estimate only decides which pairs are looked at.
 *
 * The claim fingerprint of an article is a set of weighted features taken from its analysed
 * sentences — actors (the ids of countries, organisations and people), proper names in the text
 * (places, outlets, rooms, programmes the gazetteers do not know), amounts (kind, exact value,
 * currency or base), resolved dates, and claim kinds paired with the actors of their sentence.
 * Each feature weighs base(kind) × rarity. Base weights: an amount 4, a day 4 (1 when it is the
 * article's own date: "on Tuesday" in two stories of one day is no shared fact), a month 2, a
 * year 0.5, an actor or a name 1, a claim kind with an actor 0.5. Rarity is an inverse document
 * frequency over the *other* articles of the call, 1 + ln((m + 1) / (df + 1)) with m the number
 * of other articles and df how many of them have the feature: with only the two articles it is 1
 * for every feature, and in a larger batch "NATO", "Trump" and "Ukraine" count less than a
 * feature only these two share. claimSimilarity is the weighted Jaccard of the two fingerprints:
 * the weight of the shared features over the weight of all of them.
 */
import type { Amount, ArticleAnalysis, JoinedStory, StoryGroup, StoryPair } from './types.js';
import { containment, jaccard, lshCandidates, minhash, ratio3, shinglesOf, words } from './minhash.js';

export const COPY_JACCARD = 0.5;
export const COPY_CONTAINMENT = 0.8;
const COPY_CONTAINMENT_MIN_SHINGLES = 20;

/**
 * A rewrite needs the same event facts, not only the same actors: at least REWRITE_CLAIMS (0.3)
 * of the fingerprint's weight in common, and shared specific facts worth FACT_SCORE (2): a sum
 * of money or a day more than three days from the publication date counts 2; a day within three
 * days of it (what any two stories of that day share: "on Tuesday"), a month other than the
 * publication month, or a percentage of a base ("2% of GDP", a target every story on the topic
 * repeats) counts 1; the publication date itself nothing. Or at least PHRASE_WORDS (8) content words in
 * 5-word phrases both texts use, leaving out names and the vocabulary of attribution ("on
 * condition of anonymity", "sources close to the administration" are the genre, not the story):
 * kept quotes and expressions of the story, "for immediate use in combat"; or, without facts,
 * paraphrase evidence strong enough on its own: REWRITE_CONTENT (0.3) Jaccard of the stemmed
 * content words with claims at least REWRITE_CLAIMS. Two different stories on one topic (NATO,
 * Ukraine, Trump) share actors and topic words but not dates, amounts and phrases, and stay below.
 *
 * A follow-up is not a rewrite either, though it repeats the first story's figures as background
 * ("the Netherlands had paid €500 million in August"): the event of a news story is in its
 * headline and lede. When both articles state facts in their first LEDE_SENTENCES (3) sentences
 * and none of either's lede facts is among the facts of the other's first OPENING_SENTENCES (5)
 * sentences (room for a rewrite that opens with colour), they report different events.
 */
export const REWRITE_CLAIMS = 0.3;
export const REWRITE_CONTENT = 0.3;
export const PHRASE_WORDS = 8;
export const LEDE_SENTENCES = 3;
export const OPENING_SENTENCES = 5;
export const FACT_SCORE = 2;

/** Pairwise comparison is exact for up to this many articles; beyond, LSH proposes the candidates. */
export const EXACT_PAIRS_UP_TO = 100;

const STOP = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just like may me might more most must my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up upon us very was we were what when where which while who whom why will with within without would you your yours yourself yourselves ' +
    'according added adding also already although amid among another around away back became become becomes behind being besides came come comes despite did either else even ever every far first get gets getting given go going gone got however including instead last later least less let made make makes making many meanwhile much new next often one ones onto others perhaps put rather really recent recently said say saying says see seen several since still take taken takes though thus told toward towards two us use used via want way well whether whose yet'
  ).split(' '),
);

/** A light stemmer: enough to meet "deliveries"/"delivery", "halting"/"halted"/"halt". */
export function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The stemmed content words of a text (stop words and one-letter words removed). */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

/** The vocabulary of attribution and reporting, shared by news on any subject. */
const REPORTING = new Set(
  'according administration anonymity anonymous announced asked authorized briefed close closed condition confirm confirmed confirms described describing door familiar insider insiders interview matter name named news official officially officials people person press privy publicly reported reportedly reporter reporters reveal revealed reveals source sources speak speaking spoke spokesman spokesperson spokeswoman statement stated stating told'.split(' '),
);

const NAME_RUN = /(?:[A-Z][\p{L}]*(?:[-\u2010\u2011][A-Z][\p{L}]*)?|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\p{L}]*(?:[-\u2010\u2011][A-Z][\p{L}]*)?|[A-Z]{2,}))*/gu;
const NOT_NAMES = new Set('a an the this that these those it its he she they we i in on at for but and or as if while when after before during with from by of to yet so however although though according behind beyond despite amid'.split(' '));
const MONTH_OR_DAY = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)/;

/** Proper names in a sentence that are not its first word: runs of capitalised words, lower-cased and normalised. */
export function namesIn(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(NAME_RUN)) {
    let name = m[0];
    let at = m.index;
    const before = sentence.slice(0, at).replace(/["'‘“(\s\u2013\u2014-]+$/u, '');
    if (before === '' || /[.!?:;]["'’”]?$/.test(before)) {
      // the first word of a sentence is capitalised anyway: keep the rest of the run
      const rest = /^\S+\s+/.exec(name);
      if (rest === null) continue;
      at += rest[0].length;
      name = name.slice(rest[0].length);
    }
    const ws = words(name).filter((w) => w.length > 1 && !NOT_NAMES.has(w));
    if (ws.length === 0 || ws.every((w) => MONTH_OR_DAY.test(w) && w.length <= 9)) continue;
    out.push(ws.join(' '));
  }
  return out;
}

const amountFeature = (a: Amount) => (a.kind === 'money' ? `amount:money:${a.value}:${a.currency ?? ''}` : `amount:percent:${a.value}:${(a.of ?? '').toLowerCase()}`);

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** What an article contributes to comparisons. */
export interface StoryProfile {
  readonly file: string;
  readonly published: string | undefined;
  readonly shingles: ReadonlySet<string>;
  /** Base weight of each fingerprint feature. */
  readonly features: ReadonlyMap<string, number>;
  /** Features that are specific facts of an event, with their strength (see FACT_SCORE). */
  readonly facts: ReadonlyMap<string, number>;
  /** The facts of the first LEDE_SENTENCES sentences (headline and lede), and of the first OPENING_SENTENCES. */
  readonly ledeFacts: ReadonlySet<string>;
  readonly openingFacts: ReadonlySet<string>;
  readonly content: ReadonlySet<string>;
  /** Words of proper names and entity mentions (for telling phrases from names). */
  readonly nameWords: ReadonlySet<string>;
}

export function profile(article: ArticleAnalysis): StoryProfile {
  const features = new Map<string, number>();
  const facts = new Map<string, number>();
  const ledeFacts = new Set<string>();
  const openingFacts = new Set<string>();
  const nameWords = new Set<string>();
  const add = (feature: string, weight: number) => features.set(feature, Math.max(weight, features.get(feature) ?? 0));
  const published = article.published;
  for (const s of article.sentences) {
    const actors = new Set<string>();
    for (const e of s.entities) {
      actors.add(e.id);
      add(`actor:${e.id}`, 1);
      for (const w of words(e.span.text)) nameWords.add(w);
      for (const w of words(e.name)) nameWords.add(w);
    }
    for (const name of namesIn(s.text)) {
      add(`name:${name}`, 1);
      for (const w of name.split(' ')) nameWords.add(w);
    }
    for (const a of s.amounts) {
      const f = amountFeature(a);
      add(f, 4);
      facts.set(f, a.kind === 'percent' && a.of !== undefined ? 1 : 2);
    }
    for (const d of s.dates) {
      const f = `date:${d.date}`;
      if (d.date.length === 10) {
        const apart = published === undefined ? Infinity : Math.abs(dayNumber(d.date) - dayNumber(published));
        add(f, apart === 0 ? 1 : 4);
        if (apart > 0) facts.set(f, apart <= 3 ? 1 : 2);
      } else if (d.date.length === 7) {
        add(f, 2);
        if (published === undefined || d.date !== published.slice(0, 7)) facts.set(f, 1);
      } else add(f, 0.5);
    }
    for (const kind of s.claims) for (const actor of actors) add(`claim:${kind}:${actor}`, 0.5);
    const own = [...s.amounts.map(amountFeature), ...s.dates.map((d) => `date:${d.date}`)].filter((f) => facts.has(f));
    for (const f of own) {
      if (s.index < LEDE_SENTENCES) ledeFacts.add(f);
      if (s.index < OPENING_SENTENCES) openingFacts.add(f);
    }
  }
  return {
    file: article.file,
    published,
    shingles: shinglesOf(words(article.text)),
    features,
    facts,
    ledeFacts,
    openingFacts,
    content: new Set(contentWords(article.text)),
    nameWords,
  };
}

/** The measures of one pair of articles, and what they make of it. */
export interface PairMeasures {
  /** Exact Jaccard of the 5-word shingles. */
  readonly text: number;
  /** Share of the shorter article's shingles found in the other. */
  readonly containment: number;
  /** Weighted Jaccard of the claim fingerprints. */
  readonly claims: number;
  /** Jaccard of the stemmed content words. */
  readonly content: number;
  /** Specific facts in common (amounts, days, months). */
  readonly sharedFacts: readonly string[];
  /** Their strength: the sum over shared facts of the smaller strength (see FACT_SCORE). */
  readonly factScore: number;
  /** Both ledes state facts, and neither lede's facts are in the other's opening: a follow-up, not a rewrite. */
  readonly differentEvents: boolean;
  /** Content words (outside names and attribution vocabulary) in the 5-word phrases both texts use. */
  readonly phraseWords: number;
  readonly relation: 'copy' | 'rewrite' | undefined;
}

/** Rarity weights from the other articles of the batch: 1 + ln((m + 1) / (df + 1)). */
type Rarity = (feature: string) => number;
const flat: Rarity = () => 1;

export function compareProfiles(a: StoryProfile, b: StoryProfile, rarity: Rarity = flat): PairMeasures {
  const text = jaccard(a.shingles, b.shingles);
  const contained = containment(a.shingles, b.shingles);
  const copy = text >= COPY_JACCARD || (contained >= COPY_CONTAINMENT && Math.min(a.shingles.size, b.shingles.size) >= COPY_CONTAINMENT_MIN_SHINGLES);
  let shared = 0;
  let union = 0;
  for (const [f, w] of a.features) {
    const wb = b.features.get(f);
    const r = rarity(f);
    if (wb === undefined) union += w * r;
    else {
      shared += Math.min(w, wb) * r;
      union += Math.max(w, wb) * r;
    }
  }
  for (const [f, w] of b.features) if (!a.features.has(f)) union += w * rarity(f);
  const claims = union === 0 ? 0 : shared / union;
  const sharedFacts = [...a.facts.keys()].filter((f) => b.facts.has(f)).sort();
  const factScore = sharedFacts.reduce((sum, f) => sum + Math.min(a.facts.get(f)!, b.facts.get(f)!), 0);
  const inPhrases = new Set<string>();
  const [small, large] = a.shingles.size <= b.shingles.size ? [a.shingles, b.shingles] : [b.shingles, a.shingles];
  for (const s of small) {
    if (!large.has(s)) continue;
    for (const w of s.split(' ')) if (w.length > 1 && !STOP.has(w) && !REPORTING.has(w) && !a.nameWords.has(w) && !b.nameWords.has(w) && !/^\d/.test(w)) inPhrases.add(stem(w));
  }
  const phraseWords = inPhrases.size;
  const content = jaccard(a.content, b.content);
  const differentEvents =
    a.ledeFacts.size > 0 && b.ledeFacts.size > 0 && ![...a.ledeFacts].some((f) => b.openingFacts.has(f)) && ![...b.ledeFacts].some((f) => a.openingFacts.has(f));
  const relation = copy ? 'copy' : !differentEvents && isRewrite({ claims, content, factScore, phraseWords }) ? 'rewrite' : undefined;
  return { text, containment: contained, claims, content, sharedFacts, factScore, phraseWords, differentEvents, relation };
}

/** The rewrite rule (see REWRITE_CLAIMS). */
export function isRewrite(m: { claims: number; content: number; factScore: number; phraseWords: number }): boolean {
  if (m.claims < REWRITE_CLAIMS) return false;
  return m.factScore >= FACT_SCORE || m.phraseWords >= PHRASE_WORDS || m.content >= REWRITE_CONTENT;
}

/** Rarity for the pair (i, j): document frequencies over the other articles, from counts over all of them. */
function rarityFor(profiles: readonly StoryProfile[], df: ReadonlyMap<string, number>, i: number, j: number): Rarity {
  const m = profiles.length - 2;
  if (m <= 0) return flat;
  const [a, b] = [profiles[i]!.features, profiles[j]!.features];
  return (f) => {
    const others = (df.get(f) ?? 0) - (a.has(f) ? 1 : 0) - (b.has(f) ? 1 : 0);
    return 1 + Math.log((m + 1) / (others + 1));
  };
}

/** Candidate pairs: all of them for small batches; else LSH over text shingles and over fingerprints with content words. */
function candidatePairs(profiles: readonly StoryProfile[]): [number, number][] {
  const n = profiles.length;
  if (n <= EXACT_PAIRS_UP_TO) {
    const all: [number, number][] = [];
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) all.push([i, j]);
    return all;
  }
  const seen = new Set<number>();
  const out: [number, number][] = [];
  const text = lshCandidates(profiles.map((p) => minhash(p.shingles)));
  // fingerprints and content words overlap much less than copies: 64 bands of 2 rows find pairs at 0.2 with p ≈ 0.93
  const story = lshCandidates(
    profiles.map((p) => minhash([...p.features.keys(), ...[...p.content].map((w) => `word:${w}`)])),
    64,
    2,
  );
  for (const [i, j] of [...text, ...story])
    if (!seen.has(i * n + j)) {
      seen.add(i * n + j);
      out.push([i, j]);
    }
  return out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

/**
 * Story groups: the connected components of copy and rewrite pairs, each with its pairs; an
 * article that shares its story with none is a group of one. An article that is two stories
 * joined together (`findJoinedStories`) belongs to the group of each story it shares, but does
 * not join those stories into one: it is listed in each of their groups, with its pairs there.
 * Groups are sorted by their first file. A file name that appears twice is refused.
 */
export function groupStories(articles: readonly ArticleAnalysis[]): StoryGroup[] {
  const sorted = [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (let i = 1; i < sorted.length; i += 1)
    if (sorted[i]!.file === sorted[i - 1]!.file) throw new RangeError(`the article ${JSON.stringify(sorted[i]!.file)} is given twice`);
  const profiles = sorted.map(profile);
  const df = new Map<string, number>();
  for (const p of profiles) for (const f of p.features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const found = sorted.map((a) => findJoinedStories(a));
  const joined = found.map((j) => j !== undefined);
  // a joined article is compared part by part: each part has its own lede and facts
  const parts = sorted.map((a, i) => (found[i] === undefined ? [profiles[i]!] : partsOf(a, found[i]!.boundaries).map(profile)));
  const parent = profiles.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  const union = (i: number, j: number) => {
    const [ri, rj] = [find(i), find(j)];
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
  };
  const pairs: { i: number; j: number; pair: StoryPair }[] = [];
  for (const [i, j] of candidatePairs(profiles)) {
    const rarity = rarityFor(profiles, df, i, j);
    let m = compareProfiles(profiles[i]!, profiles[j]!, rarity);
    if (m.relation === undefined && (joined[i] || joined[j]))
      for (const x of parts[i]!)
        for (const y of parts[j]!) {
          const part = compareProfiles(x, y, rarity);
          if (part.relation !== undefined && (m.relation === undefined || (part.relation === 'copy' && m.relation === 'rewrite'))) m = part;
        }
    if (m.relation === undefined) continue;
    pairs.push({ i, j, pair: { a: sorted[i]!.file, b: sorted[j]!.file, relation: m.relation, textSimilarity: ratio3(m.text), claimSimilarity: ratio3(m.claims) } });
    // a joined article links to each of its stories without linking them to each other
    if (joined[i] === joined[j]) union(i, j);
  }
  // the stories (groups of single-story articles) each joined component attaches to
  const attached = new Map<number, Set<number>>();
  for (const { i, j } of pairs)
    if (joined[i] !== joined[j]) {
      const [x, y] = joined[i] ? [i, j] : [j, i];
      const set = attached.get(find(x)) ?? new Set<number>();
      set.add(find(y));
      attached.set(find(x), set);
    }
  const groups = new Map<number, { files: string[]; pairs: StoryPair[] }>();
  const groupOf = (root: number) => {
    let g = groups.get(root);
    if (g === undefined) groups.set(root, (g = { files: [], pairs: [] }));
    return g;
  };
  profiles.forEach((p, i) => {
    const root = find(i);
    const targets = joined[i] ? attached.get(root) : undefined;
    if (targets === undefined) groupOf(root).files.push(p.file);
    else for (const t of targets) groupOf(t).files.push(p.file);
  });
  for (const { i, j, pair } of pairs) {
    if (joined[i] === joined[j]) {
      const root = find(i);
      const targets = joined[i] ? attached.get(root) : undefined;
      if (targets === undefined) groupOf(root).pairs.push(pair);
      else for (const t of targets) groupOf(t).pairs.push(pair);
    } else groupOf(find(joined[i] ? j : i)).pairs.push(pair);
  }
  return [...groups.entries()]
    .map(([, g]) => ({ files: [...g.files].sort(), pairs: g.pairs }))
    .sort((x, y) => (x.files[0]! < y.files[0]! ? -1 : x.files[0]! > y.files[0]! ? 1 : 0));
}

/** The parts of a joined article as articles of their own (same text, the sentences of one part). */
function partsOf(article: ArticleAnalysis, boundaries: readonly number[]): ArticleAnalysis[] {
  const cuts = [0, ...boundaries, article.sentences.length];
  return cuts.slice(1).map((end, k) => {
    const sentences = article.sentences.slice(cuts[k]!, end);
    const from = sentences[0]?.start ?? 0;
    const to = sentences.at(-1)?.end ?? 0;
    // offsets stay those of the whole text; only what profile() reads is cut
    return { ...article, text: article.text.slice(from, to), sentences: sentences.map((s, index) => ({ ...s, index })) };
  });
}

/**
 * Corroboration counts independent stories, not articles: the number of story groups among the
 * given files (a copy or a rewrite of a story already counted adds nothing).
 */
export function independentStories(groups: readonly StoryGroup[], files?: Iterable<string>): number {
  if (files === undefined) return groups.length;
  const wanted = new Set(files);
  return groups.filter((g) => g.files.some((f) => wanted.has(f))).length;
}

/**
 * An article that is two (or more) stories joined together. A sentence b starts a new story when
 * both parts have at least MIN_PART (4) sentences and one of these holds:
 * - a second dateline or byline begins at b ("KYIV (Reuters) —", "WASHINGTON, July 3 –", "By Jane Doe");
 * - b repeats the lede: its content words overlap the article's first sentence by a Jaccard of at
 *   least 0.15 and it opens with the same words (at least three, one of them not a stop word:
 *   "In the shadow of …"), or they overlap by at least 0.4 on their own — a writer restates the
 *   opening only when a new article starts;
 * - b is a second lede on another subject. A lede starts a paragraph (a line break before it,
 *   when the text has line breaks at all), says when (a resolved day, or a weekday, "yesterday",
 *   "today") and introduces its actors: at least two names (entities or proper names) that no
 *   sentence before b mentions. And the subject changes there: of the terms that recur within
 *   either part (content words, words of names and entity ids found in two sentences or more of
 *   it), at most RECURRING_SHARED (0.3) occur anywhere in the other part. Inside one story the
 *   main terms run through it (above half of them in the seed articles and in single stories
 *   generally), so a late paragraph that brings in new people is not enough on its own.
 * Subheadings within one story (a short line, the same terms on both sides) are not boundaries.
 * Boundaries closer than MIN_PART to a previous one are dropped.
 */
export const MIN_PART = 4;
export const RECURRING_SHARED = 0.3;

const DATELINE = /^(?:[A-Z][A-Z.'-]+(?:[ ,][A-Z][A-Z.'-]+)*(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\s*(?:\([A-Za-z .&]+\)\s*)?[—–-]\s|By\s+[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:\s*,|\s+and\s|\s*$|\s*\|))/u;
const WHEN = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight)\b/iu;

/** The opening words two sentences share, when they are at least three and one of them is a content word. */
function sameOpening(a: string, b: string): string | undefined {
  const [x, y] = [words(a), words(b)];
  let k = 0;
  while (k < x.length && k < y.length && x[k] === y[k]) k += 1;
  const common = x.slice(0, k);
  return k >= 3 && common.some((w) => !STOP.has(w)) ? common.join(' ') : undefined;
}

export function findJoinedStories(article: ArticleAnalysis): JoinedStory | undefined {
  const sentences = article.sentences;
  const n = sentences.length;
  if (n < 2 * MIN_PART) return undefined;
  const content = sentences.map((s) => new Set(contentWords(s.text)));
  const names = sentences.map((s) => new Set([...s.entities.map((e) => `@${e.id}`), ...namesIn(s.text)]));
  const terms = sentences.map((s, k) => new Set([...content[k]!, ...[...names[k]!].flatMap((x) => (x.startsWith('@') ? [x] : x.split(' ').filter((w) => w.length > 2)))]));
  const hasBreaks = /\n/.test(article.text);
  const countTerms = (from: number, to: number) => {
    const c = new Map<string, number>();
    for (let k = from; k < to; k += 1) for (const t of terms[k]!) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  };
  const recurringShared = (b: number, from: number) => {
    const [x, y] = [countTerms(from, b), countTerms(b, n)];
    const rx = [...x].filter(([, c]) => c >= 2).map(([t]) => t);
    const ry = [...y].filter(([, c]) => c >= 2).map(([t]) => t);
    if (rx.length + ry.length === 0) return 1;
    return (rx.filter((t) => y.has(t)).length + ry.filter((t) => x.has(t)).length) / (rx.length + ry.length);
  };
  const lede = content[0]!;
  const boundaries: number[] = [];
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < MIN_PART; k += 1) for (const x of names[k]!) seen.add(x);
  for (let b = MIN_PART; b + MIN_PART <= n; b += 1) {
    const s = sentences[b]!;
    const last = boundaries.length > 0 ? boundaries[boundaries.length - 1]! : 0;
    let reason: string | undefined;
    if (b - last >= MIN_PART) {
      if (DATELINE.test(s.text.trim())) reason = `a second dateline or byline at sentence ${b}`;
      else {
        const sim = jaccard(lede, content[b]!);
        const opening = sameOpening(sentences[0]!.text, s.text);
        if (sim >= 0.4 || (sim >= 0.15 && opening !== undefined))
          reason = `sentence ${b} repeats the lede of sentence 0 (content-word overlap ${ratio3(sim)}${opening !== undefined ? `, both begin "${opening}"` : ''})`;
        else {
          const fresh = [...names[b]!].filter((x) => !seen.has(x));
          const paragraph = !hasBreaks || /\n[ \t]*$/.test(article.text.slice(Math.max(0, s.start - 8), s.start));
          const dated = s.dates.some((d) => d.date.length === 10) || WHEN.test(s.text);
          if (paragraph && dated && fresh.length >= 2) {
            const shared = recurringShared(b, last);
            if (shared <= RECURRING_SHARED)
              reason = `sentence ${b} is a second lede: it starts a paragraph, dates its news and introduces ${fresh.length} new names, and only ${ratio3(shared)} of the terms recurring on either side occur on the other`;
          }
        }
      }
    }
    if (reason !== undefined) {
      boundaries.push(b);
      reasons.push(reason);
    }
    for (const x of names[b]!) seen.add(x);
  }
  if (boundaries.length === 0) return undefined;
  return { file: article.file, boundaries, reason: reasons.join('; ') };
}
