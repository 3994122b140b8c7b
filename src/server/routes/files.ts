import type { FastifyInstance } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { actorOf } from '../../application/access.js';
import type { AccessRole } from '../../application/ports.js';
import { DomainError } from '../../domain/errors.js';
import { formatNamed, formatNames } from '../../io/index.js';
import { importFiles } from '../../io/run.js';
import type { RouteContext } from '../app.js';
import { requireAccount } from '../app.js';

/**
 * Files in and out over HTTP. An import acts for many parties at once (it registers donors and
 * records their flows, each with its provenance), so it is the admin's and the coordinating
 * cell's; the importing account is recorded as the actor of every event. An export holds every
 * row unredacted, so it is for the admin, the coordinating cell and auditors.
 */
export const importRoles: readonly AccessRole[] = ['admin', 'coordinator'];
export const exportRoles: readonly AccessRole[] = ['admin', 'coordinator', 'auditor'];

const importQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).optional(),
  /** The file's name, kept in the provenance of what it creates. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$/, 'a file name of letters, digits, . _ - and spaces').optional(),
});
const exportQuery = z.strictObject({ table: z.string().max(64).optional() });

function query<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
    throw new DomainError('VALIDATION_FAILED', `${name ?? 'query'}: ${issue?.message ?? 'not valid'}`, String(name ?? 'query'));
  }
  return result.data;
}

/** Counts the bytes of an upload and stops it past the limit with the same 413 as any other body. */
function sizeLimit(bytesMax: number): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > bytesMax) done(Object.assign(new Error('body too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }));
      else done(null, chunk);
    },
  });
}

function allow(roles: readonly AccessRole[], role: AccessRole, what: string): void {
  if (!roles.includes(role)) throw new DomainError('FORBIDDEN', `${what}: the ${role} role may not do this (${roles.join(', ')} may)`);
}

export function fileRoutes(api: FastifyInstance, context: RouteContext): void {
  const formatParam = { type: 'object', properties: { format: { type: 'string', enum: formatNames } }, required: ['format'] };

  // Inside this plugin every body is a raw stream, written to a temporary file as it arrives.
  void api.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { bodyLimit: context.settings.importBytesMax }, (_request, payload, done) => done(null, payload));
    files.post(
      '/imports/:format',
      {
        bodyLimit: context.settings.importBytesMax,
        schema: {
          tags: ['files'],
          summary: 'Import a file (Kiel, IATI, OCDS, FTS, NATO, FX, CSV or JSON) in one transaction',
          description: `Roles: ${importRoles.join(', ')}. The body is the file as it is. All or nothing; the same file again changes nothing. ?dryRun=true decides everything and writes nothing; ?name= names the file in the provenance.`,
          params: formatParam,
          querystring: z.toJSONSchema(importQuery, { io: 'input' }),
        },
      },
      async (request, reply) => {
        const principal = requireAccount(request);
        allow(importRoles, principal.role, 'import');
        const { format } = request.params as { format: string };
        const { importer } = formatNamed(format);
        const options = query(importQuery, request.query);
        const dir = await mkdtemp(join(tmpdir(), 'aidtrace-upload-'));
        try {
          const file = join(dir, basename(options.name ?? `upload.${format}`));
          await pipeline(request.body as Readable, sizeLimit(context.settings.importBytesMax), createWriteStream(file));
          const summary = await importFiles(context.ledger, importer, [file], { actor: actorOf(principal), dryRun: options.dryRun === 'true' });
          return reply.code(summary.dryRun || summary.created === 0 ? 200 : 201).send({ format, ...summary });
        } finally {
          context.snapshots.invalidate();
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  });

  api.get(
    '/exports/:format',
    {
      schema: {
        tags: ['files'],
        summary: 'The ledger in a format of the field',
        description: `Roles: ${exportRoles.join(', ')}. Unredacted. csv takes ?table= (e.g. contribution).`,
        params: formatParam,
        querystring: z.toJSONSchema(exportQuery, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const principal = requireAccount(request);
      allow(exportRoles, principal.role, 'export');
      const { format } = request.params as { format: string };
      const { exporter } = formatNamed(format);
      const { table } = query(exportQuery, request.query);
      // Fail before the first byte when the request is wrong (an unknown table), then stream.
      const body = new PassThrough();
      let started = false;
      const first = new Promise<void>((resolve, reject) => {
        exporter
          .write(context.reads, async (text) => {
            if (!started) {
              started = true;
              resolve();
            }
            if (!body.write(text)) await new Promise((drained) => body.once('drain', drained));
          }, { table })
          .then(() => {
            resolve();
            body.end();
          })
          .catch((error: unknown) => {
            if (started) body.destroy(error as Error);
            else reject(error);
          });
      });
      await first;
      const extension = exporter.mediaType.includes('xml') ? 'xml' : exporter.mediaType.includes('json') ? 'json' : 'csv';
      return reply
        .type(exporter.mediaType)
        .header('content-disposition', `attachment; filename="aidtrace-${format}${table ? `-${table}` : ''}.${extension}"`)
        .send(body);
    },
  );
}
