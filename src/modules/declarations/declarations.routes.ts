import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentStatus } from '../status/status.presenter.ts';
import { presentDeclaration, presentDeclarationForAuthority } from './declarations.presenter.ts';
import { authorityDeclarationsSchema, declareSchema, listDeclarationsSchema, markFalseSchema } from './declarations.schema.ts';
import { inTransaction } from '../../db/transactions.ts';

export async function declarationsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/persons/:personId/declarations', { schema: declareSchema }, async (request, reply) => {
    const result = await inTransaction(deps.db, (trx) => deps.declarations.declare(trx, request.actor, request.params.personId, request.body));
    const lang = negotiateLang(request.headers['accept-language']);
    return reply.status(201).send({
      declaration: presentDeclaration(result.declaration, lang),
      status: presentStatus(result.status, lang, deps.config.timeZone),
    });
  });

  app.get('/persons/:personId/declarations', { schema: listDeclarationsSchema }, async (request) => {
    const declarations = await deps.declarations.history(deps.db, request.actor, request.params.personId);
    const lang = negotiateLang(request.headers['accept-language']);
    return declarations.map((declaration) => presentDeclaration(declaration, lang));
  });

  app.get('/authority/persons/:personId/declarations', { schema: authorityDeclarationsSchema }, async (request) =>
    (await deps.declarations.ofPersonForAuthority(deps.db, request.actor, request.params.personId)).map((declaration) =>
      presentDeclarationForAuthority(declaration, negotiateLang(request.headers['accept-language'])),
    ),
  );

  app.post('/authority/declarations/:declarationId/mark-false', { schema: markFalseSchema }, async (request) => {
    const status = await inTransaction(deps.db, (trx) => deps.declarations.markFalse(trx, request.actor, request.params.declarationId, request.body.reason));
    return { status: presentStatus(status, negotiateLang(request.headers['accept-language']), deps.config.timeZone) };
  });
}
