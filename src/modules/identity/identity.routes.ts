import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentPersonInFull, presentPersonMasked } from './identity.presenter.ts';
import { lookupPersonSchema, revealPersonSchema } from './identity.schema.ts';
import { inTransaction } from '../../db/transactions.ts';

export async function identityRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/authority/persons/:personId/reveal', { schema: revealPersonSchema }, async (request) => {
    const person = await inTransaction(deps.db, (trx) => deps.identity.revealPerson(trx, request.actor, request.params.personId, request.body.reason));
    return presentPersonInFull(person, negotiateLang(request.headers['accept-language']));
  });
  app.post('/authority/persons/lookup', { schema: lookupPersonSchema }, async (request) => {
    const person = await deps.identity.lookup(deps.db, request.actor, request.body.idType, request.body.idNumber);
    return presentPersonMasked(person, negotiateLang(request.headers['accept-language']));
  });
}
