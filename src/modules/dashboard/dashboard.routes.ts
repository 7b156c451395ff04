import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { EpochMs, errorResponses, PageQuery } from '../../http/schemas.ts';
import { ID_TYPES } from '../identity/id-document.ts';

/** People of a colour on a day; null where that day's colours were never counted. */
const PeopleThatDay = Type.Union([Type.Integer(), Type.Null()]);

export async function dashboardRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/authority/dashboard',
    {
      schema: {
        tags: ['authority'],
        summary: 'People by colour (now and 14 days), check-ins, codes shown and verified per hour, top venues, open appeals',
        response: {
          200: Type.Object({
            peopleByColour: Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), pending: Type.Integer() }),
            colourHistory: Type.Array(
              Type.Object({ day: Type.String(), green: PeopleThatDay, yellow: PeopleThatDay, red: PeopleThatDay, pending: PeopleThatDay }),
              { description: 'The last 14 days of the platform’s calendar, today last' },
            ),
            hourly: Type.Array(Type.Object({ hour: Type.Number(), checkins: Type.Integer(), codesShown: Type.Integer(), codesVerified: Type.Integer() })),
            topVenues: Type.Array(Type.Object({ name: Type.String(), visits: Type.Integer() })),
            openAppeals: Type.Integer(),
            pendingOverrides: Type.Integer({ description: 'Manual colour changes waiting for approval' }),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => deps.dashboard.overview(request.actor),
  );

  app.get(
    '/authority/audit',
    {
      schema: {
        tags: ['authority'],
        summary: 'The audit log, newest first, a page at a time, filtered by who, whom, what and when',
        querystring: Type.Object({
          actorAccountId: Type.Optional(Type.String({ maxLength: 64 })),
          subjectIdType: Type.Optional(Type.Enum(ID_TYPES)),
          subjectIdNumber: Type.Optional(Type.String({ maxLength: 32 })),
          actionPrefix: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(EpochMs()),
          to: Type.Optional(EpochMs()),
          ...PageQuery,
        }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              at: Type.Number(),
              actorAccountId: Type.Union([Type.String(), Type.Null()]),
              actorName: Type.Union([Type.String(), Type.Null()]),
              action: Type.String(),
              subjectPersonId: Type.Union([Type.String(), Type.Null()]),
              subjectName: Type.Union([Type.String(), Type.Null()]),
              reason: Type.Union([Type.String(), Type.Null()]),
              details: Type.Record(Type.String(), Type.Unknown()),
            }),
          ),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => deps.audit.list(deps.db, request.actor, request.query),
  );
}
