import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentStatus } from '../status/status.presenter.ts';
import { presentPastStatus } from './status-history.presenter.ts';
import { authorityCurrentStatusSchema, authorityStatusHistorySchema, holderStatusHistorySchema } from './status-history.schema.ts';

export async function statusHistoryRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, statusHistory, config } = deps;

  app.get('/persons/:personId/status-history', { schema: holderStatusHistorySchema }, async (request) => {
    const lang = negotiateLang(request.headers['accept-language']);
    return (await statusHistory.forHolder(db, request.actor, request.params.personId, request.query)).map((entry) => presentPastStatus(entry, lang, config.timeZone));
  });

  app.get('/authority/persons/:personId/status', { schema: authorityCurrentStatusSchema }, async (request) => {
    const { person, status } = await statusHistory.currentForAuthority(db, request.actor, request.params.personId);
    return { person, status: presentStatus(status, negotiateLang(request.headers['accept-language']), config.timeZone) };
  });

  app.get('/authority/persons/:personId/status-history', { schema: authorityStatusHistorySchema }, async (request) => {
    const lang = negotiateLang(request.headers['accept-language']);
    return (await statusHistory.forAuthority(db, request.actor, request.params.personId, request.query)).map((entry) => presentPastStatus(entry, lang, config.timeZone));
  });
}
