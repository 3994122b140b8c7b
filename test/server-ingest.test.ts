import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './support/server.js';

/**
 * Reading articles over HTTP (POST /api/evidence/ingest) and accepting a candidate entry through
 * the batch endpoint: the reading writes nothing; accepting records the article as a source, the
 * contribution read from it and the sentence as its evidence, graded by whose word it rests on.
 */

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const article = [
  'Norway to fund more interceptors for Ukraine',
  '',
  'OSLO, March 2 (Wire) — Norway will provide NOK 1.5 billion for air-defence interceptors for Ukraine, Defence Minister Tore O. Sandvik said on Monday.',
  'The money comes on top of earlier packages, according to people familiar with the plans.',
  'Denmark has pledged about €200 million for the same purchase, officials who spoke on condition of anonymity said.',
].join('\n');

async function call(method: 'GET' | 'POST', path: string, role: string | undefined, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(role ? { cookie: server.cookies[role] as string } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const ingest = (role: string | undefined, body: unknown) => call('POST', '/api/evidence/ingest', role, body);
const head = async () => (await server.store.head()).seq;

interface CandidateJson {
  readonly donor: string;
  readonly recipient?: string;
  readonly amount: { value: string; currency: string; approximate: boolean };
  readonly stage: string;
  readonly date?: string;
  readonly sourceType: string;
  readonly recorded: boolean;
  readonly warnings: readonly string[];
  readonly command: Record<string, unknown>;
  readonly evidence: Record<string, unknown>;
}

describe('POST /api/evidence/ingest', () => {
  it('the public is told to sign in; an account gets the report, and nothing is written', async () => {
    const before = await head();
    const anonymous = await ingest(undefined, { articles: [{ file: 'oslo.txt', content: article }], published: '2026-03-03' });
    expect(anonymous.status).toBe(401);
    const { status, json } = await ingest('donor', { articles: [{ file: 'oslo.txt', content: article }], published: '2026-03-03' });
    expect(status, JSON.stringify(json)).toBe(200);
    const [analysed] = json.articles as { file: string; published: string; sentences: { attribution?: { type: string; source: { text: string } } }[] }[];
    expect(analysed?.file).toBe('oslo.txt');
    expect(analysed?.published).toBe('2026-03-03');
    expect(analysed?.sentences[1]?.attribution).toMatchObject({ type: 'person', source: { text: 'Defence Minister Tore O. Sandvik' } });
    expect(analysed?.sentences[3]?.attribution?.type).toBe('anonymous');
    const candidates = json.candidates as CandidateJson[];
    const norway = candidates.find((c) => c.donor === 'NOR');
    expect(norway).toMatchObject({ recipient: 'UKR', amount: { value: '1500000000', currency: 'NOK', approximate: false }, stage: 'announced', date: '2026-03-02', sourceType: 'person', recorded: false });
    const denmark = candidates.find((c) => c.donor === 'DNK');
    expect(denmark?.sourceType).toBe('anonymous');
    expect(denmark?.warnings.join(' ')).toMatch(/approximate/);
    expect((json.sources as { sourceId: string; recorded: boolean }[])[0]).toMatchObject({ sourceId: 'news-oslo', recorded: false });
    expect(await head()).toBe(before);
  });

  it('bad input names the field and writes nothing', async () => {
    const before = await head();
    const cases: [unknown, string][] = [
      [{}, 'body.articles'],
      [{ articles: [] }, 'body.articles'],
      [{ articles: [{ file: 'a.txt', content: article }, { file: 'a.txt', content: article }] }, 'body.articles.1.file'],
      [{ articles: [{ file: 'a.txt', content: article, published: '2 March' }] }, 'body.articles.0.published'],
      [{ articles: [{ file: 'a.txt', content: article, kind: 'pdf' }] }, 'body.articles.0.kind'],
      [{ articles: [{ file: 'a.txt', content: article, author: 'x' }] }, 'body.articles.0.author'],
      [{ articles: Array.from({ length: 51 }, (_, i) => ({ file: `${i}.txt`, content: article })) }, 'body.articles'],
    ];
    for (const [body, path] of cases) {
      const { status, json } = await ingest('coordinator', body);
      expect(status, JSON.stringify(json)).toBe(400);
      expect(json.path, JSON.stringify(json)).toBe(path);
      expect(String(json.detail)).toContain(path);
    }
    expect(await head()).toBe(before);
  });

  it('the coordinating cell accepts a candidate: source, contribution and evidence, graded on-record; sending it again changes nothing', async () => {
    const { json } = await ingest('coordinator', { articles: [{ file: 'oslo.txt', content: article }], published: '2026-03-03' });
    const { recorded: _recorded, ...read } = (json.sources as Record<string, unknown>[])[0] as Record<string, unknown>;
    const source = { ...read, publisher: 'Wire' };
    const norway = (json.candidates as CandidateJson[]).find((c) => c.donor === 'NOR') as CandidateJson;
    const accepted = await call('POST', '/api/commands', 'coordinator', { commands: [source, norway.command, norway.evidence] });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(201);
    const contributionId = norway.command.contributionId as string;
    const evidence = await call('GET', `/api/evidence?recordKind=contribution&recordId=${contributionId}`, 'coordinator');
    expect(evidence.status).toBe(200);
    // A named minister in a named outlet: on the record, not confirmed (the cell is not Norway).
    expect(evidence.json).toMatchObject({ level: 'on-record', evidence: 1, ownEntry: false });
    const again = await ingest('coordinator', { articles: [{ file: 'oslo.txt', content: article }], published: '2026-03-03' });
    expect((again.json.candidates as CandidateJson[]).find((c) => c.donor === 'NOR')?.recorded).toBe(true);
    expect((again.json.candidates as CandidateJson[]).find((c) => c.donor === 'DNK')?.recorded).toBe(false);
    expect((again.json.sources as { recorded: boolean }[])[0]?.recorded).toBe(true);
    const before = await head();
    const replayed = await call('POST', '/api/commands', 'coordinator', { commands: [source, norway.command, norway.evidence] });
    expect(replayed.status).toBe(200);
    expect(await head()).toBe(before);
  });

  it('the coordinating cell records a contribution only as read from a news article', async () => {
    const before = await head();
    const direct = await call('POST', '/api/commands', 'coordinator', {
      commands: [{ id: 'cell-direct-1', type: 'RecordContribution', contributionId: 'CON-CELL-1', donorId: 'NOR', kind: 'money', stage: 'announced', value: { amount: '1.00', currency: 'EUR' }, at: '2026-03-01', category: 'unspecified', description: 'not from an article' }],
    });
    expect(direct.status).toBe(403);
    expect(direct.json).toMatchObject({ code: 'FORBIDDEN', path: 'provenance' });
    expect(await head()).toBe(before);
  });

  it('reads on a thread of its own: other requests are answered while it reads', async () => {
    const dir = join(import.meta.dirname, '..', 'eval', 'evidence', 'articles');
    const articles = readdirSync(dir).sort().slice(0, 45).map((file) => ({ file, content: readFileSync(join(dir, file), 'utf8') }));
    const done: string[] = [];
    const reading = ingest('auditor', { articles, published: '2025-07-20' }).then((result) => {
      done.push('reading');
      return result;
    });
    // Let the request reach the server, then ask for something else.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const other = await call('GET', '/api/session', 'auditor');
    done.push('session');
    const read = await reading;
    expect(other.status).toBe(200);
    expect(read.status).toBe(200);
    expect((read.json.articles as unknown[]).length).toBe(45);
    expect(done).toEqual(['session', 'reading']);
  });
});
