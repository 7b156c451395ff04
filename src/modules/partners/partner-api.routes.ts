/**
 * The inter-platform API (互通互认), under /api/partner/v1: other platforms verify this platform's codes and
 * ask for live status. Each partner authenticates with its own credential (Authorization: Bearer …) and
 * has its own rate limit. Answers carry masked data only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { LatestTestBody } from '../status/status.schema.ts';
import { presentPartnerStatus, presentPartnerVerification } from './partner-api.presenter.ts';
import type { Partner } from './partners.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    partner: Partner | null;
  }
}

const Status = Type.Enum(['green', 'yellow', 'red', 'pending'] as const);
const security = [{ partnerCredential: [] }];

export async function partnerApiRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, partners, verification, identity, status } = deps;

  app.decorateRequest('partner', null);
  app.addHook('onRequest', async (request) => {
    const credential = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const partner = credential ? await partners.authenticate(credential) : undefined;
    if (!partner) throw new AppError('UNAUTHENTICATED');
    request.partner = partner;
  });
  const perPartner = app.createRateLimit({
    keyGenerator: (request: FastifyRequest) => `partner:${request.partner?.issuerId}`,
    max: async (request: FastifyRequest) => request.partner?.ratePerMinute ?? 1,
    timeWindow: 60_000,
  });
  app.addHook('preHandler', async (request) => {
    const limit = await perPartner(request);
    if (!limit.isAllowed && limit.isExceeded) {
      const seconds = Math.max(1, Math.ceil(limit.ttl / 1000));
      throw new AppError('RATE_LIMITED', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
    }
  });

  app.post(
    '/verify',
    {
      schema: {
        tags: ['inter-platform'],
        summary: 'Verify a code issued by this platform: signature, expiry and the holder’s live status (masked)',
        security,
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 2048 }) }),
        response: {
          200: Type.Object({
            result: Type.Enum(['valid', 'expired', 'invalid', 'untrusted', 'revoked'] as const),
            status: Type.Union([Status, Type.Null()]),
            name: Type.Union([Type.String(), Type.Null()]),
            idNumber: Type.Union([Type.String(), Type.Null()]),
            expiresAt: Type.Union([Type.Number(), Type.Null()]),
            latestTest: LatestTestBody,
          }),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request) => presentPartnerVerification(await verification.evaluate(db, request.body.token, deps.now(), true), deps.config.issuerId),
  );

  app.get(
    '/status/:subject',
    {
      schema: {
        tags: ['inter-platform'],
        summary: 'Live status of the holder a code of this platform names (its `sub`), masked',
        security,
        params: Type.Object({ subject: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({ subject: Type.String(), status: Status, name: Type.String(), idNumber: Type.String(), computedAt: Type.Number(), latestTest: LatestTestBody }),
          ...errorResponses(401, 404, 429),
        },
      },
    },
    async (request) => {
      const person = await identity.getPerson(db, request.params.subject);
      const current = await status.current(db, person.id);
      return presentPartnerStatus(person, current);
    },
  );
}
