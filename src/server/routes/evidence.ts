import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordKey } from '../../application/reports/confirmation.js';
import { toJsonValue } from '../../contract/wire.js';
import { evidenceRecordKinds } from '../../domain/evidence.js';
import { DomainError } from '../../domain/errors.js';
import { articleLengthMax } from '../../evidence/text.js';
import type { RouteContext } from '../app.js';
import { ArticleReader } from '../article-reader.js';
import type { Confirmations } from '../confirmation.js';
import { parseInput } from '../input.js';
import { readableRecords, resources, type Context } from '../resources.js';
import { roleOf, type ViewSettings } from '../views.js';
import { admit } from './reads.js';

/**
 * Sources and evidence for readers. Evidence follows its record: whoever may read a record reads
 * its evidence (the public that of public records: packages, parties, spending), with the
 * excerpts. A source is listed to a reader when it backs a record the reader may read; the
 * coordinating cell, admins and auditors see every source. Of a source's evidence, what backs
 * records the reader may not read is withheld and only counted.
 */

const oversight = new Set(['admin', 'coordinator', 'auditor']);

const evidenceQuery = z.strictObject({
  recordKind: z.enum(evidenceRecordKinds),
  recordId: z.string().min(1).max(256),
});

/** At most this many articles in one request (a few seconds of reading). */
export const articlesPerRequestMax = 50;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const ingestBody = z.strictObject({
  articles: z
    .array(
      z.strictObject({
        file: z.string().min(1).max(200),
        // HTML carries markup around the text: allow it twice the text's limit.
        content: z.string().min(1).max(2 * articleLengthMax),
        kind: z.enum(['text', 'html']).optional(),
        published: isoDate.optional(),
      }),
    )
    .min(1)
    .max(articlesPerRequestMax),
  published: isoDate.optional(),
});

/** Those who may read articles here: anyone signed in (the reading writes nothing). */
const readersOfArticles = ['admin', 'coordinator', 'donor', 'recipient', 'producer', 'auditor'] as const;

export function evidenceRoutes(api: FastifyInstance, context: RouteContext, confirmations: Confirmations, settings: () => ViewSettings): void {
  const contextOf = async (request: FastifyRequest): Promise<Context> => {
    const snapshot = await context.snapshots.current();
    return { snapshot, reader: request.principal, settings: settings(), confirmations: await confirmations.index(snapshot) };
  };
  const json = (value: unknown) => toJsonValue(value, context.reportCurrency);

  api.get(
    '/evidence',
    {
      schema: {
        tags: ['read'],
        summary: "A record's confirmation level and the evidence behind it",
        description:
          'Roles: whoever may read the record (the public: packages, parties, spending). The level (confirmed, on-record, reported, unverified), the pieces of evidence, the independent stories among the news evidence (rewrites of one story count once), whether the record is its party\'s own entry, the dataset rows it was read from (provenance), and each piece of evidence with its source, excerpt, attribution and level. 404 when the record does not exist or is not the reader\'s to read.',
        querystring: z.toJSONSchema(evidenceQuery, { io: 'input' }),
      },
    },
    async (request) => {
      const q = parseInput(evidenceQuery, request.query, 'query');
      // Who may not list a kind of record at all is told so (the public: sign in); a record of a
      // listed kind that is not the reader's is not found.
      const list = resources.find((resource) => resource.record?.kind === q.recordKind);
      if (list) admit(request, list.roles, `evidence of ${list.name}`);
      const ctx = await contextOf(request);
      if (!readableRecords(ctx).has(recordKey(q.recordKind, q.recordId))) {
        throw new DomainError('NOT_FOUND', `evidence: ${q.recordKind} "${q.recordId}": no such record, or not yours to read`);
      }
      const confirmation = (ctx.confirmations as NonNullable<Context['confirmations']>).of(q.recordKind, q.recordId);
      const provenance = ctx.snapshot.provenance.filter((row) => row.recordKind === q.recordKind && row.recordId === q.recordId);
      return json({ ...confirmation, sources: provenance });
    },
  );

  const reader = new ArticleReader();
  api.addHook('onClose', () => reader.close());
  api.post(
    '/evidence/ingest',
    {
      // JSON-escaped text of the most articles one request may carry.
      bodyLimit: Math.max(context.settings.bodyBytesMax, articlesPerRequestMax * 2 * articleLengthMax * 2),
      schema: {
        tags: ['read'],
        summary: 'Read news articles or statements: claims, whose word they rest on, stories told twice, contradictions, candidate entries',
        description:
          `Roles: anyone signed in. Writes nothing: the answer is the JSON of \`aidtrace ingest --json\` (documented in the README), and each candidate entry and source says whether the ledger already holds it (\`recorded\`). A candidate is accepted by sending its source, \`command\` and \`evidence\` to POST /api/commands (a coordinator records a contribution only as read from a news article). Body: \`{"articles": [{"file", "content", "kind"?: "text"|"html", "published"?: "YYYY-MM-DD"}], "published"?}\`, at most ${articlesPerRequestMax} articles; \`kind\` follows the file name (.html, .htm) when absent; an HTML page's own date wins over \`published\`.`,
        body: z.toJSONSchema(ingestBody, { io: 'input' }),
      },
    },
    async (request) => {
      admit(request, readersOfArticles, 'reading articles');
      const body = parseInput(ingestBody, request.body, 'body');
      const raw = body.articles.map((article) => {
        const published = article.published ?? body.published;
        const kind = article.kind ?? (/\.x?html?$/i.test(article.file) ? 'html' : 'text');
        return { file: article.file, content: article.content, kind, ...(published === undefined ? {} : { published }) } as const;
      });
      const seen = new Map<string, number>();
      for (const [index, article] of raw.entries()) {
        const first = seen.get(article.file);
        if (first !== undefined) throw new DomainError('VALIDATION_FAILED', `body.articles.${index}.file: "${article.file}" is also article ${first}; name each article once`, `body.articles.${index}.file`);
        seen.set(article.file, index);
      }
      let report;
      try {
        report = await reader.read(raw);
      } catch (error) {
        // Name the article in the request, not a file on a disk.
        if (!(error instanceof DomainError)) throw error;
        const index = raw.findIndex((article) => error.message.startsWith(article.file));
        throw new DomainError(error.code, error.message, index < 0 ? 'body.articles' : `body.articles.${index}.content`);
      }
      const snapshot = await context.snapshots.current();
      const contributions = new Set(snapshot.contributions.map((row) => row.id));
      const sources = new Set((snapshot.sources ?? []).map((row) => row.id));
      return json({
        ...report,
        sources: report.sources.map((source) => ({ ...source, recorded: sources.has(source.sourceId as string) })),
        candidates: report.candidates.map((candidate) => ({ ...candidate, recorded: contributions.has(candidate.command?.contributionId as string) })),
      });
    },
  );

  /** Sources the reader may see, with the evidence of each it may read and how many it may not. */
  const visibleSources = (ctx: Context) => {
    const readable = readableRecords(ctx);
    const all = oversight.has(roleOf(ctx.reader));
    const evidence = ctx.snapshot.evidence ?? [];
    return (ctx.snapshot.sources ?? []).flatMap((source) => {
      const rows = evidence.filter((row) => row.sourceId === source.id);
      const shown = rows.filter((row) => readable.has(recordKey(row.recordKind, row.recordId)));
      if (!all && shown.length === 0) return [];
      return [{ source, shown, withheld: rows.length - shown.length }];
    });
  };

  api.get(
    '/source-documents',
    {
      schema: {
        tags: ['read'],
        summary: 'Source documents: publisher, title, date, locator, kind and story',
        description: 'Roles: everyone. Admins, the coordinating cell and auditors see every source; others those that back a record they may read. Each with the number of records it backs for this reader.',
      },
    },
    async (request) => {
      const ctx = await contextOf(request);
      const items = visibleSources(ctx)
        .map(({ source, shown, withheld }) => ({ ...source, records: new Set(shown.map((row) => recordKey(row.recordKind, row.recordId))).size, withheld }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return json({ items, headSeq: ctx.snapshot.head.seq });
    },
  );

  api.get(
    '/source-documents/:id',
    {
      schema: {
        tags: ['read'],
        summary: 'One source document with the evidence it gives',
        description: 'Roles: as for the list. The evidence that backs records the reader may not read is withheld and counted in `withheld`.',
        params: { type: 'object', properties: { id: { type: 'string' } } },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const ctx = await contextOf(request);
      const found = visibleSources(ctx).find(({ source }) => source.id === id);
      if (!found) throw new DomainError('NOT_FOUND', `source-documents/${id}: no such source, or not yours to read`);
      const confirmations = ctx.confirmations as NonNullable<Context['confirmations']>;
      const evidence = found.shown.map((row) => confirmations.of(row.recordKind, row.recordId).items.find((item) => item.id === row.id));
      return json({ ...found.source, evidence: evidence.map((item) => item && { ...item, source: undefined }), withheld: found.withheld });
    },
  );
}
