import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { errorResponses } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { ID_TYPES } from '../identity/id-document.ts';
import { STATUS_LABELS } from '../status/status.presenter.ts';
import { PublicVenueBody } from '../venues/venues.schema.ts';
import { presentPublicVenue } from '../venues/venues.presenter.ts';
import type { Pass } from './checkins.service.ts';

const PassBody = Type.Object({
  venue: PublicVenueBody,
  checkedInAt: Type.Number(),
  serverTime: Type.Number(),
  timeZone: Type.String(),
  entries: Type.Array(
    Type.Object({
      checkinId: Type.String(),
      personId: Type.String(),
      name: Type.String({ description: 'Masked' }),
      status: Type.Enum(['green', 'yellow', 'red', 'pending'] as const),
      statusLabel: Type.String(),
      mayEnter: Type.Boolean({ description: 'Only green may enter; everyone is recorded for tracing' }),
    }),
  ),
});

export async function checkinsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, checkins } = deps;
  const present = (pass: Pass, acceptLanguage: string | undefined) => {
    const lang = negotiateLang(acceptLanguage);
    return {
      venue: presentPublicVenue(pass.venue),
      checkedInAt: pass.checkedInAt,
      serverTime: deps.now(),
      timeZone: deps.config.timeZone,
      entries: pass.entries.map((e) => ({ ...e, statusLabel: STATUS_LABELS[e.status][lang] })),
    };
  };

  app.post(
    '/checkins',
    {
      schema: {
        tags: ['checkins'],
        summary: 'Check in at the venue a scanned code names, with chosen dependents; answered only once stored',
        body: Type.Object({
          venueCode: Type.String({ minLength: 1, maxLength: 300, description: 'The token, or the whole scanned URL (…/c/<token>)' }),
          personIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 4, uniqueItems: true }),
        }),
        response: { 201: PassBody, ...errorResponses(400, 401, 403, 404, 410) },
      },
    },
    async (request, reply) => {
      const token = request.body.venueCode.trim().replace(/^.*\/c\//, '');
      // Not in a request transaction: the row is written by the shared group commit, which the call awaits.
      const pass = await checkins.checkIn(db, request.actor, token, request.body.personIds);
      return reply.status(201).send(present(pass, request.headers['accept-language']));
    },
  );

  app.post(
    '/venues/mine/visitors',
    {
      schema: {
        tags: ['checkins'],
        summary: 'Register a visitor without a phone: by document number (manual) or by their paper code',
        body: Type.Object({
          idType: Type.Optional(Type.Enum(ID_TYPES)),
          idNumber: Type.Optional(Type.String({ maxLength: 32 })),
          paperCode: Type.Optional(Type.String({ maxLength: 2048 })),
        }),
        response: { 201: PassBody, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const pass = await checkins.registerVisitor(db, request.actor, request.body);
      return reply.status(201).send(present(pass, request.headers['accept-language']));
    },
  );
}
