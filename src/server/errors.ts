import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BatchRejected } from '../application/ledger.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';

/**
 * The one place errors become HTTP responses: RFC 9457 problem details with the stable error
 * code, the offending field's path for validation errors, and nothing from the server's inside.
 */

/** Failures that belong to HTTP itself rather than to the ledger's rules. */
export type HttpErrorCode = 'MALFORMED_JSON' | 'BODY_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'RATE_LIMITED' | 'ROUTE_NOT_FOUND' | 'NOT_ACCEPTABLE' | 'INTERNAL';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode | HttpErrorCode;
  readonly instance?: string;
  readonly path?: string;
}

const badRequest: readonly ErrorCode[] = ['VALIDATION_FAILED', 'CURRENCY_UNKNOWN', 'AMOUNT_PRECISION', 'AMOUNT_NOT_POSITIVE', 'AMOUNT_TOO_LARGE', 'REASON_REQUIRED', 'LIMIT_EXCEEDED'];

/** HTTP status of each code: 400 malformed input, 409 a rule or concurrency conflict with the ledger's state. */
export function statusOf(code: ErrorCode | HttpErrorCode): number {
  if (badRequest.includes(code as ErrorCode) || code === 'MALFORMED_JSON') return 400;
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'ROUTE_NOT_FOUND':
      return 404;
    case 'NOT_ACCEPTABLE':
      return 406;
    case 'BODY_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'STORE_BUSY':
    case 'STORE_UNAVAILABLE':
      return 503;
    case 'CHAIN_BROKEN':
    case 'INTERNAL':
      return 500;
    default:
      return 409;
  }
}

const titles: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  406: 'Not acceptable',
  409: 'Conflict with the ledger',
  413: 'Body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Ledger unavailable',
};

export function problem(code: ErrorCode | HttpErrorCode, detail: string, path?: string): Problem {
  const status = statusOf(code);
  return {
    type: `urn:aidtrace:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...(path === undefined ? {} : { path }),
  };
}

/** Raised by route code for HTTP-level failures. */
export class HttpProblem extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Maps anything a route threw to a problem. Unknown errors are logged and reported without detail. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof BatchRejected) {
    const rejected = error.results.find((result) => result.status === 'rejected');
    if (rejected?.status === 'rejected') return problem(rejected.error.code as ErrorCode, rejected.error.message, rejected.error.path);
  }
  if (error instanceof DomainError) return problem(error.code, error.message, error.path);
  if (error instanceof HttpProblem) return problem(error.code, error.message);
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('BODY_TOO_LARGE', `body: larger than ${request.routeOptions.bodyLimit ?? 0} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('UNSUPPORTED_MEDIA_TYPE', `content-type: send application/json, not ${request.headers['content-type'] ?? 'nothing'}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('MALFORMED_JSON', 'body: empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('MALFORMED_JSON', `body: not valid JSON (${fastifyError.message ?? ''})`);
    default:
      break;
  }
  if (fastifyError.statusCode === 400 && error instanceof SyntaxError) return problem('MALFORMED_JSON', `body: not valid JSON (${error.message})`);
  if (fastifyError.statusCode === 429) return problem('RATE_LIMITED', fastifyError.message ?? 'too many requests; slow down');
  if (fastifyError.statusCode === 413) return problem('BODY_TOO_LARGE', 'body: too large');
  if (fastifyError.statusCode === 415) return problem('UNSUPPORTED_MEDIA_TYPE', fastifyError.message ?? 'unsupported media type');
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { ...problem('VALIDATION_FAILED', fastifyError.message ?? 'bad request'), status: fastifyError.statusCode };
  }
  request.log.error({ err: error }, 'internal error');
  return problem('INTERNAL', 'the server failed; the error is logged');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, value: Problem): FastifyReply {
  const body = { ...value, instance: request.url };
  if (value.status === 503) void reply.header('retry-after', '1');
  return reply.code(value.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
