/**
 * Cookie sessions. On every API request the session cookie (if any) is resolved to `request.actor`;
 * writes made with the cookie must carry the session's CSRF token in `x-csrf-token`, except on routes
 * that create a session (sign-in, registration), which set `config.csrfExempt`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  async function resolveSession(request: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
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
  }

  app.addHook('onRequest', (request, reply, done) => {
    // Only API routes act for someone; pages and assets carrying the cookie cost no lookup.
    const token = request.url.startsWith('/api/v1/') ? request.cookies[SESSION_COOKIE] : undefined;
    if (!token) return done();
    resolveSession(request, reply, token).then(() => done(), done);
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
