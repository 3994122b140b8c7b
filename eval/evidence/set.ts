/**
 * The labelled evaluation set of the evidence pipeline: loading and checking its format. A malformed
 * set is an error that names the file and the line, so a measurement never runs on bad labels.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceTypes, type EntityKind, type SourceType } from '../../src/evidence/types.js';

export interface GoldEntity {
  readonly kind: EntityKind;
  readonly id: string;
}

export interface GoldAmount {
  readonly kind: 'money' | 'percent';
  /** Decimal string in units: "1200000000", "3.5". */
  readonly value: string;
  readonly currency?: string;
  readonly of?: string;
  readonly approximate?: boolean;
}

export interface GoldSentence {
  readonly id: string;
  readonly text: string;
  readonly published: string;
  readonly attributed: boolean;
  readonly source: string | null;
  readonly cue: string | null;
  readonly sourceType: SourceType;
  readonly entities: readonly GoldEntity[];
  readonly amounts: readonly GoldAmount[];
  readonly origin: string;
  /** 1-based line in sentences.jsonl, for messages. */
  readonly line: number;
}

export type Relation = 'copy' | 'rewrite' | 'unrelated';
export const relations: readonly Relation[] = ['copy', 'rewrite', 'unrelated'];

export interface GoldPair {
  readonly a: string;
  readonly b: string;
  readonly relation: Relation;
  readonly line: number;
}

export interface GoldArticle {
  readonly file: string;
  /** The text handed to the pipeline: the file without its `Published:` line. */
  readonly text: string;
  readonly published: string;
}

export interface GoldJoined {
  readonly file: string;
  /** Character offsets (into GoldArticle.text) where a second, third… story begins. */
  readonly offsets: readonly number[];
  /** The first words of each later story, checked against the text at its offset. */
  readonly starts: readonly string[];
  readonly line: number;
}

export interface EvalSet {
  readonly dir: string;
  readonly sentences: readonly GoldSentence[];
  readonly pairs: readonly GoldPair[];
  readonly articles: ReadonlyMap<string, GoldArticle>;
  readonly joined: readonly GoldJoined[];
}

export class SetFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
    this.name = 'SetFormatError';
  }
}

const entityKinds: readonly string[] = ['country', 'organisation', 'person'];
const decimal = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: unknown): s is string {
  if (typeof s !== 'string' || !isoDate.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function readJsonl(file: string): { line: number; value: unknown }[] {
  if (!existsSync(file)) throw new SetFormatError(file, undefined, 'file not found');
  const out: { line: number; value: unknown }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        out.push({ line: i + 1, value: JSON.parse(raw) });
      } catch (e) {
        throw new SetFormatError(file, i + 1, `not JSON: ${(e as Error).message}`);
      }
    });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseSentence(value: unknown, file: string, line: number): GoldSentence {
  const fail = (m: string): never => {
    throw new SetFormatError(file, line, m);
  };
  if (!isObject(value)) return fail('expected a JSON object');
  const known = ['id', 'text', 'published', 'attributed', 'source', 'cue', 'sourceType', 'entities', 'amounts', 'origin'];
  for (const k of Object.keys(value)) if (!known.includes(k)) fail(`unknown field "${k}"`);
  const { id, text, published, attributed, source, cue, sourceType, entities, amounts, origin } = value;
  if (typeof id !== 'string' || id === '') fail('"id" must be a non-empty string');
  if (typeof text !== 'string' || text.trim() === '') fail('"text" must be a non-empty string');
  if (!validDate(published)) fail('"published" must be a date YYYY-MM-DD');
  if (typeof attributed !== 'boolean') fail('"attributed" must be true or false');
  if (typeof sourceType !== 'string' || !(sourceTypes as readonly string[]).includes(sourceType))
    fail(`"sourceType" must be one of ${sourceTypes.join(', ')}`);
  const t = text as string;
  if (attributed) {
    if (sourceType === 'none') fail('an attributed sentence cannot have sourceType "none"');
    if (typeof source !== 'string' || source === '') fail('"source" must be a non-empty string when attributed');
    if (typeof cue !== 'string' || cue === '') fail('"cue" must be a non-empty string when attributed');
    if (!t.includes(source as string)) fail(`"source" ${JSON.stringify(source)} is not a substring of the text`);
    if (!t.includes(cue as string)) fail(`"cue" ${JSON.stringify(cue)} is not a substring of the text`);
  } else {
    if (sourceType !== 'none') fail('a sentence that is not attributed must have sourceType "none"');
    if (source !== null) fail('"source" must be null when not attributed');
    if (cue !== null) fail('"cue" must be null when not attributed');
  }
  if (!Array.isArray(entities)) fail('"entities" must be an array');
  const ents: GoldEntity[] = [];
  const seenEnt = new Set<string>();
  (entities as unknown[]).forEach((e, i) => {
    if (!isObject(e) || typeof e.kind !== 'string' || !entityKinds.includes(e.kind) || typeof e.id !== 'string' || e.id === '')
      fail(`entities[${i}] must be {"kind": country|organisation|person, "id": string}`);
    const ent = e as unknown as GoldEntity;
    if (ent.kind === 'country' && !/^[A-Z]{3}$/.test(ent.id)) fail(`entities[${i}]: a country id is an ISO alpha-3 code, not "${ent.id}"`);
    const key = `${ent.kind}:${ent.id}`;
    if (seenEnt.has(key)) fail(`entities[${i}]: ${key} is listed twice`);
    seenEnt.add(key);
    ents.push({ kind: ent.kind, id: ent.id });
  });
  if (!Array.isArray(amounts)) fail('"amounts" must be an array');
  const amts: GoldAmount[] = [];
  (amounts as unknown[]).forEach((a, i) => {
    if (!isObject(a)) return fail(`amounts[${i}] must be an object`);
    if (a.kind !== 'money' && a.kind !== 'percent') fail(`amounts[${i}].kind must be "money" or "percent"`);
    if (typeof a.value !== 'string' || !decimal.test(a.value)) fail(`amounts[${i}].value must be a decimal string like "1200000000" or "3.5"`);
    if (a.kind === 'money' && (typeof a.currency !== 'string' || !/^[A-Z]{3}$/.test(a.currency)))
      fail(`amounts[${i}]: money needs an ISO 4217 "currency"`);
    if (a.kind === 'percent' && a.currency !== undefined) fail(`amounts[${i}]: a percentage has no currency`);
    if (a.of !== undefined && typeof a.of !== 'string') fail(`amounts[${i}].of must be a string`);
    if (a.approximate !== undefined && typeof a.approximate !== 'boolean') fail(`amounts[${i}].approximate must be a boolean`);
    for (const k of Object.keys(a)) if (!['kind', 'value', 'currency', 'of', 'approximate'].includes(k)) fail(`amounts[${i}]: unknown field "${k}"`);
    amts.push(a as unknown as GoldAmount);
  });
  if (typeof origin !== 'string' || (origin !== 'written' && !/^https?:\/\/\S+$/.test(origin)))
    fail('"origin" must be "written" or the URL of a public-domain source');
  return {
    id: id as string,
    text: t,
    published: published as string,
    attributed: attributed as boolean,
    source: (source as string | null) ?? null,
    cue: (cue as string | null) ?? null,
    sourceType: sourceType as SourceType,
    entities: ents,
    amounts: amts,
    origin: origin as string,
    line,
  };
}

/** An article file: headline on the first line, `Published: YYYY-MM-DD` on the second, then the body. */
export function parseArticle(file: string, raw: string, path: string): GoldArticle {
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  const m = /^Published: (\d{4}-\d{2}-\d{2})\s*$/.exec(lines[1] ?? '');
  if ((lines[0] ?? '').trim() === '') throw new SetFormatError(path, 1, 'the first line must be the headline');
  if (!m || !validDate(m[1])) throw new SetFormatError(path, 2, 'the second line must be "Published: YYYY-MM-DD"');
  const text = [lines[0], ...lines.slice(2)].join('\n');
  return { file, text, published: m[1]! };
}

function loadArticle(dir: string, file: string, articles: Map<string, GoldArticle>, from: string, line: number): void {
  if (articles.has(file)) return;
  if (!/^[A-Za-z0-9._-]+\.txt$/.test(file)) throw new SetFormatError(from, line, `"${file}" is not a plain .txt file name`);
  const path = join(dir, 'articles', file);
  if (!existsSync(path)) throw new SetFormatError(from, line, `article ${file} not found in ${join(dir, 'articles')}`);
  articles.set(file, parseArticle(file, readFileSync(path, 'utf8'), path));
}

/** Loads and checks a set in `dir`: sentences.jsonl, pairs.jsonl, articles/, and joined.jsonl if present. */
export function loadSet(dir: string): EvalSet {
  const sentFile = join(dir, 'sentences.jsonl');
  const sentences: GoldSentence[] = [];
  const ids = new Set<string>();
  const texts = new Map<string, number>();
  for (const { line, value } of readJsonl(sentFile)) {
    const s = parseSentence(value, sentFile, line);
    if (ids.has(s.id)) throw new SetFormatError(sentFile, line, `id "${s.id}" is used twice`);
    const seen = texts.get(s.text);
    if (seen !== undefined) throw new SetFormatError(sentFile, line, `the same text is already on line ${seen}`);
    ids.add(s.id);
    texts.set(s.text, line);
    sentences.push(s);
  }

  const pairFile = join(dir, 'pairs.jsonl');
  const pairs: GoldPair[] = [];
  const articles = new Map<string, GoldArticle>();
  const pairKeys = new Set<string>();
  for (const { line, value } of readJsonl(pairFile)) {
    if (!isObject(value)) throw new SetFormatError(pairFile, line, 'expected a JSON object');
    const { a, b, relation } = value;
    if (typeof a !== 'string' || typeof b !== 'string') throw new SetFormatError(pairFile, line, '"a" and "b" must be file names');
    if (a === b) throw new SetFormatError(pairFile, line, 'a pair needs two different files');
    if (typeof relation !== 'string' || !(relations as readonly string[]).includes(relation))
      throw new SetFormatError(pairFile, line, `"relation" must be one of ${relations.join(', ')}`);
    const key = [a, b].sort().join('|');
    if (pairKeys.has(key)) throw new SetFormatError(pairFile, line, `the pair ${a}, ${b} is listed twice`);
    pairKeys.add(key);
    loadArticle(dir, a, articles, pairFile, line);
    loadArticle(dir, b, articles, pairFile, line);
    pairs.push({ a, b, relation: relation as Relation, line });
  }

  const joinedFile = join(dir, 'joined.jsonl');
  const joined: GoldJoined[] = [];
  if (existsSync(joinedFile)) {
    for (const { line, value } of readJsonl(joinedFile)) {
      if (!isObject(value) || typeof value.file !== 'string' || !Array.isArray(value.starts) || value.starts.length === 0)
        throw new SetFormatError(joinedFile, line, 'expected {"file": "x.txt", "starts": ["first words of the second story", …]}');
      loadArticle(dir, value.file, articles, joinedFile, line);
      const art = articles.get(value.file)!;
      const offsets: number[] = [];
      for (const s of value.starts as unknown[]) {
        if (typeof s !== 'string' || s.length < 10) throw new SetFormatError(joinedFile, line, '"starts" holds the first words (10+ characters) of each later story');
        const at = art.text.indexOf(s);
        if (at < 0) throw new SetFormatError(joinedFile, line, `${JSON.stringify(s)} is not in ${value.file}`);
        if (art.text.indexOf(s, at + 1) >= 0) throw new SetFormatError(joinedFile, line, `${JSON.stringify(s)} occurs twice in ${value.file}`);
        offsets.push(at);
      }
      joined.push({ file: value.file, offsets, starts: value.starts as string[], line });
    }
  }
  return { dir, sentences, pairs, articles, joined };
}
