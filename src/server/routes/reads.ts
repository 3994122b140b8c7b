import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EventHistory } from '../../application/reports/history.js';
import { reportNames, reports, type ReportName } from '../../application/reports/index.js';
import { verifyLedger, type LedgerVerification } from '../../application/verify-ledger.js';
import { toJsonValue } from '../../contract/wire.js';
import { DomainError } from '../../domain/errors.js';
import { asCurrency } from '../../domain/money.js';
import type { RouteContext } from '../app.js';
import { requireAccount } from '../app.js';
import { toCsv } from '../../io/csv/write.js';
import { parseInput } from '../input.js';
import { Confirmations } from '../confirmation.js';
import { SourcingModel, withSourcing } from '../sourcing.js';
import { resources, rowsOf, type ReaderRole, type Resource, type Row } from '../resources.js';
import { evidenceRoutes } from './evidence.js';
import { audienceOf, publicReport, reportDataFor, roleOf, type ViewSettings } from '../views.js';

/** Who reads each report. The public's reports are computed over what the public may see. */
export const reportRoles: Readonly<Record<ReportName, readonly ReaderRole[]>> = {
  pipeline: ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'],
  donor: ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'],
  spending: ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'],
  requirements: ['admin', 'coordinator', 'auditor', 'donor', 'recipient'],
  exceptions: ['admin', 'coordinator', 'auditor'],
  overview: ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'],
  flows: ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'],
  reconciliation: ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'],
};

const eventRoles: readonly ReaderRole[] = ['admin', 'auditor'];
/** The chain's head hash is what outside auditors compare, so its verification is public. */
const verifyRoles: readonly ReaderRole[] = ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'];
const historyRoles: readonly ReaderRole[] = ['admin', 'coordinator', 'auditor'];
/** The differences verify finds in the projections show keys and values, so only those who read the whole log see them; the others see the counts. */
const findingRoles: readonly ReaderRole[] = eventRoles;
const verifyMaxAgeMs = 60_000;

/** The verification with each table's counts only: no keys, no values, no error text. */
function withoutFindings(result: LedgerVerification): unknown {
  if (!result.projections) return result;
  const tables = result.projections.tables.map(({ findings: _findings, unlisted: _unlisted, error, ...counts }) => (error === undefined ? counts : { ...counts, unreadable: true }));
  return { ...result, projections: { ...result.projections, tables } };
}

const text = z.string().min(1).max(128);
const date = z.iso.date();
const format = z.enum(['json', 'csv']).optional();

function listQuery(pageSizeMax: number) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(pageSizeMax).default(100),
    cursor: z.string().max(1024).optional(),
    donor: text.optional(),
    recipient: text.optional(),
    category: text.optional(),
    stage: text.optional(),
    from: date.optional(),
    to: date.optional(),
    format,
  });
}

/** Refuses a reader whose role is not listed: 401 for the public (signing in may help), else 403. */
export function admit(request: FastifyRequest, roles: readonly ReaderRole[], what: string): void {
  if (roles.includes(roleOf(request.principal))) return;
  if (request.principal.kind === 'public') requireAccount(request);
  throw new DomainError('FORBIDDEN', `${what}: not readable by the ${roleOf(request.principal)} role`);
}

function wantsCsv(request: FastifyRequest, requested: 'json' | 'csv' | undefined): boolean {
  if (requested !== undefined) return requested === 'csv';
  const accept = request.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

function compareKeys(a: Row, b: Row, key: readonly string[]): number {
  for (const field of key) {
    const x = a[field] as string | number;
    const y = b[field] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

function encodeCursor(row: Row, key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key.map((field) => row[field]))).toString('base64url');
}

function decodeCursor(cursor: string, key: readonly string[]): Row {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === key.length && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return Object.fromEntries(key.map((field, index) => [field, values[index]]));
    }
  } catch {
    // reported below
  }
  throw new DomainError('VALIDATION_FAILED', 'query.cursor: not a cursor this list gave out', 'query.cursor');
}

interface ListQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly donor?: string | undefined;
  readonly recipient?: string | undefined;
  readonly category?: string | undefined;
  readonly stage?: string | undefined;
}

function filterRows(resource: Resource, rows: readonly Row[], query: ListQuery, ctx: Parameters<Resource['rows']>[0]): readonly Row[] {
  const checks: ((row: Row) => boolean)[] = [];
  for (const name of ['donor', 'recipient', 'category', 'stage'] as const) {
    const wanted = query[name];
    if (wanted === undefined) continue;
    const values = resource.filters[name];
    if (!values) throw new DomainError('VALIDATION_FAILED', `query.${name}: ${resource.name} cannot be filtered by ${name}`, `query.${name}`);
    checks.push((row) => values(row, ctx).includes(wanted));
  }
  if (query.from !== undefined || query.to !== undefined) {
    const field = resource.filters.date;
    if (!field) throw new DomainError('VALIDATION_FAILED', `query.from: ${resource.name} have no date to filter by`, 'query.from');
    checks.push((row) => {
      const value = row[field];
      if (typeof value !== 'string') return false;
      return (query.from === undefined || value >= query.from) && (query.to === undefined || value <= query.to);
    });
  }
  return checks.length === 0 ? rows : rows.filter((row) => checks.every((check) => check(row)));
}

export function readRoutes(api: FastifyInstance, context: RouteContext): void {
  const settings = (): ViewSettings => ({ publicDelayDays: context.settings.publicDelayDays, today: context.today() });
  const send = (reply: FastifyReply, csv: boolean, body: unknown, csvRows: readonly unknown[]) => {
    if (csv) return reply.type('text/csv; charset=utf-8').send(toCsv(csvRows as readonly Record<string, unknown>[]));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
  };
  const query = listQuery(context.settings.pageSizeMax);
  const confirmations = new Confirmations(context.reads, () => context.ledger.store.access.users());
  evidenceRoutes(api, context, confirmations, settings);

  for (const resource of resources) {
    const rolesNote = `Roles: ${resource.roles.join(', ')}.`;
    api.get(
      `/${resource.name}`,
      {
        schema: {
          tags: ['read'],
          summary: `List ${resource.name}`,
          description: `${resource.summary}. ${rolesNote} Sorted by ${resource.key.join(', ')}; pass nextCursor as cursor for the next page. format=csv or Accept: text/csv for CSV.`,
          querystring: z.toJSONSchema(query, { io: 'input' }),
        },
      },
      async (request, reply) => {
        admit(request, resource.roles, resource.name);
        const q = parseInput(query, request.query, 'query');
        const snapshot = await context.snapshots.current();
        const ctx = { snapshot, reader: request.principal, settings: settings(), confirmations: await confirmations.index(snapshot) };
        const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, resource.key);
        const sorted = [...filterRows(resource, rowsOf(resource, ctx), q, ctx)].sort((a, b) => compareKeys(a, b, resource.key));
        const start = after === undefined ? 0 : sorted.findIndex((row) => compareKeys(row, after, resource.key) > 0);
        const page = start < 0 ? [] : sorted.slice(start, start + q.limit);
        const last = page[page.length - 1];
        const more = start >= 0 && start + q.limit < sorted.length && last !== undefined;
        const nextCursor = more ? encodeCursor(last, resource.key) : null;
        if (nextCursor !== null) void reply.header('link', `<${request.url.split('?')[0]}?${nextQuery(request, nextCursor)}>; rel="next"`);
        const items = page.map((row) => toJsonValue(row, context.reportCurrency));
        return send(reply, wantsCsv(request, q.format), { items, nextCursor, headSeq: snapshot.head.seq }, items);
      },
    );
    if (resource.idField === undefined) continue;
    const idField = resource.idField;
    api.get(
      `/${resource.name}/:id`,
      { schema: { tags: ['read'], summary: `One of ${resource.name}`, description: rolesNote, params: { type: 'object', properties: { id: { type: 'string' } } } } },
      async (request) => {
        admit(request, resource.roles, resource.name);
        const { id } = request.params as { id: string };
        const snapshot = await context.snapshots.current();
        const ctx = { snapshot, reader: request.principal, settings: settings(), confirmations: await confirmations.index(snapshot) };
        const row = rowsOf(resource, ctx).find((candidate) => candidate[idField] === id);
        if (!row) throw new DomainError('NOT_FOUND', `${resource.name}/${id}: no such record, or not yours to read`);
        return toJsonValue(row, context.reportCurrency);
      },
    );
  }

  const eventsQuery = z.strictObject({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(context.settings.pageSizeMax).default(100) });
  api.get(
    '/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The hash-chained event log, with the account that made each write',
        description: `Roles: ${eventRoles.join(', ')}. Each row carries the canonical payload and hashes, for checking offline.`,
        querystring: z.toJSONSchema(eventsQuery, { io: 'input' }),
      },
    },
    async (request) => {
      admit(request, eventRoles, 'events');
      const q = parseInput(eventsQuery, request.query, 'query');
      const rows = await context.reads.readEvents(q.after, q.limit);
      const last = rows[rows.length - 1];
      return { items: rows, nextAfter: rows.length === q.limit && last ? last.seq : null };
    },
  );

  // Verification reads the whole log and replays it, so concurrent requests share one run, and a
  // run is reused while the chain head stays put, for a minute at most: the projection tables can
  // be changed behind the ledger's back without moving the head, and a later run must see that.
  let verified: { readonly head: string; readonly at: number; readonly result: Promise<LedgerVerification> } | undefined;
  api.get(
    '/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain from the first event to the head, then the projection tables against the log',
        description: `Roles: ${verifyRoles.join(', ')}. Recomputes every event's hash: ok, the number of events, the head hash (compare it with a copy of the log), the RFC 9162 Merkle tree root over the events (base64), and where the chain first breaks, if it does (the seq of the changed row, or of the first missing one). When the chain holds, the log is replayed and every projection table compared with it: \`projections\` counts per table the rows missing, not explained by the log, or with a column that differs; ${findingRoles.join(' and ')} also read the first differences (table, key, column, both values). \`ok\` only when chain and projections hold. Events removed from the end of the log leave a chain that holds: compare a signed checkpoint for those. Computed once per chain head, at most a minute old.`,
      },
    },
    async (request) => {
      admit(request, verifyRoles, 'verify');
      const head = await context.reads.head();
      const now = Date.now();
      if (verified?.head !== head.hash || now - verified.at > verifyMaxAgeMs) {
        const result = verifyLedger(context.reads);
        const entry = { head: head.hash, at: now, result };
        verified = entry;
        // A failed run is not kept: the next request tries again.
        result.catch(() => {
          if (verified === entry) verified = undefined;
        });
      }
      const result = await verified.result;
      return findingRoles.includes(roleOf(request.principal)) ? result : withoutFindings(result);
    },
  );

  const history = new EventHistory(context.reads);
  api.get(
    '/history/:id',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every event that concerns a record, oldest first',
        description: `Roles: ${historyRoles.join(', ')}. The events whose payload names the id in an id field (packageId, contractId, shipmentId, contributionId, requirementId, receiptId, transferId, conversionId, partyId, donorId, recipientId, producerId, coordinatorId) or in an account (package:ID, contract:ID, donor:ID), each with its seq, type, actor, recordedAt, hash and the event as recorded (amounts in minor units under their …Minor names). 404 when no event concerns it.`,
        params: { type: 'object', properties: { id: { type: 'string' } } },
      },
    },
    async (request) => {
      admit(request, historyRoles, 'history');
      const { id } = request.params as { id: string };
      const items = await history.of(id, await context.reads.head());
      if (items.length === 0) throw new DomainError('NOT_FOUND', `history/${id}: no event concerns a record with this id`);
      return { id, items };
    },
  );

  api.get('/reports', { schema: { tags: ['reports'], summary: 'The reports this reader may run' } }, async (request) => ({
    reports: reportNames.filter((name) => reportRoles[name].includes(roleOf(request.principal))),
  }));

  const reportQuery = z.strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    asOf: date.optional(),
    format,
  });
  const cache = new Map<string, string>();
  api.get(
    '/reports/:name',
    {
      schema: {
        tags: ['reports'],
        summary: 'Run a report',
        description: `${reportNames.map((name) => `${name}: ${reportRoles[name].join(', ')}`).join('; ')}. The public's figures count goods only after handover plus the publication delay and never name sensitive items. In JSON, the money figures of pipeline, overview, donor, reconciliation and flows carry \`sourcing\` beside them: for each figure, how much of it rests on records at each confirmation level (confirmed, on-record, reported, unverified, as decimal strings adding up to the figure) and those shares in basis points.`,
        params: { type: 'object', properties: { name: { type: 'string', enum: [...reportNames] } } },
        querystring: z.toJSONSchema(reportQuery, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      if (!(reportNames as readonly string[]).includes(name)) throw new DomainError('NOT_FOUND', `report "${name}": choose one of ${reportNames.join(', ')}`);
      const reportName = name as ReportName;
      admit(request, reportRoles[reportName], `report ${name}`);
      const q = parseInput(reportQuery, request.query, 'query');
      const currency = q.currency ?? context.reportCurrency;
      asCurrency(currency);
      const asOf = q.asOf ?? context.today();
      const csv = wantsCsv(request, q.format);
      const snapshot = await context.snapshots.current();
      const audience = audienceOf(request.principal);
      // Same head, audience and parameters: the same bytes.
      const key = `${snapshot.head.hash}|${audience}|${reportName}|${currency}|${asOf}|${context.today()}|${csv}`;
      let body = cache.get(key);
      if (body === undefined) {
        const data = reportDataFor(audience, snapshot, settings());
        const computed = reports[reportName](data, { currency, asOf });
        const cut = audience === 'public' ? publicReport(computed, snapshot, settings()) : computed;
        // JSON readers get each money figure's sourcing mix, over the same rows the figure is; a CSV keeps its flat columns.
        const report = csv ? cut : withSourcing(reportName, cut, new SourcingModel(data, snapshot, await confirmations.index(snapshot), { currency, asOf }));
        const wire = toJsonValue(report, currency) as { rows: readonly Record<string, unknown>[] };
        body = csv ? toCsv(wire.rows) : JSON.stringify(wire);
        if (cache.size >= 256) cache.clear();
        cache.set(key, body);
      }
      return reply.type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8').send(body);
    },
  );
}

function nextQuery(request: FastifyRequest, cursor: string): string {
  const params = new URLSearchParams(request.query as Record<string, string>);
  params.set('cursor', cursor);
  return params.toString();
}
