import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { EpochMs, errorResponses } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { JobBody, presentJob } from '../jobs/jobs.routes.ts';
import { inTransaction } from '../../db/transactions.ts';
import { VENUE_TRACING_MAX_DAYS } from './tracing.service.ts';

const Visitor = {
  checkinId: Type.String(),
  personId: Type.String(),
  name: Type.String({ description: 'Masked' }),
  idNumber: Type.String({ description: 'Masked' }),
  venueName: Type.String(),
  checkedInAt: Type.Number(),
  status: Type.String({ description: 'Their colour now' }),
};

export async function tracingRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, tracing } = deps;
  app.post(
    '/authority/tracing',
    {
      schema: {
        tags: ['authority'],
        summary: 'Contact tracing (时空伴随): check-ins overlapping a case’s visits in a period (masked)',
        body: Type.Object({ caseId: Type.String({ maxLength: 64 }), from: EpochMs(), to: EpochMs() }),
        response: {
          200: Type.Object({
            case: Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() }),
            visits: Type.Array(Type.Object({ checkinId: Type.String(), venueName: Type.String(), checkedInAt: Type.Number() })),
            contacts: Type.Array(Type.Object({ ...Visitor, caseCheckedInAt: Type.Number() })),
            windowMinutes: Type.Number(),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => inTransaction(db, (trx) => tracing.trace(trx, request.actor, request.body)),
  );
  app.post(
    '/authority/tracing/venue',
    {
      schema: {
        tags: ['authority'],
        summary: `An exposed venue (重点涉疫场所): everyone who checked in there in a period of at most ${VENUE_TRACING_MAX_DAYS} days (masked)`,
        body: Type.Object({ venueId: Type.String({ maxLength: 64 }), from: EpochMs(), to: EpochMs() }),
        response: {
          200: Type.Object({ venue: Type.Object({ id: Type.String(), name: Type.String() }), visitors: Type.Array(Type.Object(Visitor)) }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => inTransaction(db, (trx) => tracing.traceVenue(trx, request.actor, request.body)),
  );
  app.post(
    '/authority/tracing/popups',
    {
      schema: {
        tags: ['authority'],
        summary: 'Push type A pop-ups to the chosen people in one step, traced from a case or from an exposed venue (give one of the two); their statuses are recomputed as a job',
        body: Type.Object({ caseId: Type.Optional(Type.String({ maxLength: 64 })), venueId: Type.Optional(Type.String({ maxLength: 64 })), personIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10_000 }), reason: Type.String({ maxLength: 200 }) }),
        response: { 201: Type.Object({ pushed: Type.Integer(), job: JobBody }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const result = await inTransaction(db, (trx) => tracing.pushPopups(trx, request.actor, request.body));
      const job = await tracing.startRecompute(result.people, request.actor!.accountId);
      return reply.status(201).send({ pushed: result.pushed, job: presentJob(job, negotiateLang(request.headers['accept-language'])) });
    },
  );
}
