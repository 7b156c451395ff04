/**
 * Cookie sessions. On every API request the session cookie (if any) is resolved to `request.actor`;
 * writes made with the cookie must carry the session's CSRF token in `x-csrf-token`, except on routes
 * that create a session (sign-in, registration), which set `config.csrfExempt`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../shared/access.ts';
import type { Deps } from '../container.ts';

export const SESSION_COOKIE = 'hc_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    csrfExempt?: boolean;
  }
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function installSessions(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request, reply) => {
    // Only API routes act for someone; pages and assets carrying the cookie cost no lookup.
    if (!request.url.startsWith('/api/v1/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await deps.accounts.authenticate(deps.db, token);
    if (!session) {
      clearSessionCookie(reply, deps.config);
      return;
    }
    const exempt = request.routeOptions.config?.csrfExempt === true;
    if (!SAFE_METHODS.has(request.method) && !exempt && !sameToken(request.headers['x-csrf-token'], session.csrfToken)) {
      throw new AppError('CSRF_FAILED');
    }
    request.actor = session.actor;
    request.sessionId = session.sessionId;
    request.csrfToken = session.csrfToken;
  });
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    maxAge: config.sessionTtlSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/' });
}
