import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentPersonForHolder } from './guardians.presenter.ts';
import { addDependentSchema, listPeopleSchema, removeDependentSchema } from './guardians.schema.ts';
import { inTransaction } from '../../db/transactions.ts';

export async function guardiansRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, guardians } = deps;

  app.get('/people', { schema: listPeopleSchema }, async (request) => {
    const lang = negotiateLang(request.headers['accept-language']);
    return (await guardians.listPeople(db, request.actor)).map((p) => presentPersonForHolder(p, lang));
  });

  app.post('/dependents', { schema: addDependentSchema }, async (request, reply) => {
    const added = await inTransaction(db, (trx) => guardians.addDependent(trx, request.actor, request.body));
    return reply.status(201).send(presentPersonForHolder(added, negotiateLang(request.headers['accept-language'])));
  });

  app.delete('/dependents/:personId', { schema: removeDependentSchema }, async (request, reply) => {
    await inTransaction(db, (trx) => guardians.removeDependent(trx, request.actor, request.params.personId));
    return reply.status(204).send(null);
  });
}
