import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import type { RouteContext } from '../app.js';
import { requireAccount } from '../app.js';
import { parseInput } from '../input.js';

/** The browser session cookie: httpOnly, SameSite=Strict, Secure behind HTTPS. */
export const sessionCookie = 'aidtrace_session';

const login = z.strictObject({ userId: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export function sessionRoutes(api: FastifyInstance, context: RouteContext): void {
  const { access, settings } = context;
  api.post(
    '/session',
    {
      // Guessing passwords: a tighter limit per address than the general one.
      config: { signIn: true, rateLimit: { max: Math.min(settings.rateLimitPerMinute, settings.signInsPerMinuteMax), timeWindow: 60_000 } },
      schema: {
        tags: ['session'],
        summary: 'Sign in: sets an httpOnly session cookie',
        body: z.toJSONSchema(login),
      },
    },
    async (request, reply) => {
      const { userId, password } = parseInput(login, request.body, 'body');
      const user = await access.checkPassword(userId, password);
      const session = await access.startSession(user);
      void reply.setCookie(sessionCookie, session.cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: settings.cookieSecure,
        path: '/',
        maxAge: settings.sessionHoursMax * 3600,
      });
      return { userId: user.userId, role: user.role, partyId: user.partyId, expiresAt: session.expiresAt };
    },
  );

  api.get('/session', { schema: { tags: ['session'], summary: 'Who is signed in' } }, async (request) => {
    const principal = request.principal;
    if (principal.kind === 'public') return { role: 'public' };
    return { userId: principal.userId, role: principal.role, partyId: principal.partyId, via: principal.tokenId === undefined ? 'session' : 'token' };
  });

  api.delete('/session', { config: { signIn: true }, schema: { tags: ['session'], summary: 'Sign out' } }, async (request, reply) => {
    const cookie = request.cookies[sessionCookie];
    if (cookie === undefined) {
      requireAccount(request);
      throw new DomainError('VALIDATION_FAILED', 'session: signed in with a token; there is no session to end');
    }
    await access.endSession(cookie);
    void reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send();
  });
}
