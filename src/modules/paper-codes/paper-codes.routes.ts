import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { errorResponses } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentStatus } from '../status/status.presenter.ts';
import { StatusBody } from '../status/status.schema.ts';
import { inTransaction } from '../../db/transactions.ts';

const PaperCodeBody = Type.Object({
  id: Type.String({ description: 'Printed under the QR; the authority revokes by it' }),
  personId: Type.String(),
  name: Type.String({ description: 'Masked' }),
  status: StatusBody,
  token: Type.String(),
  url: Type.String(),
  qrSvg: Type.String(),
  issuedAt: Type.Number(),
  expiresAt: Type.Number(),
});

export async function paperCodesRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, paperCodes, config } = deps;

  app.post(
    '/persons/:personId/paper-codes',
    {
      schema: {
        tags: ['codes'],
        summary: 'Print a paper code (纸质码/爱心码) valid for days, for oneself or a dependent; authority users give a reason',
        params: Type.Object({ personId: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 201: PaperCodeBody, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const paper = await inTransaction(db, (trx) => paperCodes.issue(trx, request.actor, request.params.personId, request.body.reason));
      return reply.status(201).send({ ...paper, status: presentStatus(paper.status, negotiateLang(request.headers['accept-language']), config.timeZone) });
    },
  );

  app.post(
    '/authority/paper-codes/:paperCodeId/revoke',
    {
      schema: {
        tags: ['authority'],
        summary: 'Revoke a paper code (lost, misused); verifiers refuse it from then on',
        params: Type.Object({ paperCodeId: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await inTransaction(db, (trx) => paperCodes.revoke(trx, request.actor, request.params.paperCodeId, request.body.reason));
      return reply.status(204).send(null);
    },
  );
}
