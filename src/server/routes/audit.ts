import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CheckpointRecord } from '../../application/ports.js';
import { MerkleIndex } from '../../application/merkle-index.js';
import { proveConsistency, proveEvent, proveRecord } from '../../application/proofs.js';
import { eventSubjects } from '../../application/reports/history.js';
import { rowBytes } from '../../audit/chain.js';
import { NoteError, openCheckpoint, parseCheckpoint } from '../../audit/checkpoint.js';
import { DomainError } from '../../domain/errors.js';
import type { RouteContext } from '../app.js';
import { requireAccount } from '../app.js';
import { parseInput } from '../input.js';
import { allEventsRoles, mayReadEvent, readableIds, type ReaderRole } from '../resources.js';
import { roleOf } from '../views.js';

/**
 * Signed checkpoints and Merkle proofs over HTTP, for auditors and witnesses (README: trust
 * model). A checkpoint or a consistency proof reveals only tree sizes and hashes, so anyone may
 * read them. An inclusion proof carries the rows of the events it proves, so it goes to whoever
 * may read those events (`mayReadEvent`). Witnesses send cosigned checkpoints back.
 */

const everyone: readonly ReaderRole[] = ['public', 'admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'];
/** Who may hand in a witness's cosignature: the oversight roles (a witness uses an auditor's token). */
export const cosignRoles: readonly ReaderRole[] = ['admin', 'coordinator', 'auditor'];
const proofRoles: readonly ReaderRole[] = ['admin', 'coordinator', 'auditor', 'donor', 'recipient', 'producer'];

/** A whole number of events from 1, or a 400 naming the parameter. */
const count = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a whole number of events, 1 or more')
  .transform(Number)
  .refine(Number.isSafeInteger, 'is too large');
const sizeQuery = z.strictObject({ size: count.optional() });
const consistencyQuery = z.strictObject({ from: count, to: count.optional() });
const cosignedBody = z.strictObject({ note: z.string().min(1).max(65_536) });

function admit(request: FastifyRequest, roles: readonly ReaderRole[], what: string): void {
  if (roles.includes(roleOf(request.principal))) return;
  if (request.principal.kind === 'public') requireAccount(request);
  throw new DomainError('FORBIDDEN', `${what}: not for the ${roleOf(request.principal)} role`);
}

const listItem = (record: CheckpointRecord) => ({ origin: record.origin, size: record.size, rootHash: record.rootHash, createdAt: record.createdAt, note: record.note });
const checkpointSchema = {
  type: 'object',
  properties: {
    origin: { type: 'string' },
    size: { type: 'integer' },
    rootHash: { type: 'string', description: 'base64' },
    createdAt: { type: 'string' },
    note: { type: 'string', description: 'the signed note (c2sp.org/tlog-checkpoint), every signature line included' },
  },
};
const noteResponse = { 200: { description: 'the signed note (c2sp.org/signed-note)', content: { 'text/plain': { schema: { type: 'string' } } } } };
const hashes = { type: 'array', items: { type: 'string' } };
const eventProofSchema = {
  type: 'object',
  properties: { seq: { type: 'integer' }, leafIndex: { type: 'integer' }, treeSize: { type: 'integer' }, leafHash: { type: 'string' }, rootHash: { type: 'string' }, proof: hashes, row: { type: 'string' } },
};

export function auditRoutes(api: FastifyInstance, context: RouteContext): void {
  // Checkpoints are written and read on the ledger's own store: a read replica may lag behind the one that signs.
  const checkpoints = context.ledger.store.checkpoints;
  const origin = context.checkpointSigner?.name;
  const latest = async () => {
    const record = await checkpoints.latest(origin);
    if (record === undefined) throw new DomainError('NOT_FOUND', 'checkpoints: none signed yet (start the server with AIDTRACE_CHECKPOINT_KEY, or run "aidtrace checkpoint --key")');
    return record;
  };

  api.get(
    '/checkpoints/latest',
    { schema: { tags: ['audit'], summary: 'The latest signed checkpoint of the log, as a signed note', description: `Roles: everyone. Check it with the log's public key ("aidtrace check-checkpoint", or any c2sp.org/signed-note verifier).`, response: noteResponse } },
    async (request, reply) => {
      admit(request, everyone, 'checkpoints');
      return reply.type('text/plain; charset=utf-8').send((await latest()).note);
    },
  );

  api.get(
    '/checkpoints',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every checkpoint kept, by origin, then size',
        description: 'Roles: everyone. Each with its signed note, cosignatures of witnesses included.',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: checkpointSchema } } } },
      },
    },
    async (request) => {
      admit(request, everyone, 'checkpoints');
      return { items: (await checkpoints.list()).map(listItem) };
    },
  );

  api.get(
    '/checkpoints/:size',
    {
      schema: {
        tags: ['audit'],
        summary: 'The signed checkpoint of one tree size, as a signed note',
        description: 'Roles: everyone. 404 when no checkpoint of that size was signed.',
        params: { type: 'object', properties: { size: { type: 'integer', minimum: 0 } } },
        response: noteResponse,
      },
    },
    async (request, reply) => {
      admit(request, everyone, 'checkpoints');
      const raw = (request.params as { size: string }).size;
      if (!/^(0|[1-9]\d{0,15})$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new DomainError('VALIDATION_FAILED', `size: "${raw}" is not a whole number of events`, 'size');
      const size = Number(raw);
      const record = origin === undefined ? (await checkpoints.list()).find((c) => c.size === size) : await checkpoints.at(origin, size);
      if (record === undefined) throw new DomainError('NOT_FOUND', `checkpoints/${size}: no checkpoint of ${size} events was signed`);
      return reply.type('text/plain; charset=utf-8').send(record.note);
    },
  );

  api.post(
    '/checkpoints/cosigned',
    {
      schema: {
        tags: ['audit'],
        summary: "A witness hands back a checkpoint with its cosignature",
        description: `Roles: ${cosignRoles.join(', ')} (a witness uses an auditor's API token). The note must be a checkpoint this log issued, with the log's own signature still on it; its signature lines are merged into the kept note, one per key. 404 when the log never issued that checkpoint, 409 SPLIT_VIEW when one of the same size has another root.`,
        body: { type: 'object', properties: { note: { type: 'string' } }, required: ['note'] },
        response: { 200: checkpointSchema },
      },
    },
    async (request) => {
      admit(request, cosignRoles, 'checkpoints/cosigned');
      const { note } = parseInput(cosignedBody, request.body, 'body');
      const record = await cosigned(note);
      return listItem(await checkpoints.add(record));
    },
  );

  /** The posted note as a record to merge, once it is shown to be one this log issued and signed. */
  async function cosigned(note: string): Promise<CheckpointRecord> {
    const invalid = (message: string) => new DomainError('VALIDATION_FAILED', `body.note: ${message}`, 'body.note');
    const split = note.lastIndexOf('\n\n');
    let parsed;
    try {
      parsed = parseCheckpoint(split === -1 ? note : note.slice(0, split + 1));
      if (context.checkpointSigner !== undefined) openCheckpoint(note, [context.checkpointSigner.verifierKey], { origin: context.checkpointSigner.name });
    } catch (error) {
      if (error instanceof NoteError) throw invalid(`${error.message}`);
      throw error;
    }
    const size = Number(parsed.size);
    const rootHash = Buffer.from(parsed.root).toString('base64');
    const kept = Number.isSafeInteger(size) ? await checkpoints.at(parsed.origin, size) : undefined;
    if (kept === undefined) throw new DomainError('NOT_FOUND', `body.note: ${parsed.origin} never issued a checkpoint of ${parsed.size} events`, 'body.note');
    if (kept.rootHash !== rootHash) {
      throw new DomainError('SPLIT_VIEW', `body.note: the checkpoint of ${size} events this log issued has root ${kept.rootHash}, the note ${rootHash}`, 'body.note');
    }
    // The log's own signature is the first line of the note it issued; it must still be there.
    const ownLine = kept.note.slice(kept.note.lastIndexOf('\n\n') + 2).split('\n')[0] ?? '';
    if (split === -1 || !note.slice(split + 2).split('\n').includes(ownLine) || note.slice(0, split) !== kept.note.slice(0, kept.note.lastIndexOf('\n\n'))) {
      throw invalid("the log's own signature is not on it, or its text is not the text the log signed");
    }
    return { ...kept, note };
  }

  const head = async () => (await context.reads.head()).seq;
  // Tile roots kept in memory and caught up from appended events: a proof reads at most two tiles of the log.
  const index = new MerkleIndex();

  api.get(
    '/proofs/consistency',
    {
      schema: {
        tags: ['audit'],
        summary: 'Proof that the tree of the first `from` events is a prefix of the tree of the first `to` (RFC 9162 §2.1.4)',
        description: 'Roles: everyone (it holds only hashes). `to` defaults to every event in the log. Check it with "aidtrace check-proof".',
        querystring: z.toJSONSchema(consistencyQuery, { io: 'input' }),
        response: { 200: { type: 'object', properties: { size1: { type: 'integer' }, size2: { type: 'integer' }, root1: { type: 'string' }, root2: { type: 'string' }, proof: hashes } } },
      },
    },
    async (request) => {
      admit(request, everyone, 'proofs');
      const q = parseInput(consistencyQuery, request.query, 'query');
      const events = await head();
      const to = q.to ?? events;
      if (to > events) throw new DomainError('VALIDATION_FAILED', `query.to: ${to} is past the log's ${events} events`, 'query.to');
      if (q.from > to) throw new DomainError('VALIDATION_FAILED', `query.from: ${q.from} is larger than to (${to})`, 'query.from');
      return proveConsistency(context.reads, q.from, to, index);
    },
  );

  const sizeOf = async (size: number | undefined): Promise<number> => {
    const events = await head();
    if (size !== undefined && size > events) throw new DomainError('VALIDATION_FAILED', `query.size: ${size} is past the log's ${events} events`, 'query.size');
    if (events === 0) throw new DomainError('NOT_FOUND', 'the log is empty: there is nothing to prove');
    return size ?? events;
  };

  api.get(
    '/proofs/events/:seq',
    {
      schema: {
        tags: ['audit'],
        summary: 'Proof that one event is in the tree (RFC 9162 §2.1.3), with its row',
        description: `Roles: ${allEventsRoles.join(', ')} for any event; a donor, recipient or producer for an event whose records are all ones it may read. \`size\` (default: every event) picks the tree. 404 past the head.`,
        params: { type: 'object', properties: { seq: { type: 'integer', minimum: 1 } } },
        querystring: z.toJSONSchema(sizeQuery, { io: 'input' }),
        response: { 200: eventProofSchema },
      },
    },
    async (request) => {
      admit(request, proofRoles, 'proofs');
      const { seq } = parseInput(z.strictObject({ seq: count }), request.params, 'params');
      const q = parseInput(sizeQuery, request.query, 'query');
      const events = await head();
      if (seq > events) throw new DomainError('NOT_FOUND', `proofs/events/${seq}: the log holds ${events} events`);
      const size = await sizeOf(q.size);
      if (seq > size) throw new DomainError('VALIDATION_FAILED', `params.seq: ${seq} is not in the tree of ${size} events`, 'params.seq');
      const [row] = await context.reads.readEvents(seq - 1, 1);
      if (row === undefined || row.seq !== seq) throw new DomainError('NOT_FOUND', `proofs/events/${seq}: no such event`);
      const readable = await readableFor(request);
      if (!mayReadEvent(request.principal, eventSubjects(JSON.parse(row.payload) as Record<string, unknown>), readable)) {
        throw new DomainError('FORBIDDEN', `proofs/events/${seq}: the event concerns records the ${roleOf(request.principal)} role may not read`);
      }
      return { ...(await proveEvent(context.reads, seq, size, index)), row: rowBytes(row) };
    },
  );

  api.get(
    '/proofs/records/:id',
    {
      schema: {
        tags: ['audit'],
        summary: 'Proofs that the events of a record are in the tree, with their rows',
        description: `Roles: ${allEventsRoles.join(', ')} get every event that names the record; a donor, recipient or producer only for a record it may read, and only the events whose records are all ones it may read. \`size\` (default: every event) picks the tree. 404 for a record no (readable) event names.`,
        params: { type: 'object', properties: { id: { type: 'string' } } },
        querystring: z.toJSONSchema(sizeQuery, { io: 'input' }),
      },
    },
    async (request) => {
      admit(request, proofRoles, 'proofs');
      const { id } = parseInput(z.strictObject({ id: z.string().min(1).max(128) }), request.params, 'params');
      const q = parseInput(sizeQuery, request.query, 'query');
      const size = await sizeOf(q.size);
      const notFound = () => new DomainError('NOT_FOUND', `proofs/records/${id}: no event among the first ${size} names this record, or none you may read`);
      const everything = allEventsRoles.includes(roleOf(request.principal));
      const readable = everything ? new Set<string>() : await readableFor(request);
      if (!everything && !readable.has(id)) throw notFound();
      let proof;
      try {
        proof = await proveRecord(context.reads, id, size, index);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') throw notFound();
        throw error;
      }
      if (everything) return proof;
      const keep = proof.events.map((event) => mayReadEvent(request.principal, eventSubjects((JSON.parse(event.row) as { payload: Record<string, unknown> }).payload), readable));
      if (!keep.includes(true)) throw notFound();
      return { ...proof, events: proof.events.filter((_, i) => keep[i]), proofs: proof.proofs.filter((_, i) => keep[i]) };
    },
  );

  async function readableFor(request: FastifyRequest): Promise<ReadonlySet<string>> {
    const snapshot = await context.snapshots.current();
    return readableIds({ snapshot, reader: request.principal, settings: { publicDelayDays: context.settings.publicDelayDays, today: context.today() } });
  }
}
