import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { errorResponses } from '../../http/schemas.ts';
import { inTransaction } from '../../db/transactions.ts';

const Organisation = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.Number(), verifiers: Type.Integer() });

export async function organisationsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, organisations } = deps;

  app.get(
    '/authority/organisations',
    { schema: { tags: ['authority'], summary: 'Checkpoint organisations', response: { 200: Type.Array(Organisation), ...errorResponses(401, 404) } } },
    async (request) => organisations.list(db, request.actor),
  );

  app.post(
    '/authority/organisations',
    {
      schema: {
        tags: ['authority'],
        summary: 'Create a checkpoint organisation (its verifiers scan codes)',
        body: Type.Object({ name: Type.String({ maxLength: 100 }) }),
        response: { 201: Organisation, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await inTransaction(db, (trx) => organisations.create(trx, request.actor, request.body.name))),
  );

  app.post(
    '/authority/organisations/:organisationId/verifiers',
    {
      schema: {
        tags: ['authority'],
        summary: 'Create a verifier account in an organisation; the verifier signs in with this phone and password',
        params: Type.Object({ organisationId: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ name: Type.String({ maxLength: 64 }), phone: Type.String({ maxLength: 20 }), password: Type.String({ maxLength: 128 }) }),
        response: { 201: Type.Object({ accountId: Type.String(), organisationId: Type.String() }), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await inTransaction(db, (trx) => organisations.addVerifier(trx, request.actor, request.params.organisationId, request.body))),
  );
}
