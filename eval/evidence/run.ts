/**
 * `npm run eval:evidence [-- --json] [-- --set DIR] [-- --errors]`: runs the evidence pipeline over the labelled set
 * and prints precision, recall and F1 beside the issue's targets; `--errors` lists every sentence
 * where the pipeline and the labels disagree. Exit 0 whatever the figures (it is a
 * measurement); 2 on a malformed set, naming the file and line; 3 when the pipeline is not there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourceTypes, type AnalysedSentence, type ArticleAnalysis, type ArticleInput, type JoinedStory, type SourceType, type StoryGroup } from '../../src/evidence/types.js';
import {
  binaryPRF,
  boundaryPRF,
  classReport,
  normaliseDecimal,
  normaliseKey,
  overlaps,
  relationPRF,
  sameAmount,
  sameEntity,
  sameSpanText,
  sameStoryPRF,
  setPRF,
  type PRF,
  type PairPrediction,
} from './metrics.js';
import { loadSet, SetFormatError, type EvalSet, type GoldSentence } from './set.js';

const here = dirname(fileURLToPath(import.meta.url));
const srcEvidence = resolve(here, '../../src/evidence');

type Analyse = (input: ArticleInput) => ArticleAnalysis;
type Group = (articles: ArticleAnalysis[]) => StoryGroup[];
type FindJoined = (x: unknown) => JoinedStory | readonly JoinedStory[] | null | undefined;

interface Pipeline {
  analyseArticle?: Analyse;
  groupStories?: Group;
  findJoinedStories?: FindJoined;
  notices: string[];
}

async function importIfThere(name: string): Promise<Record<string, unknown> | undefined> {
  const path = join(srcEvidence, `${name}.ts`);
  if (!existsSync(path)) return undefined;
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

async function loadPipeline(): Promise<Pipeline> {
  const notices: string[] = [];
  const p: Pipeline = { notices };
  const modules: Record<string, Record<string, unknown> | undefined> = {};
  for (const name of ['analyse', 'stories', 'joined', 'index']) modules[name] = await importIfThere(name);
  const find = (fn: string): unknown => {
    for (const m of Object.values(modules)) if (m && typeof m[fn] === 'function') return m[fn];
    return undefined;
  };
  const a = find('analyseArticle');
  if (a) p.analyseArticle = a as Analyse;
  else notices.push('src/evidence/analyse.ts does not export analyseArticle (yet): no sentence or pair measures');
  const g = find('groupStories');
  if (g) p.groupStories = g as Group;
  else notices.push('src/evidence/stories.ts does not export groupStories (yet): copy and rewrite detection skipped');
  const j = find('findJoinedStories');
  if (j) p.findJoinedStories = j as FindJoined;
  else notices.push('no findJoinedStories in src/evidence (yet): joined-story detection skipped');
  return p;
}

function loadAliases(dir: string): Record<string, string[]> {
  for (const d of [dir, here]) {
    const f = join(d, 'aliases.json');
    if (existsSync(f)) return JSON.parse(readFileSync(f, 'utf8')) as Record<string, string[]>;
  }
  return {};
}

/** What the pipeline says about one gold sentence, analysed alone as an article. */
interface SentencePrediction {
  readonly attributed: boolean;
  readonly type: SourceType;
  readonly source?: { start: number; end: number; text: string };
  readonly cue?: { start: number; end: number; text: string };
  readonly entities: { kind: string; id: string; name?: string }[];
  readonly amounts: { kind: string; value: string; currency?: string }[];
  readonly pieces: number;
}

function distinct<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function predictSentence(analyse: Analyse, s: GoldSentence): SentencePrediction {
  const out = analyse({ file: `${s.id}.txt`, text: s.text, published: s.published });
  const pieces: readonly AnalysedSentence[] = out.sentences;
  // the pipeline may split one gold sentence in two: the first attribution found speaks for it
  const att = pieces.find((x) => x.attributed && x.attribution)?.attribution;
  return {
    attributed: pieces.some((x) => x.attributed),
    type: att ? att.type : pieces.some((x) => x.attributed) ? 'anonymous' : 'none',
    ...(att ? { source: att.source, cue: att.cue } : {}),
    // the labels list each entity (and amount) once per sentence; the pipeline lists mentions
    entities: distinct(
      pieces.flatMap((x) => x.entities.map((e) => ({ kind: e.kind, id: e.id, name: e.name }))),
      (e) => `${e.kind}:${e.kind === 'country' ? e.id.toUpperCase() : normaliseKey(e.id)}`,
    ),
    amounts: distinct(
      pieces.flatMap((x) => x.amounts.map((m) => ({ kind: m.kind, value: m.value, ...(m.currency ? { currency: m.currency } : {}) }))),
      (m) => `${m.kind}:${normaliseDecimal(m.value)}:${(m.currency ?? '').toUpperCase()}`,
    ),
    pieces: pieces.length,
  };
}

interface Row {
  readonly measure: string;
  readonly value: number | null;
  readonly detail: string;
  readonly target?: { readonly op: '>='; readonly value: number };
  readonly met?: boolean;
}

function row(measure: string, value: number | null, detail: string, target?: number): Row {
  if (target === undefined) return { measure, value, detail };
  return { measure, value, detail, target: { op: '>=', value: target }, met: value !== null && value >= target };
}

const counts = (r: PRF) => `tp ${r.tp} fp ${r.fp} fn ${r.fn}`;

function measureSentences(set: EvalSet, analyse: Analyse, aliases: Record<string, string[]>, showErrors = false): { rows: Row[]; errors: string[]; confusion: unknown } {
  const errors: string[] = [];
  const preds: SentencePrediction[] = [];
  for (const s of set.sentences) {
    try {
      preds.push(predictSentence(analyse, s));
    } catch (e) {
      errors.push(`${s.id}: analyseArticle threw ${(e as Error).message}`);
      preds.push({ attributed: false, type: 'none', entities: [], amounts: [], pieces: 0 });
    }
  }
  const gold = set.sentences;
  const rows: Row[] = [];
  const att = binaryPRF(
    gold.map((g) => g.attributed),
    preds.map((p) => p.attributed),
  );
  rows.push(row('attribution: precision', att.precision, counts(att)));
  rows.push(row('attribution: recall', att.recall, ''));
  rows.push(row('attribution: F1', att.f1, '', 0.85));

  const cls = classReport(
    gold.map((g) => g.sourceType),
    preds.map((p) => p.type),
  );
  for (const c of sourceTypes) {
    const r = cls.perClass[c];
    const n = gold.filter((g) => g.sourceType === c).length;
    rows.push(row(`source type ${c}: P / R / F1`, r.f1, `P ${fmt(r.precision)} R ${fmt(r.recall)} (gold ${n})`));
  }
  rows.push(row('source type: macro-F1 (6 classes)', cls.macroF1, `accuracy ${fmt(cls.accuracy)}`, 0.8));
  rows.push(row('source type: anonymous recall', cls.perClass.anonymous.recall, counts(cls.perClass.anonymous), 0.9));

  // spans, over the sentences the gold attributes
  let exact = 0;
  let overlap = 0;
  let cueExact = 0;
  let cueOverlap = 0;
  let n = 0;
  gold.forEach((g, i) => {
    if (!g.attributed || g.source === null || g.cue === null) return;
    n++;
    const p = preds[i]!;
    if (p.source) {
      const gs = { start: g.text.indexOf(g.source), end: g.text.indexOf(g.source) + g.source.length };
      if (sameSpanText(g.source, p.source.text)) exact++;
      if (sameSpanText(g.source, p.source.text) || overlaps(gs, p.source)) overlap++;
    }
    if (p.cue) {
      const gc = { start: g.text.indexOf(g.cue), end: g.text.indexOf(g.cue) + g.cue.length };
      if (sameSpanText(g.cue, p.cue.text) || (g.cue.trim() === ':' && p.cue.text.trim() === ':')) cueExact++;
      if (sameSpanText(g.cue, p.cue.text) || overlaps(gc, p.cue)) cueOverlap++;
    }
  });
  rows.push(row('source span: exact match rate', n ? exact / n : null, `${exact}/${n} attributed sentences`));
  rows.push(row('source span: overlap match rate', n ? overlap / n : null, `${overlap}/${n}`));
  rows.push(row('cue: exact match rate', n ? cueExact / n : null, `${cueExact}/${n}`));
  rows.push(row('cue: overlap match rate', n ? cueOverlap / n : null, `${cueOverlap}/${n}`));

  const ent = setPRF(
    gold.map((g) => g.entities),
    preds.map((p) => p.entities),
    (g, p) => sameEntity(g, p, aliases),
  );
  rows.push(row('entities (kind+id): precision', ent.precision, counts(ent)));
  rows.push(row('entities (kind+id): recall', ent.recall, ''));
  rows.push(row('entities (kind+id): F1', ent.f1, ''));
  for (const kind of ['country', 'organisation', 'person'] as const) {
    const k = setPRF(
      gold.map((g) => g.entities.filter((e) => e.kind === kind)),
      preds.map((p) => p.entities.filter((e) => e.kind === kind)),
      (g, p) => sameEntity(g, p, aliases),
    );
    rows.push(row(`  ${kind}: P / R / F1`, k.f1, `P ${fmt(k.precision)} R ${fmt(k.recall)} ${counts(k)}`));
  }
  const amt = setPRF(
    gold.map((g) => g.amounts),
    preds.map((p) => p.amounts),
    sameAmount,
  );
  rows.push(row('amounts (kind+value+currency): precision', amt.precision, counts(amt)));
  rows.push(row('amounts (kind+value+currency): recall', amt.recall, ''));
  rows.push(row('amounts (kind+value+currency): F1', amt.f1, ''));
  if (showErrors) {
    gold.forEach((g, i) => {
      const p = preds[i]!;
      const out: string[] = [];
      if (g.sourceType !== p.type) out.push(`type ${g.sourceType} → ${p.type}`);
      if (g.attributed && p.source && !sameSpanText(g.source!, p.source.text)) out.push(`source "${g.source}" → "${p.source.text}"`);
      if (g.attributed && p.cue && !sameSpanText(g.cue!, p.cue.text)) out.push(`cue "${g.cue}" → "${p.cue.text}"`);
      const missE = g.entities.filter((e) => !p.entities.some((x) => sameEntity(e, x, aliases)));
      const extraE = p.entities.filter((x) => !g.entities.some((e) => sameEntity(e, x, aliases)));
      if (missE.length) out.push(`missed ${missE.map((e) => `${e.kind}:${e.id}`).join(' ')}`);
      if (extraE.length) out.push(`extra ${extraE.map((e) => `${e.kind}:${e.id}`).join(' ')}`);
      const missA = g.amounts.filter((a) => !p.amounts.some((x) => sameAmount(a, x)));
      const extraA = p.amounts.filter((x) => !g.amounts.some((a) => sameAmount(a, x)));
      if (missA.length) out.push(`missed ${missA.map((a) => `${a.kind}:${a.value}${a.currency ?? ''}`).join(' ')}`);
      if (extraA.length) out.push(`extra ${extraA.map((a) => `${a.kind}:${a.value}${a.currency ?? ''}`).join(' ')}`);
      if (out.length) errors.push(`${g.id} (line ${g.line}): ${out.join('; ')} | ${g.text}`);
    });
  }
  const split = preds.filter((p) => p.pieces > 1).length;
  if (split > 0) errors.push(`${split} gold sentences were split into more than one sentence by the pipeline (measured as one)`);
  return { rows, errors, confusion: cls.confusion };
}

/** Copy/rewrite/none for a gold pair, from the story groups. */
export function pairRelation(groups: readonly StoryGroup[], a: string, b: string): PairPrediction {
  const g = groups.find((x) => x.files.includes(a) && x.files.includes(b));
  if (!g) return 'none';
  const direct = g.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  // in one group without a direct pair: the same story, told in other words
  return direct ? direct.relation : 'rewrite';
}

function measurePairs(set: EvalSet, analyse: Analyse, group: Group | undefined, findJoined: FindJoined | undefined, notices: string[], showErrors = false): Row[] {
  const rows: Row[] = [];
  const analyses = new Map<string, ArticleAnalysis>();
  for (const [file, art] of set.articles) analyses.set(file, analyse({ file, text: art.text, published: art.published }));
  if (group) {
    const groups = group([...analyses.values()]);
    const gold = set.pairs.map((p) => p.relation);
    const pred = set.pairs.map((p) => pairRelation(groups, p.a, p.b));
    if (showErrors)
      set.pairs.forEach((p, i) => {
        const got = pred[i]!;
        if ((p.relation === 'unrelated' ? 'none' : p.relation) !== got) notices.push(`pair ${p.a} ${p.b} (line ${p.line}): ${p.relation} → ${got}`);
      });
    const copy = relationPRF(gold, pred, 'copy');
    const rewrite = relationPRF(gold, pred, 'rewrite');
    const same = sameStoryPRF(gold, pred);
    rows.push(row('copy detection: precision', copy.precision, counts(copy), 0.95));
    rows.push(row('copy detection: recall', copy.recall, '', 0.9));
    rows.push(row('rewrite detection: precision', rewrite.precision, counts(rewrite), 0.9));
    rows.push(row('rewrite detection: recall', rewrite.recall, '', 0.8));
    rows.push(row('same story (copy or rewrite): F1', same.f1, `P ${fmt(same.precision)} R ${fmt(same.recall)} ${counts(same)}`));
  }
  if (findJoined) {
    // findJoinedStories(article) → JoinedStory | undefined; a version over all articles at once is tried when that throws
    let found: JoinedStory[] = [];
    try {
      for (const a of analyses.values()) {
        const r = findJoined(a);
        if (Array.isArray(r)) found.push(...(r as JoinedStory[]));
        else if (r) found.push(r as JoinedStory);
      }
    } catch {
      const all = findJoined([...analyses.values()]);
      found = Array.isArray(all) ? (all as JoinedStory[]) : [];
    }
    const files = [...set.articles.keys()];
    const goldB = files.map((f) => {
      const j = set.joined.find((x) => x.file === f);
      if (!j) return [];
      const sents = analyses.get(f)!.sentences;
      return j.offsets.map((o) => {
        const k = sents.findIndex((s) => s.start <= o && o < s.end);
        return k >= 0 ? k : sents.findIndex((s) => s.start >= o);
      });
    });
    const predB = files.map((f) => found.filter((x) => x.file === f).flatMap((x) => x.boundaries));
    const jb = boundaryPRF(goldB, predB);
    const fileLevel = binaryPRF(
      files.map((f) => set.joined.some((x) => x.file === f)),
      files.map((f) => found.some((x) => x.file === f && x.boundaries.length > 0)),
    );
    rows.push(row('joined stories: boundary P / R / F1 (±1 sentence)', jb.f1, `P ${fmt(jb.precision)} R ${fmt(jb.recall)} ${counts(jb)}`));
    rows.push(row('joined stories: article-level F1', fileLevel.f1, `P ${fmt(fileLevel.precision)} R ${fmt(fileLevel.recall)} ${counts(fileLevel)}`));
  } else if (set.joined.length > 0) notices.push(`joined-story detection not measured (${set.joined.length} joined articles in the set)`);
  return rows;
}

function fmt(v: number | null): string {
  return v === null ? '—' : v.toFixed(3);
}

function composition(set: EvalSet): Record<string, unknown> {
  const byType = Object.fromEntries(sourceTypes.map((t) => [t, set.sentences.filter((s) => s.sourceType === t).length]));
  const byRel = Object.fromEntries(['copy', 'rewrite', 'unrelated'].map((r) => [r, set.pairs.filter((p) => p.relation === r).length]));
  return {
    sentences: set.sentences.length,
    sourceTypes: byType,
    entities: set.sentences.reduce((n, s) => n + s.entities.length, 0),
    amounts: set.sentences.reduce((n, s) => n + s.amounts.length, 0),
    articles: set.articles.size,
    pairs: set.pairs.length,
    relations: byRel,
    joined: set.joined.length,
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const setAt = args.indexOf('--set');
  if (setAt >= 0 && !args[setAt + 1]) {
    process.stderr.write('--set needs a directory\n');
    return 2;
  }
  const dir = setAt >= 0 ? resolve(args[setAt + 1]!) : here;
  let set: EvalSet;
  try {
    set = loadSet(dir);
  } catch (e) {
    if (e instanceof SetFormatError) {
      process.stderr.write(`malformed evaluation set: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const pipeline = await loadPipeline();
  const comp = composition(set);
  if (!pipeline.analyseArticle) {
    const msg = `cannot measure: ${pipeline.notices.join('; ')}`;
    if (json) process.stdout.write(`${JSON.stringify({ set: dir, composition: comp, error: msg }, null, 2)}\n`);
    else process.stderr.write(`evaluation set ${dir}: ${JSON.stringify(comp)}\n${msg}\n`);
    return 3;
  }
  const started = Date.now();
  const s = measureSentences(set, pipeline.analyseArticle, loadAliases(dir), args.includes('--errors'));
  const pairRows = measurePairs(set, pipeline.analyseArticle, pipeline.groupStories, pipeline.findJoinedStories, pipeline.notices, args.includes('--errors'));
  const rows = [...s.rows, ...pairRows];
  const seconds = (Date.now() - started) / 1000;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ set: dir, composition: comp, seconds, notices: [...pipeline.notices, ...s.errors], results: rows, sourceTypeConfusion: s.confusion }, null, 2)}\n`,
    );
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.measure.length));
  const lines = [
    `evidence evaluation: ${dir}`,
    `set: ${comp.sentences} sentences, ${comp.articles} articles, ${comp.pairs} pairs ${JSON.stringify(comp.relations)}, ${comp.joined} joined; ${seconds.toFixed(1)} s`,
    '',
    `${'measure'.padEnd(w)}  value   target   status   detail`,
    ...rows.map(
      (r) =>
        `${r.measure.padEnd(w)}  ${fmt(r.value).padEnd(6)}  ${(r.target ? `≥ ${r.target.value.toFixed(2)}` : '').padEnd(7)}  ${(r.met === undefined ? '' : r.met ? 'met' : 'NOT MET').padEnd(7)}  ${r.detail}`,
    ),
  ];
  const notes = [...pipeline.notices, ...s.errors];
  if (notes.length) lines.push('', ...notes.map((n) => `note: ${n}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
