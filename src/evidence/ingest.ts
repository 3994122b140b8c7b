/**
 * Reading a set of articles as a fact-checker would: each article analysed sentence by sentence,
 * then across articles the stories they tell (a copy or a rewrite is the same story, so
 * corroboration counts stories, not articles), articles that join two stories, contradictions,
 * and candidate ledger entries for a person to accept or reject. Pure: the caller reads the
 * files. The JSON form of `IngestReport` is documented in the README ("Evidence from articles").
 */
import { DomainError } from '../domain/errors.js';
import { analyseArticle } from './analyse.js';
import { proposeCandidates, type Candidate } from './candidates.js';
import { findContradictions } from './contradictions.js';
import { findJoinedStories, groupStories, independentStories } from './stories.js';
import { articleText } from './text.js';
import type { ArticleAnalysis, Contradiction, JoinedStory, StoryGroup } from './types.js';

export interface RawArticle {
  /** The file name it is reported under. */
  readonly file: string;
  readonly content: string;
  readonly kind: 'text' | 'html';
  /** YYYY-MM-DD; an HTML page's own date wins over this one. */
  readonly published?: string;
}

export interface IngestReport {
  readonly articles: readonly (ArticleAnalysis & { readonly title?: string })[];
  readonly stories: readonly StoryGroup[];
  /** How many independent stories the articles tell. */
  readonly independentStories: number;
  readonly joined: readonly JoinedStory[];
  readonly contradictions: readonly Contradiction[];
  readonly candidates: readonly Candidate[];
  /** The `RecordSource` command of each article that proposes candidates (sent before them). */
  readonly sources: readonly Readonly<Record<string, unknown>>[];
  /** Sentences that claim money given but lack a donor or an amount, so propose nothing. */
  readonly incompleteClaims: number;
}

/** At most this many articles in one reading: story grouping compares them with each other. */
export const articlesPerIngestMax = 1000;

export function ingestArticles(raw: readonly RawArticle[]): IngestReport {
  if (raw.length === 0) throw new DomainError('VALIDATION_FAILED', 'no article to read', 'files');
  if (raw.length > articlesPerIngestMax) throw new DomainError('LIMIT_EXCEEDED', `${raw.length} articles given; at most ${articlesPerIngestMax} are read at once`, 'files');
  const seen = new Set<string>();
  const articles = raw.map((item) => {
    if (seen.has(item.file)) throw new DomainError('VALIDATION_FAILED', `${item.file} is given twice`, 'files');
    seen.add(item.file);
    const { text, title, published } = articleText(item.content, item.kind);
    const date = published ?? item.published;
    const analysis = analyseArticle({ file: item.file, text, ...(date === undefined ? {} : { published: date }) });
    return title === undefined ? analysis : { ...analysis, title };
  });
  const stories = groupStories(articles);
  const joined = articles.flatMap((article) => findJoinedStories(article) ?? []);
  const proposals = articles.map(proposeCandidates);
  return {
    articles,
    stories,
    independentStories: independentStories(stories),
    joined,
    contradictions: findContradictions(articles, stories),
    candidates: markRetold(proposals.flatMap((proposal) => proposal.candidates), stories),
    sources: proposals.flatMap((proposal) => (proposal.source === undefined ? [] : [proposal.source])),
    incompleteClaims: proposals.reduce((sum, proposal) => sum + proposal.incomplete, 0),
  };
}

/**
 * A gift proposed again by another article of the same story (same donor, recipient and
 * currency) is the same report told twice: the later one says so, so that it is not recorded as
 * a second gift or counted as corroboration.
 */
function markRetold(candidates: readonly Candidate[], stories: readonly StoryGroup[]): Candidate[] {
  const storyOf = new Map(stories.flatMap((group, index) => group.files.map((file) => [file, index] as const)));
  const first = new Map<string, Candidate>();
  return candidates.map((candidate) => {
    const key = [storyOf.get(candidate.file), candidate.donor, candidate.recipient ?? '', candidate.amount.currency].join('\u0000');
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, candidate);
      return candidate;
    }
    if (earlier.file === candidate.file) return candidate;
    const same = earlier.amount.value === candidate.amount.value ? 'the same gift' : `the same gift with another amount (${earlier.amount.value} ${earlier.amount.currency}: see the contradictions)`;
    return { ...candidate, warnings: [...candidate.warnings, `${earlier.file} [${earlier.sentence + 1}], which tells the same story, proposes ${same}: record one, not both`] };
  });
}
