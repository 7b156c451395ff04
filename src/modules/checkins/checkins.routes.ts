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
import { regionPath } from '../regions/regions.data.ts';
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
      venue: presentPublicVenue(pass.venue, lang),
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

  app.get(
    '/persons/:personId/visits',
    {
      schema: {
        tags: ['checkins'],
        summary: 'The person’s check-ins of the last 14 days (14天内个人到访地), newest first, each place with the level of any risk area in force there now; the person and their guardians only',
        params: Type.Object({ personId: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Array(
            Type.Object({
              checkinId: Type.String(),
              checkedInAt: Type.Number(),
              method: Type.Enum(['scan', 'manual', 'paper'] as const, { description: 'Scanned by the holder, typed by the venue’s guard, or the guard scanned a paper code' }),
              venueName: Type.String(),
              regionCode: Type.String(),
              regionName: Type.String({ description: '河北省 保定市 莲池区; in English (Accept-Language) Lianchi District, Baoding, Hebei' }),
              riskLevel: Type.Union([Type.Enum(['low', 'medium', 'high'] as const), Type.Null()], { description: 'The highest level of the risk areas in force there now; null for none' }),
            }),
          ),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => {
      const lang = negotiateLang(request.headers['accept-language']);
      return (await checkins.visits(db, request.actor, request.params.personId)).map((visit) => ({ ...visit, regionName: regionPath(visit.regionCode, lang) }));
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
