import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../application/access.js';
import type { CommandResult } from '../../application/ledger.js';
import { commandSchema, parseCommand, provenanceSchema, type CommandEnvelope } from '../../contract/commands.js';
import type { CommandType } from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import type { RouteContext } from '../app.js';
import { requireAccount } from '../app.js';
import { authorizeCommand, commandRoles } from '../policy.js';

/** Each command as a resource route; fields in the path are taken from the path, not the body. */
export const writeRoutesTable: readonly { readonly url: string; readonly type: CommandType; readonly summary: string }[] = [
  { url: '/parties', type: 'RegisterParty', summary: 'Register a state, organisation or company' },
  { url: '/parties/:partyId/roles', type: 'GrantRole', summary: 'Give a registered party a further role' },
  { url: '/requirements', type: 'RecordRequirement', summary: "Record a line of the recipient's prioritized list" },
  { url: '/packages', type: 'ProposePackage', summary: 'Propose a package of line items' },
  { url: '/packages/:packageId/approve', type: 'ApprovePackage', summary: 'Approve a proposed package' },
  { url: '/packages/:packageId/close', type: 'ClosePackage', summary: 'Close a delivered package' },
  { url: '/packages/:packageId/cancel', type: 'CancelPackage', summary: 'Cancel a package, with a reason' },
  { url: '/contributions', type: 'RecordContribution', summary: 'Record a donor contribution' },
  { url: '/contributions/:contributionId/stage', type: 'AdvanceContribution', summary: "Move a contribution to another stage" },
  { url: '/transfers', type: 'RecordTransfer', summary: 'Move money between two accounts' },
  { url: '/conversions', type: 'ConvertCurrency', summary: "Convert money on an account's currency pair" },
  { url: '/contracts', type: 'SignContract', summary: "Sign a package's contract with a producer" },
  { url: '/shipments', type: 'DispatchShipment', summary: 'Dispatch contract goods' },
  { url: '/shipments/:shipmentId/milestones', type: 'RecordMilestone', summary: 'Record a shipment reaching a hub or being handed over' },
  { url: '/receipts', type: 'RecordReceipt', summary: 'Record accepted and rejected goods of a shipment' },
  { url: '/spending', type: 'RecordDefenceSpending', summary: "Record a country's defence spending and GDP for a year" },
  { url: '/fx-rates', type: 'RecordFxRate', summary: 'Record a dated exchange rate' },
  { url: '/spending/shares', type: 'RecordDefenceShare', summary: "Record a country's defence spending as a reported share of GDP for a year" },
  { url: '/sources', type: 'CiteSource', summary: 'Cite a further source for a record' },
  { url: '/source-documents', type: 'RecordSource', summary: 'Record a source document: an official statement or document, a dataset, a contract, a news article' },
  { url: '/evidence', type: 'LinkEvidence', summary: 'Tie a record to a source with the exact words and who said them; the evidence is named by the command id' },
];

const idempotencyHeader = 'idempotency-key';
const { $schema: _provenanceSchema, ...provenanceJson } = z.toJSONSchema(provenanceSchema, { io: 'input' });

/** The JSON Schema of a command's body as documentation: the command's wire schema less `type` and path fields. */
function bodySchema(type: CommandType, pathFields: readonly string[]): Record<string, unknown> {
  const option = commandSchema.options.find((candidate) => ('shape' in candidate ? candidate.shape.type.value : candidate.in.shape.type.value) === type);
  const json = z.toJSONSchema(option as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const hidden = new Set(['type', ...pathFields]);
  const { $schema: _, ...rest } = json;
  return {
    ...rest,
    properties: { ...Object.fromEntries(Object.entries(json.properties ?? {}).filter(([name]) => !hidden.has(name))), provenance: provenanceJson },
    required: (json.required ?? []).filter((name) => !hidden.has(name)),
  };
}

const resultSchema = {
  type: 'object',
  properties: {
    commandId: { type: 'string' },
    status: { type: 'string', enum: ['applied', 'replayed'] },
    events: { type: 'array', items: { type: 'object', properties: { seq: { type: 'integer' }, type: { type: 'string' } } } },
  },
};

function commandIdOf(request: FastifyRequest): string {
  const header = request.headers[idempotencyHeader];
  if (header === undefined) return randomUUID();
  if (Array.isArray(header)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key: send the header once', 'Idempotency-Key');
  return header;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DomainError('VALIDATION_FAILED', 'body: expected a JSON object', 'body');
  return body as Record<string, unknown>;
}

/** The wire command of a request: body fields, path fields, the route's type, the idempotency key as id. */
function envelopeOf(request: FastifyRequest, type: CommandType): CommandEnvelope {
  const body = objectBody(request.body);
  if ('type' in body) throw new DomainError('VALIDATION_FAILED', 'type: set by the route; leave it out of the body', 'type');
  if ('id' in body) throw new DomainError('VALIDATION_FAILED', 'id: send the command id as the Idempotency-Key header', 'id');
  const params = request.params as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    if (name in body && body[name] !== value) throw new DomainError('VALIDATION_FAILED', `${name}: the body says "${String(body[name])}", the path "${value}"`, name);
  }
  try {
    return parseCommand({ ...body, ...params, type, id: commandIdOf(request) });
  } catch (error) {
    // The id came from the header: name the header in the error.
    if (error instanceof DomainError && error.path === 'id') throw new DomainError(error.code, error.message.replace(/^id:/, 'Idempotency-Key:'), 'Idempotency-Key');
    throw error;
  }
}

function response(result: CommandResult) {
  if (result.status === 'rejected') throw new DomainError(result.error.code as never, result.error.message, result.error.path);
  return { commandId: result.commandId, status: result.status, events: result.events.map(({ seq, type }) => ({ seq, type })) };
}

export function writeRoutes(api: FastifyInstance, context: RouteContext): void {
  const { ledger } = context;
  const execute = async (request: FastifyRequest, envelopes: readonly CommandEnvelope[]) => {
    const principal = requireAccount(request);
    try {
      return await ledger.execute(envelopes, {
        actor: actorOf(principal),
        authorize: (command, view) => authorizeCommand(principal, command, view),
      });
    } finally {
      context.snapshots.invalidate();
    }
  };

  for (const route of writeRoutesTable) {
    const pathFields = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
    api.post(
      route.url,
      {
        schema: {
          tags: ['write'],
          summary: route.summary,
          description: `Roles: ${commandRoles[route.type].join(', ')}. The Idempotency-Key header is the command id: sending the same key and body again returns the first result.`,
          headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 128 } } },
          ...(pathFields.length > 0 ? { params: { type: 'object', properties: Object.fromEntries(pathFields.map((name) => [name, { type: 'string' }])), required: pathFields } } : {}),
          body: bodySchema(route.type, pathFields),
          response: { 201: resultSchema, 200: resultSchema },
        },
      },
      async (request, reply) => {
        const principal = requireAccount(request);
        if (!commandRoles[route.type].includes(principal.role)) throw new DomainError('FORBIDDEN', `${route.type}: the ${principal.role} role may not do this`);
        const envelope = envelopeOf(request, route.type);
        const [result] = await execute(request, [envelope]);
        const body = response(result as CommandResult);
        return reply.code(body.status === 'applied' ? 201 : 200).header(idempotencyHeader, envelope.commandId).send(body);
      },
    );
  }

  api.post(
    '/commands',
    {
      schema: {
        tags: ['write'],
        summary: 'Apply a batch of commands, all or nothing',
        description: 'Each command is `{"id", "type", …fields}` as in `aidtrace apply`. Every command is authorised for the caller; one rejection rolls back the batch.',
        body: { type: 'object', properties: { commands: { type: 'array', items: { type: 'object' } } }, required: ['commands'] },
      },
    },
    async (request, reply) => {
      requireAccount(request);
      const body = objectBody(request.body);
      const commands = body.commands;
      if (!Array.isArray(commands)) throw new DomainError('VALIDATION_FAILED', 'commands: expected an array of commands', 'commands');
      if (commands.length > context.settings.commandsPerRequestMax) {
        throw new DomainError('LIMIT_EXCEEDED', `commands: ${commands.length}, at most ${context.settings.commandsPerRequestMax} per request`, 'commands');
      }
      const envelopes = commands.map((command, index) => {
        try {
          return parseCommand(command);
        } catch (error) {
          if (error instanceof DomainError) throw new DomainError(error.code, `commands[${index}].${error.message}`, `commands[${index}].${error.path ?? ''}`);
          throw error;
        }
      });
      const results = (await execute(request, envelopes)).map(response);
      return reply.code(results.some((result) => result.status === 'applied') ? 201 : 200).send({ results });
    },
  );
}
