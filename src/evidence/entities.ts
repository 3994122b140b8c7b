/**
 * Countries, organisations and people in a text, against the project's gazetteer
 * (src/evidence/gazetteer/) and, for people the gazetteer does not know, compromise's person
 * detection and a "title + name" rule, both filtered. Pure: the gazetteer is data imported with
 * the module; no I/O, no clock.
 *
 * Matching. The text is cut into tokens (runs of letters and digits, and single punctuation
 * marks); hyphens count as spaces ("Secretary-General" = "Secretary General"), accents and
 * curly apostrophes are folded. At each token the longest gazetteer name that fits is taken, so
 * "European Union" beats "Union" and "NATO Secretary-General Mark Rutte" gives NATO and then
 * Mark Rutte. Capitals matter: an all-capital name ("US", "EU", "NATO") matches only in capitals
 * (so "us" is never the United States); in other names each capitalised word must be capitalised
 * in the text ("Turkey" the country, not "turkey"). People are matched by surname alone only
 * where the gazetteer allows it: "Rutte said" is Mark Rutte, "May" is never Theresa May.
 *
 * People outside the gazetteer: a candidate from compromise, from a title ("Defence Minister
 * Ruben Brekelmans", "Mr Smith"), or from how the sentence uses it ("Papperger said", "according
 * to Andersson", "Olena Petrenko, a teacher") is kept when every word is capitalised and it is
 * not a gazetteer name; its id is a slug of the name without middle initials or "Jr"/"III"
 * ("Tore O. Sandvik" → "tore-sandvik").
 *
 * Surnames: within the text passed in, a later "Smith" resolves to an earlier "Jane Smith"
 * (same id). The analysis calls this per sentence, where the full name sits in another sentence:
 * `resolveSurnames(articleText, entitiesOfTheArticle)` does the same across a whole article.
 */
import nlp from 'compromise';
import type { Entity, EntityKind } from './types.js';
import { gazetteerNames, people, slug, type GazetteerName } from './gazetteer/index.js';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Folded for lookup: lower case, no accents, ’ → '. */
  readonly key: string;
  readonly word: boolean;
}

const tokenPattern = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
const hyphens = new Set(['-', '‐', '‑']);

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`´]/g, "'").toLowerCase();
}

/** Tokens of a text, hyphens left out (they join words like a space does). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const value = match[0];
    if (hyphens.has(value)) continue;
    const start = match.index;
    tokens.push({ start, end: start + value.length, text: value, key: fold(value), word: /[\p{L}\p{N}]/u.test(value) });
  }
  return tokens;
}

interface Pattern {
  readonly entry: GazetteerName;
  readonly words: readonly string[];
  readonly keys: readonly string[];
}

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const startsUpper = (word: string) => isUpper(word.charAt(0)) || /^\p{N}/u.test(word);
const isAcronym = (word: string) => word.length >= 2 && /\p{L}/u.test(word) && word === word.toUpperCase() && word !== word.toLowerCase();

/** Does the text's word satisfy the capitals of the gazetteer's word? */
function caseFits(pattern: string, text: string): boolean {
  if (isAcronym(pattern)) return text === pattern;
  if (pattern.length === 1 && isUpper(pattern)) return text === pattern; // the "U" and "S" of "U.S."
  if (startsUpper(pattern)) return startsUpper(text);
  return true;
}

const index: ReadonlyMap<string, readonly Pattern[]> = (() => {
  const byFirst = new Map<string, Pattern[]>();
  for (const entry of gazetteerNames) {
    const tokens = tokenize(entry.alias);
    if (tokens.length === 0) continue;
    const pattern: Pattern = { entry, words: tokens.map((t) => t.text), keys: tokens.map((t) => t.key) };
    const first = pattern.keys[0]!;
    const list = byFirst.get(first) ?? [];
    list.push(pattern);
    byFirst.set(first, list);
  }
  // Longest first; among equals, blocked phrases, then organisations and people, then countries.
  const rank = { blocked: 0, organisation: 1, person: 2, country: 3 } as const;
  for (const list of byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length || rank[a.entry.kind] - rank[b.entry.kind]);
  return byFirst;
})();

interface Found {
  readonly kind: EntityKind | 'blocked';
  readonly start: number;
  readonly end: number;
  readonly id: string;
  readonly name: string;
  /** Token count, for "longest wins". */
  readonly size: number;
  readonly from: 'gazetteer' | 'surname' | 'detected';
  readonly form?: GazetteerName['form'];
}

function gazetteerMatches(text: string, tokens: readonly Token[]): Found[] {
  const found: Found[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    // A name starts at a word, not inside one joined by an apostrophe ("Ukraine's" is fine; "o'US" is not).
    const candidates = token.word ? index.get(token.key) : undefined;
    let matched: Pattern | undefined;
    for (const pattern of candidates ?? []) {
      if (i + pattern.keys.length > tokens.length) continue;
      let fits = true;
      for (let k = 0; k < pattern.keys.length && fits; k += 1) {
        const t = tokens[i + k]!;
        fits = t.key === pattern.keys[k] && (pattern.entry.anyCase === true || caseFits(pattern.words[k]!, t.text));
        // Tokens of one name are adjacent or separated by spaces/hyphens only.
        if (fits && k > 0) fits = /^[\s\-‐‑]*$/u.test(text.slice(tokens[i + k - 1]!.end, t.start));
      }
      if (fits) {
        matched = pattern;
        break;
      }
    }
    if (matched === undefined) {
      i += 1;
      continue;
    }
    const last = tokens[i + matched.keys.length - 1]!;
    const { entry } = matched;
    // A seat of international bodies is its country only as a place where something happens.
    if (entry.form === 'seat' && !/\b(?:in|into|at|to|towards?|from|near|outside|inside|within|throughout|around|across|reached|entered|visited|visiting|visit|via)\s+$/i.test(text.slice(Math.max(0, token.start - 12), token.start))) {
      found.push({ kind: 'blocked', start: token.start, end: last.end, id: '', name: '', size: matched.keys.length, from: 'gazetteer', form: 'blocked' });
      i += matched.keys.length;
      continue;
    }
    found.push({ kind: entry.kind, start: token.start, end: last.end, id: entry.id, name: entry.name, size: matched.keys.length, from: entry.form === 'surname' ? 'surname' : 'gazetteer', form: entry.form });
    i += matched.keys.length;
  }
  return found;
}

/** Words that introduce a person's name without being part of it. */
const titles = new Set(
  [
    'mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lord', 'lady', 'president', 'vice', 'prime', 'minister', 'chancellor', 'secretary', 'general',
    'gen', 'lt', 'lieutenant', 'col', 'colonel', 'adm', 'admiral', 'maj', 'major', 'capt', 'captain', 'sgt', 'sergeant', 'marshal', 'commander',
    'chief', 'senator', 'sen', 'rep', 'representative', 'congressman', 'congresswoman', 'ambassador', 'envoy', 'commissioner', 'governor', 'gov',
    'mayor', 'speaker', 'chairman', 'chairwoman', 'chair', 'director', 'spokesman', 'spokeswoman', 'spokesperson', 'king', 'queen', 'prince',
    'princess', 'pope', 'deputy', 'foreign', 'defence', 'defense', 'finance', 'interior', 'economy', 'justice', 'judge', 'professor', 'prof',
    'premier', 'leader', 'head', 'adviser', 'advisor', 'aide', 'official', 'analyst', 'economist', 'researcher', 'reporter', 'correspondent',
    'former', 'acting', 'state', 'national', 'security', 'high', 'representative', 'of', 'the', 'for', 'and', 'army', 'navy', 'air', 'force', 'staff',
    'joint', 'chiefs', 'supreme', 'allied', 'special', 'senior', 'top', 'cabinet', 'opposition', 'party', 'presidential', 'press', 'first',
    'lady', 'fm', 'pm', 'mp', 'mep', 'ceo', 'cfo', 'founder', 'executive', 'officer', 'inspector', 'auditor', 'attorney', 'counsel', 'rev',
    'father', 'brother', 'sister', 'st',
  ].map((w) => w),
);
/** The titles that can stand right before a name ("Minister X", "spokesman X", "Mr X"). */
const nameTitles = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lord', 'president', 'minister', 'chancellor', 'secretary', 'general', 'gen', 'lt', 'lieutenant',
  'col', 'colonel', 'adm', 'admiral', 'maj', 'major', 'capt', 'captain', 'sgt', 'marshal', 'commander', 'chief', 'senator', 'sen', 'rep',
  'representative', 'congressman', 'congresswoman', 'ambassador', 'envoy', 'commissioner', 'governor', 'gov', 'mayor', 'speaker', 'chairman',
  'chairwoman', 'director', 'spokesman', 'spokeswoman', 'spokesperson', 'king', 'queen', 'prince', 'princess', 'pope', 'judge', 'professor',
  'prof', 'premier', 'leader', 'adviser', 'advisor', 'aide', 'analyst', 'economist', 'researcher', 'correspondent', 'ceo', 'founder', 'inspector',
  'auditor', 'attorney', 'counsel',
]);
/** Capitalised words that are not names (sentence starts, organisations' and places' nouns, months). */
const notNames = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'for', 'and', 'but', 'or', 'as', 'by', 'to', 'of', 'from', 'with', 'this', 'that', 'these', 'those', 'it',
  'he', 'she', 'they', 'we', 'i', 'his', 'her', 'their', 'our', 'its', 'while', 'when', 'after', 'before', 'since', 'according', 'yet', 'however',
  'meanwhile', 'behind', 'beyond', 'during', 'amid', 'despite', 'under', 'over', 'if', 'sources', 'officials', 'news', 'house', 'room', 'committee',
  'council', 'ministry', 'department', 'agency', 'union', 'group', 'bank', 'fund', 'institute', 'university', 'party', 'street', 'square', 'prize',
  'day', 'strategy', 'forces', 'army', 'navy', 'command', 'office', 'court', 'parliament', 'assembly', 'service', 'company', 'corporation', 'inc',
  'ltd', 'times', 'post', 'journal', 'channel', 'administration', 'republic', 'federation', 'kingdom', 'states', 'sea', 'river', 'region', 'oblast',
  'province', 'front', 'summit', 'war', 'peace', 'treaty', 'act', 'law', 'bill', 'plan', 'program', 'programme', 'initiative', 'facility', 'mission',
  'system', 'systems', 'missile', 'missiles', 'tank', 'tanks', 'brigade', 'division', 'corps', 'centre', 'center', 'airport', 'base', 'station',
  'hall', 'palace', 'embassy', 'city', 'island', 'islands', 'county', 'district', 'world', 'global', 'international', 'european', 'eastern', 'western',
  'northern', 'southern', 'central', 'north', 'south', 'east', 'west', 'new', 'national', 'federal', 'state', 'public', 'january', 'february', 'march',
  'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'christmas', 'easter', 'god', 'allah', 'trade', 'defense', 'defence', 'security', 'economic', 'foreign', 'military', 'situation',
  'independence', 'victory', 'liberty', 'freedom', 'energy', 'fox', 'nobel', 'mr', 'mrs', 'ms', 'dr', 'said', 'says', 'told', 'also', 'not',
  'president', 'minister', 'secretary', 'general', 'chancellor', 'premier', 'spokesman', 'spokeswoman', 'spokesperson', 'ambassador', 'envoy',
  'commander', 'chief', 'prime', 'vice', 'deputy', 'senator', 'governor', 'mayor', 'speaker', 'king', 'queen', 'pope', 'director',
  // Words that start sentences before a name ("Later Smith said").
  'later', 'earlier', 'then', 'now', 'today', 'yesterday', 'tomorrow', 'also', 'still', 'instead', 'separately', 'finally', 'ultimately',
  'previously', 'recently', 'currently', 'last', 'next', 'first', 'second', 'both', 'neither', 'only', 'even', 'asked', 'speaking', 'writing',
  'there', 'here', 'what', 'who', 'why', 'how', 'where', 'which', 'so', 'thus', 'indeed', 'instead', 'nevertheless', 'nonetheless', 'moreover',
  'furthermore', 'additionally', 'overall', 'officially', 'privately', 'publicly', 'reportedly', 'allegedly', 'apparently', 'clearly',
  'one', 'two', 'some', 'many', 'most', 'several', 'all', 'each', 'every', 'no', 'none', 'another', 'other', 'others', 'critics', 'analysts',
  'experts', 'residents', 'observers', 'lawmakers', 'diplomats', 'insiders', 'people', 'everyone', 'nobody', 'someone', 'you', 'me', 'us', 'them',
]);

const nameWord = /^\p{Lu}[\p{L}\p{M}'’.]*$/u;

interface Candidate {
  readonly start: number;
  readonly end: number;
  /** The name words (titles removed). */
  readonly words: readonly Token[];
  readonly titled: boolean;
}

/** Strip leading titles and trailing punctuation from a run of tokens; undefined when no name is left. */
function nameOf(tokens: readonly Token[]): Candidate | undefined {
  let words = tokens.filter((t) => t.word || t.text === '.' || t.text === "'" || t.text === '’');
  let titled = false;
  while (words.length > 0 && (titles.has(words[0]!.key) || words[0]!.text === '.')) {
    if (nameTitles.has(words[0]!.key)) titled = true;
    words = words.slice(1);
  }
  words = words.filter((t) => t.word && !(t.text.length === 1 && /^\p{Lu}$/u.test(t.text)));
  while (words.length > 1 && generational.has(words.at(-1)!.key)) words = words.slice(0, -1);
  if (words.length === 0 || words.length > 3) return undefined;
  if (!words.every((t) => nameWord.test(t.text) && !notNames.has(t.key))) return undefined;
  if (words.length === 1 && !titled) return undefined;
  return { start: words[0]!.start, end: words.at(-1)!.end, words, titled };
}

/** People compromise finds, as candidates. */
function compromisePeople(text: string, tokens: readonly Token[]): Candidate[] {
  const out: Candidate[] = [];
  let json: { offset?: { start: number; length: number } }[];
  try {
    json = nlp(text).people().json({ offset: true }) as typeof json;
  } catch {
    return out;
  }
  for (const person of json) {
    if (!person.offset) continue;
    const start = person.offset.start;
    const end = start + person.offset.length;
    const inside = tokens.filter((t) => t.start >= start && t.end <= end);
    const candidate = nameOf(inside);
    if (candidate) out.push(candidate);
  }
  return out;
}

/** "Defence Minister Ruben Brekelmans", "spokesman John Kirby", "Mr Smith": a title, then one to three capitalised words. */
function titledPeople(text: string, tokens: readonly Token[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!nameTitles.has(tokens[i]!.key)) continue;
    let j = i + 1;
    if (tokens[j]?.text === '.') j += 1;
    const words: Token[] = [];
    while (j < tokens.length && words.length < 4 && tokens[j]!.word && nameWord.test(tokens[j]!.text) && !titles.has(tokens[j]!.key) && !notNames.has(tokens[j]!.key)) {
      if (words.length > 0 && !/^\s+$/.test(text.slice(words.at(-1)!.end, tokens[j]!.start))) break;
      words.push(tokens[j]!);
      j += 1;
    }
    if (words.length === 0 || words.length > 3) continue;
    if (words.some((t) => t.text.length < 2)) continue;
    out.push({ start: words[0]!.start, end: words.at(-1)!.end, words, titled: true });
  }
  return out;
}

const speechAfter = /^\s*(?:,\s*)?(?:said|says|say|added|adds|told|tells|wrote|writes|argued|argues|noted|notes|stated|explained|warned|warns|insisted|insists|recalled|recalls|conceded|concedes|replied|acknowledged|admitted|declared|announced|believes|claimed|claims|confirmed|denied|predicted|estimated|posted)\b/;
const appositionAfter = /^,\s+(?:a|an|the|who|whose|whom)\b/;
const speechBefore = /\b(?:according to|close to|said|says|told|added|wrote)\s+$/i;
const initial = (tokens: readonly Token[], i: number) => /^\p{Lu}$/u.test(tokens[i]?.text ?? '') && tokens[i + 1]?.text === '.';
const generational = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/**
 * Names the sentence marks as people: one to three capitalised words (middle initials skipped)
 * right before a speech verb ("Papperger said", "Mykhailo Fedorov said"), after "according to"
 * or "said" ("said Hanna Lindqvist"), or, for two words or more, before an apposition ("Olena
 * Petrenko, a teacher").
 */
function cuedPeople(text: string, tokens: readonly Token[]): Candidate[] {
  const out: Candidate[] = [];
  let i = 0;
  while (i < tokens.length) {
    const words: Token[] = [];
    let j = i;
    while (j < tokens.length) {
      const t = tokens[j]!;
      if (words.length > 0 && initial(tokens, j)) {
        j += 2;
        continue;
      }
      if (!(t.word && nameWord.test(t.text) && t.text.length > 1 && !notNames.has(t.key) && !titles.has(t.key))) break;
      if (words.length > 0 && !/^[\s\-.]*$/.test(text.slice(tokens[j - 1]!.end, t.start))) break;
      words.push(t);
      j += 1;
    }
    if (words.length === 0) {
      i += 1;
      continue;
    }
    while (words.length > 1 && generational.has(words.at(-1)!.key)) words.pop();
    const end = tokens[j - 1]!.end;
    const after = text.slice(end, end + 20);
    const before = text.slice(Math.max(0, words[0]!.start - 16), words[0]!.start);
    const cued = speechAfter.test(after) || speechBefore.test(before) || (words.length >= 2 && appositionAfter.test(after));
    if (cued && words.length <= 3) out.push({ start: words[0]!.start, end: words.at(-1)!.end, words, titled: false });
    i = j;
  }
  return out;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** Gazetteer people by surname key, for resolving "Mr Rutte" and title + surname candidates. */
const gazetteerBySurname: ReadonlyMap<string, { id: string; name: string }> = (() => {
  const map = new Map<string, { id: string; name: string }>();
  for (const person of people) for (const surname of person.surnames) map.set(fold(surname), { id: person.id, name: person.name });
  return map;
})();

function detectedPeople(text: string, tokens: readonly Token[], found: Found[]): Found[] {
  const candidates = [...compromisePeople(text, tokens), ...titledPeople(text, tokens), ...cuedPeople(text, tokens)].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  for (const candidate of candidates) {
    if (out.some((f) => overlaps(f, candidate))) continue;
    const hit = found.filter((f) => overlaps(f, candidate));
    // A detected full name may take over a lone country word inside it ("Jim Jordan"), nothing else.
    if (hit.length > 0 && !(candidate.words.length >= 2 && hit.every((f) => f.kind === 'country' && f.size === 1 && f.form !== 'demonym' && f.start >= candidate.start && f.end <= candidate.end))) continue;
    const name = candidate.words.map((t) => t.text).join(' ');
    const known = candidate.words.length === 1 ? gazetteerBySurname.get(candidate.words[0]!.key) : undefined;
    out.push({ kind: 'person', start: candidate.start, end: candidate.end, id: known?.id ?? slug(name), name: known?.name ?? name, size: candidate.words.length, from: known ? 'surname' : 'detected' });
  }
  return out;
}

function toEntity(text: string, f: Found): Entity {
  return { kind: f.kind as EntityKind, span: { start: f.start, end: f.end, text: text.slice(f.start, f.end) }, id: f.id, name: f.name };
}

/**
 * Countries, organisations and people in `text`: spans relative to `text`, sorted, not
 * overlapping. Surnames alone resolve to a full name earlier in the same text (or to the
 * gazetteer's person); see `resolveSurnames` for a whole article analysed sentence by sentence.
 */
export function findEntities(text: string): Entity[] {
  const tokens = tokenize(text);
  const gazetteer = gazetteerMatches(text, tokens);
  const detected = detectedPeople(text, tokens, gazetteer);
  const kept = [...gazetteer.filter((g) => !detected.some((d) => overlaps(d, g))), ...detected]
    .filter((f) => f.kind !== 'blocked')
    .sort((a, b) => a.start - b.start);
  return resolveSurnames(text, kept.map((f) => toEntity(text, f)));
}

const isFullName = (e: Entity) => e.kind === 'person' && /\s/.test(e.name.trim());
const lastWord = (name: string) => fold(name.trim().split(/\s+/).at(-1) ?? name);

/**
 * Surname-only mentions resolved across a text: `entities` are ones found in `text` (offsets
 * into it, e.g. the entities of every sentence of an article shifted to article offsets). A
 * person entity of one word ("Smith", from "Mr Smith") takes the id and name of the nearest
 * earlier full name with that surname ("Jane Smith"), or of a later one when none precedes; and
 * every other capitalised "Smith" in the text that no entity covers becomes a mention of her.
 * Returns a new list, sorted and without overlaps; the input is not changed.
 */
export function resolveSurnames(text: string, entities: readonly Entity[]): Entity[] {
  const sorted = [...entities].sort((a, b) => a.span.start - b.span.start);
  const full = sorted.filter(isFullName);
  if (full.length === 0) return sorted;
  const bySurname = (surname: string, at: number): Entity | undefined => {
    const same = full.filter((e) => lastWord(e.name) === surname || lastWord(e.span.text) === surname);
    return same.filter((e) => e.span.start < at).at(-1) ?? same[0];
  };
  const out: Entity[] = sorted.map((e) => {
    if (e.kind !== 'person' || isFullName(e)) return e;
    const match = bySurname(lastWord(e.name), e.span.start);
    return match && match.id !== e.id ? { ...e, id: match.id, name: match.name } : e;
  });
  const surnames = new Set(full.map((e) => lastWord(e.span.text)));
  const added: Entity[] = [];
  for (const match of text.matchAll(/\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{Lu}?[\p{L}\p{M}]+)*/gu)) {
    const key = fold(match[0]);
    if (!surnames.has(key) || notNames.has(key) || titles.has(key)) continue;
    const span = { start: match.index, end: match.index + match[0].length };
    // Whole word only.
    if (/[\p{L}\p{M}\p{N}]/u.test(text.charAt(span.start - 1)) || /[\p{L}\p{M}\p{N}]/u.test(text.charAt(span.end))) continue;
    if (out.some((e) => overlaps(e.span, span))) continue;
    const person = bySurname(key, span.start);
    if (!person) continue;
    added.push({ kind: 'person', span: { ...span, text: match[0] }, id: person.id, name: person.name });
  }
  return [...out, ...added].sort((a, b) => a.span.start - b.span.start);
}
