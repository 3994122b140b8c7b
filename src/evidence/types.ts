/**
 * What the evidence pipeline finds in a news article or statement, as plain data. Offsets are
 * UTF-16 code-unit offsets into the article's text (after HTML is reduced to text), half-open:
 * `text.slice(start, end)` is the span. Everything here is pure: no I/O, no clock.
 */

/** A piece of the article's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Who a claim rests on, as the article presents it:
 * - `person`: a named person ("Mark Rutte", "Defence Minister Ruben Brekelmans");
 * - `organisation`: a named body speaking as such ("the Pentagon", "NATO said");
 * - `document`: a report, letter, statement or dataset ("according to a classified report");
 * - `anonymous`: unnamed people ("sources close to the administration", "officials who spoke on
 *   condition of anonymity", "insiders", "a person familiar with the matter");
 * - `pronoun`: "he said", "she told reporters", whose antecedent is not resolved here;
 * - `none`: no attribution; the article states it in its own voice.
 */
export type SourceType = 'person' | 'organisation' | 'document' | 'anonymous' | 'pronoun' | 'none';
export const sourceTypes: readonly SourceType[] = ['person', 'organisation', 'document', 'anonymous', 'pronoun', 'none'];

export interface Attribution {
  /** Who says it: the source's words in the sentence ("sources close to the administration"). */
  readonly source: Span;
  /** The reporting words ("said", "according to", "confirmed in an interview"). */
  readonly cue: Span;
  readonly type: Exclude<SourceType, 'none'>;
  /** For a person: the role the article gives ("NATO Secretary-General"), if any. */
  readonly role?: string;
  /** Set when the sentence continues a quotation and the attribution is carried from an earlier sentence: that sentence's index. */
  readonly carriedFrom?: number;
}

/** What a sentence claims happened or will happen. */
export type ClaimKind = 'commitment' | 'delivery' | 'payment' | 'amount' | 'decision' | 'event';
export const claimKinds: readonly ClaimKind[] = ['commitment', 'delivery', 'payment', 'amount', 'decision', 'event'];

export type EntityKind = 'country' | 'organisation' | 'person';

export interface Entity {
  readonly kind: EntityKind;
  readonly span: Span;
  /** A country's ISO 3166-1 alpha-3 code; an organisation's or person's key in the project's gazetteer (e.g. "NATO", "mark-rutte"), or a slug of the name when it is not in the gazetteer. */
  readonly id: string;
  /** The canonical name. */
  readonly name: string;
}

export interface Amount {
  readonly kind: 'money' | 'percent';
  readonly span: Span;
  /** The exact value as a decimal string in units (never a float): "1200000000", "5", "3.5". */
  readonly value: string;
  /** ISO 4217, for money. */
  readonly currency?: string;
  /** For a percentage: what it is a share of, when the text says ("GDP"). */
  readonly of?: string;
  /** "about", "more than", "up to", "hundreds of billions": the value is not exact. */
  readonly approximate?: boolean;
}

export interface DateMention {
  readonly span: Span;
  /** Resolved against the article's date: "YYYY-MM-DD", or "YYYY-MM" / "YYYY" when that is all the text gives. */
  readonly date: string;
}

export interface Sentence {
  /** 0-based position in the article. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A sentence with everything found in it; every span's offsets are into the article's text. */
export interface AnalysedSentence extends Sentence {
  /** True when the sentence attributes what it says to someone (a source and a cue). */
  readonly attributed: boolean;
  readonly attribution?: Attribution;
  /** Empty when the sentence claims nothing the ledger could record (background, colour). */
  readonly claims: readonly ClaimKind[];
  readonly entities: readonly Entity[];
  readonly amounts: readonly Amount[];
  readonly dates: readonly DateMention[];
}

export interface ArticleInput {
  /** The file name (or another label) the article is reported under. */
  readonly file: string;
  /** Plain text; HTML is reduced to text before analysis. */
  readonly text: string;
  /** The article's date (YYYY-MM-DD), the reference for "on Tuesday", "last month". */
  readonly published?: string;
}

export interface ArticleAnalysis {
  readonly file: string;
  readonly published?: string;
  /** The text the offsets point into. */
  readonly text: string;
  readonly sentences: readonly AnalysedSentence[];
}

/** Articles that tell the same story: `copy` when the text is largely the same words, `rewrite` when the same claims are told in other words. */
export interface StoryPair {
  readonly a: string;
  readonly b: string;
  readonly relation: 'copy' | 'rewrite';
  /** Estimated Jaccard similarity of word shingles (MinHash), 0–1 as a decimal string with 3 places. */
  readonly textSimilarity: string;
  /** Share of claim fingerprints (actors, amounts, dates, places) in common, 0–1, 3 places. */
  readonly claimSimilarity: string;
}

export interface StoryGroup {
  /** The files that tell one story, sorted; a story told once is a group of one. */
  readonly files: readonly string[];
  readonly pairs: readonly StoryPair[];
}

/** An article that is two (or more) stories joined together: where each part starts. */
export interface JoinedStory {
  readonly file: string;
  /** Sentence indexes where a new story starts (the first part starts at 0 and is not listed). */
  readonly boundaries: readonly number[];
  readonly reason: string;
}

/** Two claims about the same actors and event that disagree. */
export interface Contradiction {
  readonly kind: 'amount' | 'date' | 'stance' | 'event';
  /** What they are about: the shared actors or topic, in words. */
  readonly about: string;
  readonly claims: readonly { readonly file: string; readonly sentence: number; readonly text: string; readonly sourceType: SourceType; readonly value: string }[];
}
