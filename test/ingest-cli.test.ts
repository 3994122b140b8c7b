import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestReport } from '../src/evidence/ingest.js';

/** `aidtrace ingest` on the five seed articles, as a fact-checker reads them, and on an article whose candidate entries a person accepts. */

const bin = join(import.meta.dirname, '..', 'bin', 'aidtrace.js');
const seeds = join(import.meta.dirname, '..', '..', 'shared', 'seeds');
const present = existsSync(seeds) && readdirSync(seeds).filter((f) => f.endsWith('.txt')).length === 5;
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`notice: the seed articles are not in ${seeds}; the ingest tests on them are skipped`);
}
const dir = mkdtempSync(join(tmpdir(), 'aidtrace-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aidtrace(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const seed = (prefix: string) => readdirSync(seeds).find((f) => f.startsWith(prefix)) as string;

describe.skipIf(!present)('aidtrace ingest on the seed articles', () => {
  const run = () => aidtrace('ingest', ...readdirSync(seeds).filter((f) => f.endsWith('.txt')).map((f) => join(seeds, f)), '--published', '2025-07-20', '--json');
  let report: IngestReport;

  it('reads all five and documents every sentence: text, offsets, attribution, entities, amounts, dates', () => {
    const result = run();
    expect(result.code, result.stderr).toBe(0);
    report = JSON.parse(result.stdout) as IngestReport;
    expect(report.articles.map((a) => a.file).sort()).toEqual(readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort());
    for (const article of report.articles) {
      expect(article.sentences.length).toBeGreaterThan(10);
      for (const s of article.sentences) {
        expect(article.text.slice(s.start, s.end)).toBe(s.text);
        expect(s.attributed).toBe(s.attribution !== undefined);
        for (const item of [...s.entities, ...s.amounts, ...s.dates]) expect(article.text.slice(item.span.start, item.span.end)).toBe(item.span.text);
      }
    }
  });

  it('tells 000 and 001 as one story told twice, and counts it once', () => {
    const group = report.stories.find((g) => g.files.includes(seed('000')));
    expect(group?.files).toContain(seed('001'));
    expect(group?.pairs.some((p) => [p.a, p.b].sort().join() === [seed('000'), seed('001')].sort().join())).toBe(true);
    expect(report.independentStories).toBeLessThanOrEqual(4);
    const others = report.stories.filter((g) => !g.files.includes(seed('000')));
    // 002, 003 and 004 each tell stories of their own.
    for (const g of others) expect(g.files).toHaveLength(1);
  });

  it('finds 002 to be two stories joined together, and only 002', () => {
    expect(report.joined.map((j) => j.file)).toEqual([seed('002')]);
    expect(report.joined[0]?.boundaries).toHaveLength(1);
  });

  it('sets the contradictions side by side: the sums, the call and the meeting, more weapons and halting aid', () => {
    const kinds = report.contradictions.map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['amount', 'event', 'stance']));
    const amount = report.contradictions.find((c) => c.kind === 'amount');
    expect(amount?.claims.map((c) => c.value).join(' | ')).toMatch(/hundreds of billions.*\|.*12%|12%.*\|.*hundreds of billions/);
    const event = report.contradictions.find((c) => c.kind === 'event' && c.claims.some((x) => x.file === seed('000')));
    expect(event?.claims.map((c) => c.value).join(' | ')).toMatch(/call.*\|.*meeting|meeting.*\|.*call/);
    const stance = report.contradictions.filter((c) => c.kind === 'stance').flatMap((c) => c.claims.map((x) => x.value)).join(' | ');
    expect(stance).toMatch(/halt|reduce|withdraw/);
    expect(stance).toMatch(/enhance|escalate|more/);
  });

  it('marks the anonymous sourcing of 000 and the document behind the 12%', () => {
    const first = report.articles.find((a) => a.file === seed('000'))?.sentences[0];
    expect(first?.attribution?.type).toBe('anonymous');
    expect(first?.attribution?.source.text).toMatch(/sources close to the administration/);
    const twelve = report.articles.find((a) => a.file === seed('002'))?.sentences.find((s) => s.text.includes('12%'));
    expect(twelve?.attribution?.type).toBe('document');
  });

  it('prints a readable report with the same findings', () => {
    const text = aidtrace('ingest', join(seeds, seed('000')), join(seeds, seed('001')), join(seeds, seed('002')), '--published', '2025-07-20');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Stories: 3 articles tell 2 independent stories/);
    expect(text.stdout).toMatch(/Joined stories: 002/);
    expect(text.stdout).toContain('ANONYMOUS: "sources close to the administration');
  });
});

describe('aidtrace ingest: candidate entries a person accepts', () => {
  it('writes the candidates as commands; once reviewed they are recorded with their sentence as provenance', () => {
    const article = join(dir, 'oslo-wire.html');
    writeFileSync(
      article,
      `<html><head><title>Norway adds air defence money</title><meta property="article:published_time" content="2025-08-14T09:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Norway adds air defence money</h1>
<p>Norway will provide €1.2bn to Ukraine for air defence, Prime Minister Jonas Gahr Støre said on Tuesday.</p>
<p>The weather in Oslo was mild.</p></article></body></html>`,
    );
    const candidates = join(dir, 'candidates.jsonl');
    const result = aidtrace('ingest', article, '--candidates', candidates);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/NOR → UKR EUR 1200000000 announced 2025-08-12 — named person/);
    const lines = readFileSync(candidates, 'utf8').trim().split('\n');
    // The article as a source, the contribution, and the sentence as its evidence.
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['RecordSource', 'RecordContribution', 'LinkEvidence']);
    const db = join(dir, 'ledger.db');
    const parties = join(dir, 'parties.jsonl');
    writeFileSync(
      parties,
      [
        { id: 'p-NOR', type: 'RegisterParty', partyId: 'NOR', name: 'Norway', kind: 'state', roles: ['donor'], country: 'NOR' },
        { id: 'p-UKR', type: 'RegisterParty', partyId: 'UKR', name: 'Ukraine', kind: 'state', roles: ['recipient'], country: 'UKR' },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    expect(aidtrace('init', '--db', db).code).toBe(0);
    expect(aidtrace('apply', parties, '--db', db).code).toBe(0);
    const applied = aidtrace('apply', candidates, '--db', db);
    expect(applied.code, applied.stderr).toBe(0);
    const export_ = aidtrace('export', 'csv', '--table', 'provenance', '--db', db);
    expect(export_.stdout).toContain('news-article');
    expect(export_.stdout).toContain('oslo-wire.html');
    // A news report confirms nothing by itself: with a named speaker but no publisher yet, the contribution is unverified.
    const evidence = aidtrace('export', 'csv', '--table', 'evidence', '--db', db);
    expect(evidence.code, evidence.stderr).toBe(0);
    expect(evidence.stdout).toContain('Prime Minister Jonas Gahr Støre');
  });

  it('writes the outlet named with --publisher into each source, and refuses it without --candidates', () => {
    const article = join(dir, 'wire-publisher.txt');
    writeFileSync(article, 'Norway will provide €1.2bn to Ukraine for air defence, Prime Minister Jonas Gahr Støre said on Tuesday.\n');
    const candidates = join(dir, 'candidates-publisher.jsonl');
    const result = aidtrace('ingest', article, '--published', '2025-08-14', '--candidates', candidates, '--publisher', 'Wire');
    expect(result.code, result.stderr).toBe(0);
    const [source] = readFileSync(candidates, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(source).toMatchObject({ type: 'RecordSource', kind: 'news-article', publisher: 'Wire' });
    const alone = aidtrace('ingest', article, '--publisher', 'Wire');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--publisher: only with --candidates');
    const empty = aidtrace('ingest', article, '--candidates', join(dir, 'never.jsonl'), '--publisher', ' ');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('--publisher');
    expect(existsSync(join(dir, 'never.jsonl'))).toBe(false);
  });

  it('refuses a file that is not there, naming it, and writes nothing', () => {
    const result = aidtrace('ingest', join(dir, 'missing.txt'), '--candidates', join(dir, 'none.jsonl'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.txt: no such file');
    expect(existsSync(join(dir, 'none.jsonl'))).toBe(false);
  });
});
