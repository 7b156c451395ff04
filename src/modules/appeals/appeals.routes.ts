import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { errorResponses } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentReasonText } from '../status/status.presenter.ts';
import { APPEALABLE } from './appeals.service.ts';
import { inTransaction } from '../../db/transactions.ts';

const Appeal = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  factType: Type.String(),
  factId: Type.String(),
  message: Type.String(),
  filedAt: Type.Number(),
  outcome: Type.Union([Type.Enum(['accepted', 'rejected'] as const), Type.Null()]),
  outcomeReason: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.Number(), Type.Null()]),
});
const PersonParams = Type.Object({ personId: Type.String({ maxLength: 64 }) });

export async function appealsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, appeals, config } = deps;

  app.post(
    '/persons/:personId/appeals',
    {
      schema: {
        tags: ['appeals'],
        summary: 'Dispute a fact behind one of the reasons (纠错); one a day',
        params: PersonParams,
        body: Type.Object({ factType: Type.Enum(APPEALABLE), factId: Type.String({ maxLength: 64 }), message: Type.String({ maxLength: 1000 }) }),
        response: { 201: Appeal, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await inTransaction(db, (trx) => appeals.file(trx, request.actor, request.params.personId, request.body))),
  );

  app.get('/persons/:personId/appeals', { schema: { tags: ['appeals'], summary: 'The person’s appeals and their outcomes', params: PersonParams, response: { 200: Type.Array(Appeal), ...errorResponses(401, 404) } } }, async (request) =>
    appeals.mine(db, request.actor, request.params.personId),
  );

  const OpenAppeal = Type.Intersect([
    Appeal,
    Type.Object({
      name: Type.String(),
      reasonText: Type.Union([Type.String(), Type.Null()], { description: 'The reason the disputed fact gives the holder now, as they read it; null once it gives none' }),
    }),
  ]);
  app.get('/authority/appeals', { schema: { tags: ['authority'], summary: 'Open appeals (masked)', response: { 200: Type.Array(OpenAppeal), ...errorResponses(401, 404) } } }, async (request) => {
    const lang = negotiateLang(request.headers['accept-language']);
    return (await appeals.open(db, request.actor)).map(({ reason, ...appeal }) => ({ ...appeal, reasonText: reason && presentReasonText(reason, lang, config.timeZone) }));
  });

  app.post(
    '/authority/appeals/:appealId/resolve',
    {
      schema: {
        tags: ['authority'],
        summary: 'Accept (the fact is withdrawn and the status recomputed) or reject an appeal, with a reason',
        params: Type.Object({ appealId: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ accept: Type.Boolean(), reason: Type.String({ maxLength: 500 }) }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await inTransaction(db, (trx) => appeals.resolve(trx, request.actor, request.params.appealId, request.body));
      return reply.status(204).send(null);
    },
  );
}
