/**
 * Candidate ledger entries proposed from an analysed article, for a person to accept or reject.
 * Nothing here writes: a candidate carries the wire command (`RecordContribution`) that would
 * record it, with the sentence as its provenance, and `aidtrace apply` records it only once a
 * person has read it and kept it.
 *
 * A sentence proposes a contribution when it claims a commitment, payment or delivery, names a
 * money amount, and names a country that gives it (an amount alone — "billions siphoned off" —
 * is not money given):
 *
 * | claim in the sentence                          | stage      |
 * |------------------------------------------------|------------|
 * | payment ("paid", "disbursed", "transferred")    | disbursed  |
 * | delivery ("delivered", "shipped", "arrived")    | delivered  |
 * | commitment with "signed", "agreed", "committed", "approved", "allocated" | committed |
 * | any other commitment ("pledged", "promised", "announced") | announced |
 *
 * - donor: a country after "from" ("Ukraine will get … from Norway"), otherwise the first country
 *   the sentence names (news puts the giver first: "Norway will provide …"); recipient: another country after "to", "for" or "in", otherwise Ukraine when the
 *   sentence names it. A promise ("will provide", "pledged to send") is a commitment even when
 *   its verb is one of delivery.
 * - amount: the first money amount that is not a share of GDP; an approximate one ("about",
 *   "hundreds of billions") is proposed with a warning.
 * - date: the first date the sentence gives, otherwise the article's date; with neither, no
 *   command is proposed (the ledger needs a date) and the candidate says so.
 *
 * Accepting a candidate records three things: the article as a source (`RecordSource`, once per
 * article, without a publisher until the reviewer adds one), the contribution with the sentence
 * as its provenance, and the sentence as its evidence (`LinkEvidence`, with whose word it rests
 * on), so the contribution's confirmation level is what the article supports — never
 * "confirmed" from a news report alone.
 *
 * A sentence that lacks a donor or an amount proposes nothing; the count of such claims is
 * reported so nothing is silently dropped. Rules are simple on purpose: a person decides.
 */
import { limits } from '../domain/limits.js';
import { newsDataset } from '../domain/provenance.js';
import type { Amount, AnalysedSentence, ArticleAnalysis, ClaimKind, Entity, SourceType } from './types.js';

export type CandidateStage = 'announced' | 'committed' | 'disbursed' | 'delivered';

export interface Candidate {
  readonly file: string;
  /** The sentence's index in the article. */
  readonly sentence: number;
  readonly text: string;
  readonly donor: string;
  readonly recipient?: string;
  readonly amount: { readonly value: string; readonly currency: string; readonly approximate: boolean };
  readonly stage: CandidateStage;
  readonly date?: string;
  /** Whose word it rests on (`none` when the article says it in its own voice). */
  readonly sourceType: SourceType;
  readonly source?: string;
  /** What a reviewer should check before accepting. */
  readonly warnings: readonly string[];
  /** The command that records it once accepted; absent when the ledger would refuse it as it stands (no date). */
  readonly command?: Readonly<Record<string, unknown>>;
  /** The `LinkEvidence` that ties it to the article's sentence, so its confirmation level is the article's (sent after the source and the contribution). */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

export interface CandidateReport {
  /** The `RecordSource` of the article, sent once before its candidates' commands; absent without a date. */
  readonly source?: Readonly<Record<string, unknown>>;
  readonly candidates: readonly Candidate[];
  /** Sentences that claim money given but lack a donor or an amount. */
  readonly incomplete: number;
}

const giving: ReadonlySet<ClaimKind> = new Set(['commitment', 'payment', 'delivery']);
const firmCommitment = /\b(sign(s|ed)?|agree(s|d)?|commit(s|ted)?|approve(s|d)?|allocate(s|d)?|contract(s|ed)?)\b/i;
/** "… from Norway": the giver, when the sentence is told from the receiving side. */
const donorCue = /\bfrom\s+(the\s+)?$/i;
const recipientCue = /\b(to|for|in)\s+(the\s+)?$/i;
const promise = /\b(will|would|shall|plans? to|intends? to|is to|are to|pledge[sd]?|promise[sd]?|vow(s|ed)?|commit(s|ted)? to|agree[sd]? to|announce[sd]?)\b/i;

export function proposeCandidates(article: ArticleAnalysis): CandidateReport {
  const candidates: Candidate[] = [];
  let incomplete = 0;
  for (const sentence of article.sentences) {
    if (!sentence.claims.some((kind) => giving.has(kind))) continue;
    const amount = moneyOf(sentence.amounts);
    const countries = sentence.entities.filter((entity) => entity.kind === 'country');
    const donor = (countries.find((entity) => donorCue.test(article.text.slice(Math.max(0, entity.span.start - 12), entity.span.start))) ?? countries[0])?.id;
    const recipient = donor === undefined ? undefined : recipientOf(article.text, countries.filter((entity) => entity.id !== donor));
    if (amount === undefined || donor === undefined) {
      if (amount !== undefined || donor !== undefined) incomplete += 1;
      continue;
    }
    candidates.push(candidateOf(article, sentence, donor, recipient, amount));
  }
  const source = article.published === undefined && candidates.every((c) => c.command === undefined) ? undefined : sourceOf(article, candidates);
  return { ...(source === undefined || candidates.length === 0 ? {} : { source }), candidates, incomplete };
}

/** The id of an article as a source: one per file. */
const sourceIdOf = (article: ArticleAnalysis) => `news-${slug(article.file)}`.slice(0, limits.idLengthMax);

function sourceOf(article: ArticleAnalysis & { readonly title?: string }, candidates: readonly Candidate[]): Readonly<Record<string, unknown>> | undefined {
  const publishedOn = article.published ?? candidates.find((c) => c.date !== undefined)?.date;
  if (publishedOn === undefined) return undefined;
  const title = (article.title ?? article.sentences[0]?.text ?? article.file).replace(/\s+/g, ' ').slice(0, limits.sourceTitleMax);
  // No publisher is known from a file alone: the reviewer adds it, or the evidence stays unverified.
  return { id: `${sourceIdOf(article)}-source`, type: 'RecordSource', sourceId: sourceIdOf(article), kind: 'news-article', title, publishedOn, locator: article.file.slice(0, limits.locatorMax) };
}

function moneyOf(amounts: readonly Amount[]): Amount | undefined {
  return amounts.find((amount) => amount.kind === 'money' && amount.currency !== undefined);
}

/** Among the countries other than the donor: one after "to", "for" or "in", otherwise Ukraine if named. */
function recipientOf(text: string, countries: readonly Entity[]): string | undefined {
  const cued = countries.find((entity) => recipientCue.test(text.slice(Math.max(0, entity.span.start - 12), entity.span.start)));
  if (cued !== undefined) return cued.id;
  return countries.some((entity) => entity.id === 'UKR') ? 'UKR' : undefined;
}

function stageOf(sentence: AnalysedSentence): CandidateStage {
  // "will provide", "pledged to send": a promise, even when its verb is one of delivery.
  if (sentence.claims.includes('commitment') && promise.test(sentence.text)) return firmCommitment.test(sentence.text) ? 'committed' : 'announced';
  if (sentence.claims.includes('payment')) return 'disbursed';
  if (sentence.claims.includes('delivery')) return 'delivered';
  return firmCommitment.test(sentence.text) ? 'committed' : 'announced';
}

function candidateOf(article: ArticleAnalysis, sentence: AnalysedSentence, donor: string, recipient: string | undefined, amount: Amount): Candidate {
  const stage = stageOf(sentence);
  const date = sentence.dates.find((mention) => /^\d{4}-\d{2}-\d{2}$/.test(mention.date))?.date ?? article.published;
  const approximate = amount.approximate === true;
  const sourceType = sentence.attribution?.type ?? 'none';
  const warnings: string[] = [];
  if (approximate) warnings.push(`the amount is approximate ("${amount.span.text}"): the ledger would record ${amount.value} ${amount.currency} as if exact`);
  if (sourceType === 'anonymous' || sourceType === 'pronoun') warnings.push(`it rests on ${sourceType === 'anonymous' ? 'unnamed sources' : 'an unresolved "he/she/they"'}: ${sentence.attribution?.source.text}`);
  if (date === undefined) warnings.push('no date in the sentence and no date for the article: give --published or record it by hand');
  if (recipient === undefined) warnings.push('no recipient named');
  const locator = `sentence ${sentence.index + 1}, characters ${sentence.start}-${sentence.end}`;
  const contributionId = `news-${slug(article.file)}-${sentence.index + 1}`.slice(0, limits.idLengthMax);
  const command =
    date === undefined
      ? undefined
      : {
          id: contributionId,
          type: 'RecordContribution',
          contributionId,
          donorId: donor,
          kind: 'money',
          // Paid money may enter as disbursed only with its provenance and outside packages: the sentence is the provenance.
          stage,
          value: { amount: amount.value, currency: amount.currency },
          at: date,
          category: 'unspecified',
          description: sentence.text.slice(0, limits.textLengthMax),
          ...(recipient === undefined ? {} : { recipientId: recipient }),
          provenance: { dataset: newsDataset, file: article.file, locator },
        };
  const excerpt = sentence.text.slice(0, limits.excerptMax);
  const speaker = sourceType === 'person' || sourceType === 'organisation' ? sentence.attribution?.source.text.slice(0, limits.publisherMax) : undefined;
  const evidence =
    command === undefined
      ? undefined
      : {
          id: `${contributionId}-evidence`.slice(0, limits.idLengthMax),
          type: 'LinkEvidence',
          recordKind: 'contribution',
          recordId: contributionId,
          sourceId: sourceIdOf(article),
          excerpt,
          ...(excerpt.length === sentence.text.length ? { offsets: { start: sentence.start, end: sentence.end } } : {}),
          sourceType,
          ...(speaker === undefined ? {} : { speaker }),
          claim: 'amount',
        };
  return {
    file: article.file,
    sentence: sentence.index,
    text: sentence.text,
    donor,
    ...(recipient === undefined ? {} : { recipient }),
    amount: { value: amount.value, currency: amount.currency as string, approximate },
    stage,
    ...(date === undefined ? {} : { date }),
    sourceType,
    ...(sentence.attribution ? { source: sentence.attribution.source.text } : {}),
    warnings,
    ...(command === undefined ? {} : { command }),
    ...(evidence === undefined ? {} : { evidence }),
  };
}

function slug(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]+$/, '');
  return base.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'article';
}
