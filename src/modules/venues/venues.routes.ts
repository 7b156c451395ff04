import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../shared/access.ts';
import { errorResponses, PageQuery } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { VENUE_CATEGORIES } from './venues.service.ts';
import { presentPublicVenue, presentVenue } from './venues.presenter.ts';
import { ApplyVenueBody, PublicVenueBody, ReasonBody, StatsBody, VenueBody, VenueCodeBody, VenueParams } from './venues.schema.ts';
import { inTransaction } from '../../db/transactions.ts';

const langOf = (request: FastifyRequest) => negotiateLang(request.headers['accept-language']);

export async function venuesRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, venues } = deps;
  const tags = ['venues'];

  app.post(
    '/venues',
    { schema: { tags, summary: 'Apply for a venue code (场所码); one per person', body: ApplyVenueBody, response: { 201: VenueBody, ...errorResponses(400, 401, 409) } } },
    async (request, reply) => reply.status(201).send(presentVenue(await inTransaction(db, (trx) => venues.apply(trx, request.actor, request.body)), 'manager', langOf(request))),
  );

  app.get('/venues/mine', { schema: { tags, summary: 'The caller’s venue', response: { 200: VenueBody, ...errorResponses(401, 404) } } }, async (request) =>
    presentVenue(await venues.mine(db, request.actor), 'manager', langOf(request)),
  );

  app.get('/venues/mine/poster', { schema: { tags, summary: 'The poster’s static venue code', response: { 200: VenueCodeBody, ...errorResponses(401, 404) } } }, async (request) => {
    const code = await venues.posterCode(db, request.actor);
    return { ...code, venue: presentVenue(code.venue, 'manager', langOf(request)) };
  });

  app.get(
    '/venues/mine/screen-code',
    { schema: { tags, summary: 'The current rotating venue code for a screen at the entrance', response: { 200: VenueCodeBody, ...errorResponses(401, 404) } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const code = await venues.screenCode(db, request.actor);
      return { ...code, venue: presentVenue(code.venue, 'manager', langOf(request)), timeZone: deps.config.timeZone };
    },
  );

  app.put(
    '/venues/mine/screen-only',
    {
      schema: {
        tags,
        summary: 'Accept only the rotating screen code (a photographed poster stops working)',
        body: Type.Object({ screenOnly: Type.Boolean() }),
        response: { 200: VenueBody, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => presentVenue(await venues.setScreenOnly(db, request.actor, request.body.screenOnly), 'manager', langOf(request)),
  );

  app.post('/venues/mine/stats-request', { schema: { tags, summary: 'Ask the authority for statistics (申请统计权限)', response: { 200: VenueBody, ...errorResponses(401, 404) } } }, async (request) =>
    presentVenue(await venues.requestStats(db, request.actor), 'manager', langOf(request)),
  );

  app.get('/venues/mine/stats', { schema: { tags, summary: 'Visit statistics, once granted; aggregates only', response: { 200: StatsBody, ...errorResponses(401, 403, 404) } } }, async (request) =>
    venues.stats(db, request.actor),
  );

  app.get(
    '/venue-codes/:token',
    {
      schema: {
        tags,
        summary: 'The venue a scanned code names, if it may be used now (public)',
        params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
        response: { 200: PublicVenueBody, ...errorResponses(400, 403, 410) },
      },
    },
    async (request) => presentPublicVenue(await venues.resolveCode(db, request.params.token), langOf(request)),
  );

  app.get(
    '/authority/venues',
    {
      schema: {
        tags: ['authority'],
        summary: 'Venues, newest first, a page at a time; filtered by name, region, category, suspension or a pending statistics request',
        querystring: Type.Object({
          statsRequested: Type.Optional(Type.Boolean({ description: 'Only those waiting for a statistics grant' })),
          nameContains: Type.Optional(Type.String({ maxLength: 60 })),
          regionCode: Type.Optional(Type.String({ maxLength: 6, description: 'A province, city or county (130000, 130600, 130602): the venues under it' })),
          category: Type.Optional(Type.Enum(VENUE_CATEGORIES)),
          suspended: Type.Optional(Type.Boolean()),
          ...PageQuery,
        }),
        response: { 200: Type.Array(VenueBody), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => (await venues.list(db, request.actor, request.query)).map((v) => presentVenue(v, 'authority', langOf(request))),
  );

  const authorityActions = [
    { path: 'suspend', summary: 'Suspend a venue: its code stops working', run: venues.suspend, needsReason: true },
    { path: 'reinstate', summary: 'Reinstate a suspended venue', run: venues.reinstate, needsReason: true },
    { path: 'stats-grant', summary: 'Grant a venue its visit statistics', run: (trx: Executor, actor: Actor | null, id: string) => venues.grantStats(trx, actor, id), needsReason: false },
  ];
  for (const action of authorityActions) {
    app.post(
      `/authority/venues/:venueId/${action.path}`,
      {
        schema: {
          tags: ['authority'],
          summary: action.summary,
          params: VenueParams,
          ...(action.needsReason && { body: ReasonBody }),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const reason = (request.body as { reason?: string } | undefined)?.reason ?? '';
        await inTransaction(db, (trx) => action.run(trx, request.actor, request.params.venueId, reason));
        return reply.status(204).send(null);
      },
    );
  }
}
