import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { publicPrincipal, type AccessService, type Principal } from '../application/access.js';
import { CheckpointSchedule } from '../application/checkpoints.js';
import { systemClock, type Ledger } from '../application/ledger.js';
import type { LedgerStore } from '../application/ports.js';
import { SnapshotCache } from '../application/queries.js';
import type { NoteSigner } from '../audit/checkpoint.js';
import type { ServerSettings } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { HttpProblem, sendProblem, toProblem } from './errors.js';
import { auditRoutes } from './routes/audit.js';
import { fileRoutes } from './routes/files.js';
import { readRoutes } from './routes/reads.js';
import { sessionRoutes, sessionCookie } from './routes/session.js';
import { writeRoutes } from './routes/writes.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface ServerDeps {
  /** The write side. */
  readonly ledger: Ledger;
  /** Where reads come from: the ledger's own store or a read replica. */
  readonly reads: LedgerStore;
  readonly access: AccessService;
  readonly settings: ServerSettings;
  readonly reportCurrency: string;
  /** Today, YYYY-MM-DD: what reports judge due dates and public delays against. */
  readonly today: () => string;
  /** pino level for the server's log (errors are logged at "error"); no log when absent. */
  readonly logLevel?: string;
  /** The built dashboard (web/dist), served at `/`; without it `/` says how to build it. */
  readonly webRoot?: string;
  /**
   * The log's checkpoint key: the server signs a checkpoint when it is ready and then every
   * `settings.checkpointIntervalSeconds` when the log has grown, and opens cosigned notes with it.
   */
  readonly checkpointSigner?: NoteSigner;
}

/** What route modules receive. */
export interface RouteContext extends ServerDeps {
  readonly snapshots: SnapshotCache;
}

/**
 * The HTTP API: every route admits roles before it does anything, validates with the same zod
 * schemas as the CLI, and fails through one error handler as RFC 9457 problem details.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logLevel === undefined ? false : { level: deps.logLevel },
    bodyLimit: deps.settings.bodyBytesMax,
    // Prototype poisoning in a body is refused, not stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Route schemas are documentation: validation is zod's (the same code the CLI runs), and
  // responses are serialised as they are.
  app.setValidatorCompiler(() => () => true);
  // Bodies are JSON; anything else is 415.
  app.removeContentTypeParser('text/plain');
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.decorateRequest('principal', null as never);
  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, toProblem(error, request)));
  const dashboard = deps.webRoot !== undefined && existsSync(join(deps.webRoot, 'index.html')) ? deps.webRoot : undefined;
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // The dashboard routes in the browser: any other page path gets its index.html.
    if (dashboard && request.method === 'GET' && !path.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html', dashboard);
    }
    return sendProblem(reply, request, toProblem(new HttpProblem('ROUTE_NOT_FOUND', `${request.method} ${path}: no such route; see /docs`), request));
  });

  await app.register(cookie);
  app.addHook('onRequest', async (request) => {
    try {
      request.principal = await principalOf(request, deps.access);
    } catch (error) {
      // Signing in again must work with a stale cookie in the browser.
      if (!(error instanceof DomainError && (request.routeOptions.config as { signIn?: boolean }).signIn)) throw error;
      request.principal = publicPrincipal;
    }
  });
  await app.register(rateLimit, {
    global: true,
    max: deps.settings.rateLimitPerMinute,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal.kind === 'account' ? `account:${request.principal.userId}` : `address:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new HttpProblem('RATE_LIMITED', `more than ${context.max} requests a minute; retry in ${context.after}`), { statusCode: 429 }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'aidtrace API',
        version: '0.1.0',
        description:
          'Follow aid from pledge to payment to contract to shipment to accepted receipt. Amounts are exact decimal strings beside their ISO 4217 currency. Errors are RFC 9457 problem details with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
          token: { type: 'http', scheme: 'bearer', description: 'An API token from `aidtrace token create`' },
        },
      },
      security: [{ session: [] }, { token: [] }, {}],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Every route may answer with a problem; say so in the OpenAPI document.
  app.addHook('onRoute', (route) => {
    if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
    route.schema = { ...route.schema, response: { ...(route.schema.response as object | undefined), '4XX': problemSchema, '5XX': problemSchema } };
  });

  const context: RouteContext = { ...deps, snapshots: new SnapshotCache(deps.reads) };
  await app.register(async (api) => {
    sessionRoutes(api, context);
    writeRoutes(api, context);
    readRoutes(api, context);
    fileRoutes(api, context);
    auditRoutes(api, context);
  }, { prefix: '/api' });
  if (deps.checkpointSigner !== undefined) {
    // A broken chain or a split view is not signed and must not pass unnoticed: logged as an error even with no logger.
    const loud = (message: string) => (deps.logLevel === undefined ? process.stderr.write(`aidtrace: ${message}\n`) : app.log.error(message));
    const schedule = new CheckpointSchedule(deps.ledger.store, deps.checkpointSigner, systemClock, deps.settings.checkpointIntervalSeconds, {
      info: (message) => app.log.info(message),
      error: loud,
    });
    app.addHook('onReady', () => schedule.start());
    app.addHook('onClose', () => schedule.stop());
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (dashboard) {
    await app.register(fastifyStatic, { root: dashboard, prefix: '/', index: 'index.html', wildcard: false });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>aidtrace</title><p>The dashboard is not built here: run <code>npm run build:web</code>. The API and its docs are at <a href="/docs">/docs</a>.</p>'),
    );
  }
  return app;
}

const problemSchema = {
  description: 'RFC 9457 problem details',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string', description: 'stable error code, e.g. VALIDATION_FAILED, FORBIDDEN, INSUFFICIENT_BALANCE' },
          path: { type: 'string', description: 'the offending field, e.g. lines[2].accepted' },
          instance: { type: 'string' },
        },
        required: ['type', 'title', 'status', 'detail', 'code'],
      },
    },
  },
};

/** A bearer token, else a session cookie, else the public. A credential that does not check out is refused, not ignored. */
async function principalOf(request: FastifyRequest, access: AccessService): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'authorization: use "Bearer <token>"');
    return access.fromToken(match[1] as string);
  }
  const session = request.cookies[sessionCookie];
  if (session !== undefined) return access.fromSession(session);
  return publicPrincipal;
}

/** The signed-in account, or UNAUTHENTICATED. */
export function requireAccount(request: FastifyRequest): Principal & { kind: 'account' } {
  const principal = request.principal;
  if (principal.kind !== 'account') throw new DomainError('UNAUTHENTICATED', 'sign in (POST /api/session) or send an API token');
  return principal;
}
