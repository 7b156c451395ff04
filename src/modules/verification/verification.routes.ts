import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentOutcome } from './verification.presenter.ts';
import { offlineUploadSchema, trustListSchema, verifySchema } from './verification.schema.ts';
import { inTransaction } from '../../db/transactions.ts';

export async function verificationRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, verification, config, metrics } = deps;

  app.post('/verifications', { schema: verifySchema }, async (request) => {
    const outcome = await verification.verifyOnline(db, request.actor, request.body.token);
    metrics.countVerification(outcome);
    return presentOutcome(outcome, negotiateLang(request.headers['accept-language']), config.timeZone);
  });

  app.post('/verifications/offline', { schema: offlineUploadSchema }, async (request) =>
    inTransaction(db, (trx) => verification.uploadOffline(trx, request.actor, request.body.checks)),
  );

  app.get('/trust-list', { schema: trustListSchema }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { ...verification.trustList(request.actor), maxAgeSeconds: config.trustListMaxAgeHours * 3600 };
  });
}
