import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentLinkedCode } from './linked-codes.presenter.ts';
import { linkCodeSchema, listLinkedCodesSchema, unlinkCodeSchema } from './linked-codes.schema.ts';

export async function linkedCodesRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, linkedCodes, now } = deps;

  app.get('/persons/:personId/linked-codes', { schema: listLinkedCodesSchema }, async (request) => {
    const lang = negotiateLang(request.headers['accept-language']);
    return (await linkedCodes.list(db, request.actor, request.params.personId)).map((link) => presentLinkedCode(link, now(), lang));
  });

  app.post('/persons/:personId/linked-codes', { schema: linkCodeSchema }, async (request, reply) => {
    const link = await linkedCodes.link(db, request.actor, request.params.personId, request.body.code);
    return reply.status(201).send(presentLinkedCode(link, now(), negotiateLang(request.headers['accept-language'])));
  });

  app.delete('/persons/:personId/linked-codes/:linkId', { schema: unlinkCodeSchema }, async (request, reply) => {
    await linkedCodes.unlink(db, request.actor, request.params.personId, request.params.linkId);
    return reply.status(204).send(null);
  });
}
