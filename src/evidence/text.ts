/**
 * An article's text, the one every offset of the evidence pipeline points into.
 *
 * Plain text is kept as it is except for two normalisations, so that offsets are stable and
 * the same bytes always give the same text: a leading byte-order mark is dropped, and CR LF
 * and lone CR become LF. Nothing else changes (no trimming, no collapsing of spaces).
 *
 * HTML is reduced to text: comments, `<head>`, `<script>`, `<style>`, `<nav>`, `<noscript>`,
 * `<template>`, `<svg>`, `<iframe>`, `<form>` and `<button>` are dropped with their content;
 * runs of whitespace inside the markup collapse to one space (as a browser shows them);
 * `<br>` becomes a line break and the other block elements (p, div, h1–h6, li, blockquote,
 * section, article, tr, …) become a blank line, so a paragraph always ends a sentence;
 * character references are decoded (named ones in common use, and every numeric one). The
 * title is the `<title>` (else the first `<h1>`); `published` is the date of an
 * `article:published_time` (or `datePublished`, `date`, `pubdate`) meta, else of the first
 * `<time datetime>`, as YYYY-MM-DD.
 */

import { DomainError } from '../domain/errors.js';

/** The longest article accepted, in UTF-16 code units (about 2 MB of text). */
export const articleLengthMax = 2_000_000;

export interface ArticleText {
  readonly text: string;
  readonly title?: string;
  readonly published?: string;
}

export function articleText(raw: string, kind: 'text' | 'html'): ArticleText {
  if (typeof raw !== 'string') throw new DomainError('VALIDATION_FAILED', 'the article must be a string', 'text');
  if (raw.length > articleLengthMax) {
    throw new DomainError('LIMIT_EXCEEDED', `the article is ${raw.length} characters long; at most ${articleLengthMax} are accepted`, 'text');
  }
  if (kind === 'text') return { text: plainText(raw) };
  if (kind === 'html') return htmlText(raw);
  throw new DomainError('VALIDATION_FAILED', `unknown article kind ${JSON.stringify(kind)}: expected "text" or "html"`, 'kind');
}

/** Drops a leading byte-order mark and turns CR LF and lone CR into LF. */
export function plainText(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

const dropped = ['head', 'script', 'style', 'nav', 'noscript', 'template', 'svg', 'iframe', 'form', 'button', 'select', 'textarea'];
const blocks = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'section', 'article',
  'header', 'footer', 'aside', 'main', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'pre',
  'hr', 'address', 'caption', 'details', 'summary', 'body', 'html', 'title',
]);

function htmlText(raw: string): ArticleText {
  const html = plainText(raw);
  const title = firstText(html, 'title') ?? firstText(html, 'h1');
  const published = publishedDate(html);
  let body = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ').replace(/<!DOCTYPE[^>]*>/gi, ' ');
  for (const tag of dropped) body = body.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?</${tag}\\s*>`, 'gi'), ' ');
  const pieces: string[] = [];
  const tagPattern = /<\/?([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;
  let last = 0;
  for (const match of body.matchAll(tagPattern)) {
    pieces.push(body.slice(last, match.index).replace(/\s+/g, ' '));
    const name = (match[1] ?? '').toLowerCase();
    if (name === 'br') pieces.push('\n');
    else if (blocks.has(name)) pieces.push('\n\n');
    last = match.index + match[0].length;
  }
  pieces.push(body.slice(last).replace(/\s+/g, ' '));
  const text = decodeEntities(pieces.join(''))
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, ...(title === undefined ? {} : { title }), ...(published === undefined ? {} : { published }) };
}

function firstText(html: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}\\s*>`, 'i').exec(html);
  if (!match) return undefined;
  const text = decodeEntities((match[1] ?? '').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function publishedDate(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = (attribute(tag, 'property') ?? attribute(tag, 'name') ?? attribute(tag, 'itemprop') ?? '').toLowerCase();
    if (['article:published_time', 'datepublished', 'date', 'pubdate', 'og:published_time'].includes(key)) {
      const date = isoDate(attribute(tag, 'content'));
      if (date) return date;
    }
  }
  for (const tag of html.match(/<time\b[^>]*>/gi) ?? []) {
    const date = isoDate(attribute(tag, 'datetime'));
    if (date) return date;
  }
  return undefined;
}

/** The YYYY-MM-DD at the start of a date or timestamp, when it is a real calendar date. */
function isoDate(value: string | undefined): string | undefined {
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

const named: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201C', rdquo: '\u201D', sbquo: '\u201A', bdquo: '\u201E',
  laquo: '\u00AB', raquo: '\u00BB', lsaquo: '\u2039', rsaquo: '\u203A', prime: '\u2032', Prime: '\u2033',
  mdash: '\u2014', ndash: '\u2013', hellip: '\u2026', bull: '\u2022', middot: '\u00B7', shy: '',
  euro: '\u20AC', pound: '\u00A3', yen: '\u00A5', cent: '\u00A2', dollar: '$', percnt: '%', copy: '\u00A9', reg: '\u00AE',
  trade: '\u2122', deg: '\u00B0', times: '\u00D7', minus: '\u2212', sect: '\u00A7', para: '\u00B6',
  aacute: 'á', Aacute: 'Á', eacute: 'é', Eacute: 'É', iacute: 'í', oacute: 'ó', uacute: 'ú', agrave: 'à', egrave: 'è',
  ograve: 'ò', acirc: 'â', ecirc: 'ê', icirc: 'î', ocirc: 'ô', ucirc: 'û', auml: 'ä', Auml: 'Ä', euml: 'ë', iuml: 'ï',
  ouml: 'ö', Ouml: 'Ö', uuml: 'ü', Uuml: 'Ü', szlig: 'ß', ccedil: 'ç', Ccedil: 'Ç', ntilde: 'ñ', aring: 'å', Aring: 'Å',
  oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ', scaron: 'š', Scaron: 'Š', zcaron: 'ž', Zcaron: 'Ž',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    return named[body] ?? whole;
  });
}
