/**
 * The analysis of one article: its sentences, and per sentence the attribution, the claims,
 * the entities, amounts and dates found in it. Offsets are into `input.text` as given (reduce
 * HTML with `articleText` first). Pure: no I/O, no clock.
 */
import { DomainError } from '../domain/errors.js';
import { findAmounts } from './amounts.js';
import { findAttribution } from './attribution.js';
import { findClaims } from './claims.js';
import { findDates } from './dates.js';
import { findEntities } from './entities.js';
import { splitSentences } from './sentences.js';
import { articleLengthMax } from './text.js';
import type { AnalysedSentence, ArticleAnalysis, ArticleInput, Span } from './types.js';

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
  const sentences: AnalysedSentence[] = splitSentences(text).map((sentence) => {
    const shift = <T extends { span: Span }>(item: T): T => ({
      ...item,
      span: { start: item.span.start + sentence.start, end: item.span.end + sentence.start, text: item.span.text },
    });
    const entities = findEntities(sentence.text).map(shift);
    const amounts = findAmounts(sentence.text).map(shift);
    const dates = findDates(sentence.text, input.published).map(shift);
    const attribution = findAttribution(text, sentence);
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

function validDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
