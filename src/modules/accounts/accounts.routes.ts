import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { normalizePhone } from '../identity/id-document.ts';
import { presentOwnAccount } from './accounts.presenter.ts';
import { changePasswordSchema, registerSchema, sessionSchema, signInCodeSchema, signInSchema, signInWithCodeSchema, signOutSchema } from './accounts.schema.ts';
import { SIGN_IN_CODE_TTL_SECONDS, type NewSession } from './accounts.service.ts';
import { inTransaction } from '../../db/transactions.ts';

export async function accountsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, accounts, config } = deps;

  /** The phone number a request names, as the limits count it (written any way, the same number). */
  const phoneOf = (request: FastifyRequest) => {
    const phone = String((request.body as { phone?: unknown } | undefined)?.phone ?? '');
    return normalizePhone(phone) ?? phone;
  };

  /** A limit counted in the sign-in window under `key`; past `max`, refused with SIGN_IN_RATE_LIMITED (counted in the metrics as `metricsName`). */
  const signInLimit = (metricsName: 'sign_in_attempts' | 'sign_in_codes', max: number, key: (request: FastifyRequest) => string) => {
    const limit = app.createRateLimit({ max, timeWindow: config.loginWindowSeconds * 1000, keyGenerator: key });
    return async (request: FastifyRequest): Promise<void> => {
      const counted = await limit(request);
      if (counted.isAllowed || !counted.isExceeded) return;
      deps.metrics.countRateLimited(metricsName);
      const seconds = Math.max(1, Math.ceil(counted.ttl / 1000));
      throw new AppError('SIGN_IN_RATE_LIMITED', { params: { minutes: Math.ceil(seconds / 60) }, headers: { 'retry-after': String(seconds) } });
    };
  };
  // Guessing passwords or mass-registering (防刷): attempts per phone number and address, and per phone number
  // from every address together, so that many addresses (a botnet) cannot guess one account's password either.
  const limitsOfAttempts = [
    signInLimit('sign_in_attempts', config.loginAttemptsPerWindow, (request) => `sign-in:${phoneOf(request)}:${request.ip}`),
    signInLimit('sign_in_attempts', config.loginAttemptsPerPhone, (request) => `sign-in-phone:${phoneOf(request)}`),
  ];
  async function limitAttempts(request: FastifyRequest): Promise<void> {
    for (const limit of limitsOfAttempts) await limit(request);
  }
  // Guessing the current password from a session: per account, as sign-in counts per phone.
  const limitPasswordChanges = signInLimit('sign_in_attempts', config.loginAttemptsPerWindow, (request) => `password:${request.actor?.accountId ?? request.ip}`);
  // Text messages sent at the platform's cost: per address, to whatever numbers it names.
  const limitCodesPerAddress = signInLimit('sign_in_codes', config.signInCodesPerAddress, (request) => `sign-in-codes:${request.ip}`);

  // One text message a minute to a number, whoever asks: the SMS gateway costs money and phones are not to be flooded (短信轰炸).
  const RESEND_AFTER_SECONDS = 60;
  const resendLimit = app.createRateLimit({
    max: 1,
    timeWindow: RESEND_AFTER_SECONDS * 1000,
    keyGenerator: (request: FastifyRequest) => `sign-in-code:${phoneOf(request)}`,
  });

  async function respondWithSession(request: FastifyRequest, session: NewSession) {
    const lang = negotiateLang(request.headers['accept-language']);
    const account = await accounts.getOwnAccount(db, session.actor);
    return presentOwnAccount(account, session.csrfToken, lang, config.timeZone);
  }

  app.post('/auth/register', { schema: registerSchema, config: { csrfExempt: true } }, async (request, reply) => {
    await limitAttempts(request);
    const session = await inTransaction(db, (trx) => accounts.register(trx, request.body));
    setSessionCookie(reply, config, session.token);
    return reply.status(201).send(await respondWithSession(request, session));
  });

  app.post('/auth/sign-in', { schema: signInSchema, config: { csrfExempt: true } }, async (request, reply) => {
    await limitAttempts(request);
    const session = await accounts.signIn(db, request.body);
    setSessionCookie(reply, config, session.token);
    return reply.send(await respondWithSession(request, session));
  });

  app.post('/auth/sign-in/code', { schema: signInCodeSchema, config: { csrfExempt: true } }, async (request, reply) => {
    await limitAttempts(request);
    await limitCodesPerAddress(request);
    const resend = await resendLimit(request);
    if (!resend.isAllowed && resend.isExceeded) {
      const seconds = Math.max(1, Math.ceil(resend.ttl / 1000));
      throw new AppError('SIGN_IN_CODE_TOO_SOON', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
    }
    await accounts.requestSignInCode(db, request.body, negotiateLang(request.headers['accept-language']));
    return reply.status(202).send({ expiresInSeconds: SIGN_IN_CODE_TTL_SECONDS, resendAfterSeconds: RESEND_AFTER_SECONDS });
  });

  app.post('/auth/sign-in/with-code', { schema: signInWithCodeSchema, config: { csrfExempt: true } }, async (request, reply) => {
    await limitAttempts(request);
    const session = await accounts.signInWithCode(db, request.body);
    setSessionCookie(reply, config, session.token);
    return reply.send(await respondWithSession(request, session));
  });

  app.post('/auth/sign-out', { schema: signOutSchema }, async (request, reply) => {
    await accounts.signOut(db, request.actor, request.sessionId, request.query.everywhere === true);
    clearSessionCookie(reply, config);
    return reply.status(204).send(null);
  });

  app.post('/auth/password', { schema: changePasswordSchema }, async (request, reply) => {
    await limitPasswordChanges(request);
    await accounts.changePassword(db, request.actor, request.sessionId, request.body);
    return reply.status(204).send(null);
  });

  app.get('/auth/session', { schema: sessionSchema }, async (request) => {
    const account = await accounts.getOwnAccount(db, request.actor);
    return presentOwnAccount(account, request.csrfToken ?? '', negotiateLang(request.headers['accept-language']), config.timeZone);
  });
}
