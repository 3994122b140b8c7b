/**
 * The analysis of one article: its sentences, and per sentence the attribution, the claims,
 * the entities, amounts and dates found in it. Offsets are into `input.text` as given (reduce
 * HTML with `articleText` first). Pure: no I/O, no clock.
 *
 * Continued quotations: a sentence that opens with a quote mark and has no cue of its own
 * ("“We will pay our share.”" after "“The fund is empty,” Rutte said.") takes the attribution of
 * the sentence before it, whether that was found there or carried to it (a quote over three
 * sentences keeps its speaker). The carried attribution is the previous sentence's own, spans
 * and all: its source and cue point into the earlier sentence (they start before this sentence
 * does), and `carriedFrom` names the sentence it was found in. The same holds for a sentence that starts inside
 * a quotation left open by the sentence before ("“We will pay our share. Nobody should doubt
 * it.”" split in two). A sentence without a quote mark, or after an unattributed sentence,
 * carries nothing.
 */
import { DomainError } from '../domain/errors.js';
import { findAmounts } from './amounts.js';
import { findAttribution } from './attribution.js';
import { findClaims } from './claims.js';
import { findDates } from './dates.js';
import { findEntities } from './entities.js';
import { splitSentences } from './sentences.js';
import { articleLengthMax } from './text.js';
import type { AnalysedSentence, ArticleAnalysis, ArticleInput, Attribution, Span } from './types.js';

export function analyseArticle(input: ArticleInput): ArticleAnalysis {
  if (typeof input.file !== 'string' || input.file === '') throw new DomainError('VALIDATION_FAILED', 'the article needs a file name or label', 'file');
  if (typeof input.text !== 'string') throw new DomainError('VALIDATION_FAILED', `the text of ${input.file} must be a string`, 'text');
  if (input.text.length > articleLengthMax) {
    throw new DomainError('LIMIT_EXCEEDED', `${input.file} is ${input.text.length} characters long; at most ${articleLengthMax} are accepted`, 'text');
  }
  if (input.published !== undefined && !validDate(input.published)) {
    throw new DomainError('VALIDATION_FAILED', `the date of ${input.file} must be a calendar date YYYY-MM-DD, not ${JSON.stringify(input.published)}`, 'published');
  }
  const text = input.text;
  let previous: { readonly attribution: Attribution; readonly index: number } | undefined;
  let previousLeftQuoteOpen = false;
  const sentences: AnalysedSentence[] = splitSentences(text).map((sentence) => {
    const shift = <T extends { span: Span }>(item: T): T => ({
      ...item,
      span: { start: item.span.start + sentence.start, end: item.span.end + sentence.start, text: item.span.text },
    });
    const entities = findEntities(sentence.text).map(shift);
    const amounts = findAmounts(sentence.text).map(shift);
    const dates = findDates(sentence.text, input.published).map(shift);
    const inQuote = previousLeftQuoteOpen;
    previousLeftQuoteOpen = leavesQuoteOpen(sentence.text, inQuote);
    const found = findAttribution(text, sentence);
    const carried = found === undefined && previous !== undefined && (inQuote || continuesQuote(sentence.text));
    const attribution = found ?? (carried && previous ? { ...previous.attribution, carriedFrom: previous.attribution.carriedFrom ?? previous.index } : undefined);
    previous = attribution === undefined ? undefined : { attribution, index: sentence.index };
    const claims = findClaims(sentence, { amounts, entities, dates });
    return {
      ...sentence,
      attributed: attribution !== undefined,
      ...(attribution ? { attribution } : {}),
      claims,
      entities,
      amounts,
      dates,
    };
  });
  return { file: input.file, ...(input.published === undefined ? {} : { published: input.published }), text, sentences };
}

/**
 * A sentence that only continues a quotation: it opens with a quote mark (a straight single quote
 * only before a capital, so "'90s" is not one). With no cue of its own, it is read as the same
 * speaker as the sentence before it, the way a fact-checker reads a quote run over two sentences.
 */
function continuesQuote(sentence: string): boolean {
  return /^\s*(?:["“„«‘]|'(?=\p{Lu}))/u.test(sentence);
}

/** Whether a quotation is still open at the end of the sentence ("“We will pay. …" runs on). */
function leavesQuoteOpen(sentence: string, openBefore: boolean): boolean {
  let open = openBefore;
  for (const ch of sentence) {
    if (ch === '“' || ch === '„' || ch === '«') open = true;
    else if (ch === '”' || ch === '»') open = false;
    else if (ch === '"') open = !open;
  }
  return open;
}

function validDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
