import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { EpochMsOrNull, errorResponses } from '../../http/schemas.ts';
import { inTransaction } from '../../db/transactions.ts';

const tags = ['authority'];

const OverrideColour = Type.Enum(['green', 'yellow', 'red', 'rules'] as const, {
  description: 'The colour asked for; `rules` ends the manual change in force and gives the colour back to the rules (never expires)',
});

export async function overridesRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, overrides } = deps;

  app.get(
    '/authority/overrides',
    {
      schema: {
        tags,
        summary: 'Manual colour changes waiting for a second approver',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              personId: Type.String(),
              name: Type.String(),
              currentStatus: Type.String({ description: 'The colour now' }),
              status: OverrideColour,
              reason: Type.String(),
              requestedBy: Type.String({ description: 'The account that asked: it may withdraw the request, and may not approve it' }),
              requesterName: Type.String(),
              requestedAt: Type.Number(),
              expiresAt: Type.Union([Type.Number(), Type.Null()]),
              appealId: Type.Union([Type.String(), Type.Null()], { description: 'The holder’s appeal (纠错) this return to the rules answers: it is decided with this request' }),
            }),
          ),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => overrides.pending(db, request.actor),
  );

  app.post(
    '/authority/overrides',
    {
      schema: {
        tags,
        summary: 'Request a manual colour change (reason required); no effect until another user approves it',
        body: Type.Object({ personId: Type.String({ maxLength: 64 }), status: OverrideColour, reason: Type.String({ maxLength: 500 }), expiresAt: Type.Optional(EpochMsOrNull()) }),
        response: { 201: Type.Object({ id: Type.String() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await inTransaction(db, (trx) => overrides.request(trx, request.actor, { ...request.body, expiresAt: request.body.expiresAt ?? null }))),
  );

  app.post(
    '/authority/overrides/:overrideId/approve',
    {
      schema: { tags, summary: 'Approve a manual colour change (four-eyes: not the requester)', params: Type.Object({ overrideId: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null(), ...errorResponses(401, 404, 409) } },
    },
    async (request, reply) => {
      await inTransaction(db, (trx) => overrides.approve(trx, request.actor, request.params.overrideId));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/authority/overrides/:overrideId/decline',
    {
      schema: {
        tags,
        summary: 'Decline a manual colour change (an approver), or withdraw it (who asked for it); with a reason, audited',
        params: Type.Object({ overrideId: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await inTransaction(db, (trx) => overrides.decline(trx, request.actor, request.params.overrideId, request.body.reason));
      return reply.status(204).send(null);
    },
  );
}
