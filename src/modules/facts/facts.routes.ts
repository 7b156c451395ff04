import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { EpochMs, EpochMsOrNull, errorResponses, PageQuery } from '../../http/schemas.ts';
import { ID_TYPES } from '../identity/id-document.ts';
import { JobBody, presentJob } from '../jobs/jobs.routes.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { FACT_KINDS } from './facts.service.ts';
import { inTransaction } from '../../db/transactions.ts';

const tags = ['authority'];
const Kind = Type.Object({ kind: Type.Enum(FACT_KINDS) });

export async function factsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, facts } = deps;

  app.post(
    '/authority/facts/:kind',
    {
      schema: {
        tags,
        summary: 'Enter one fact (case, close contact, nucleic-acid result, pop-up) for a person matched by document and name',
        params: Kind,
        body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), { description: 'id_type, id_number, name and the kind’s columns' }),
        response: { 201: Type.Object({ personId: Type.String(), factId: Type.String() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await inTransaction(db, (trx) => facts.enter(trx, request.actor, request.params.kind, request.body))),
  );

  app.post(
    '/authority/imports/:kind',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import facts from CSV: validated whole first, written all or nothing; answers with a job to follow',
        params: Kind,
        body: Type.Object({ csv: Type.String({ minLength: 1, maxLength: 20 * 1024 * 1024 }) }),
        response: { 202: JobBody, ...errorResponses(400, 401, 404, 413) },
      },
    },
    async (request, reply) => reply.status(202).send(presentJob(await facts.import(request.actor, request.params.kind, request.body.csv), negotiateLang(request.headers['accept-language']))),
  );

  app.get(
    '/authority/cases',
    {
      schema: {
        tags,
        summary: 'Cases, latest opened first, a page at a time (masked); one person’s by their document',
        querystring: Type.Object({
          idType: Type.Optional(Type.Enum(ID_TYPES, { description: 'The type of `idNumber`; resident_id when left out' })),
          idNumber: Type.Optional(Type.String({ maxLength: 32 })),
          openOnly: Type.Optional(Type.Boolean({ description: 'Only cases not yet closed (未解除)' })),
          ...PageQuery,
        }),
        response: { 200: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String(), idNumber: Type.String(), openedAt: Type.Number(), closedAt: Type.Union([Type.Number(), Type.Null()]) })), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => facts.listCases(request.actor, request.query),
  );

  app.post(
    '/authority/cases/:caseId/close',
    {
      schema: { tags, summary: 'Close a case (解除)', params: Type.Object({ caseId: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null(), ...errorResponses(401, 404) } },
    },
    async (request, reply) => {
      await inTransaction(db, (trx) => facts.closeCase(trx, request.actor, request.params.caseId, deps.now()));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/risk-areas',
    {
      schema: {
        tags: ['regions'],
        summary: '中高风险地区查询: the medium- and high-risk areas in force now, for anyone (no sign-in)',
        response: {
          200: Type.Object({
            at: EpochMs({ description: 'When this list was true' }),
            timeZone: Type.String({ description: 'The platform’s time zone (IANA), in which its times are shown' }),
            areas: Type.Array(
              Type.Object({
                regionCode: Type.String(),
                regionName: Type.String({ description: '河北省 保定市 莲池区; in English (Accept-Language) Lianchi District, Baoding, Hebei' }),
                level: Type.Enum(['high', 'medium'] as const),
                validFrom: EpochMs(),
                validTo: Type.Union([EpochMs(), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      // The same for everyone and changed rarely: a minute's caching anywhere on the way costs nothing.
      reply.header('cache-control', 'public, max-age=60').header('vary', 'accept-language');
      return { at: deps.now(), timeZone: deps.config.timeZone, areas: await facts.publicRiskAreas(negotiateLang(request.headers['accept-language'])) };
    },
  );

  const RiskArea = Type.Object({ id: Type.String(), regionCode: Type.String(), regionName: Type.String({ description: '河北省 保定市 莲池区; in English (Accept-Language) Lianchi District, Baoding, Hebei' }), level: Type.String(), validFrom: Type.Number(), validTo: Type.Union([Type.Number(), Type.Null()]), active: Type.Boolean() });
  app.get('/authority/risk-areas', { schema: { tags, summary: 'Risk areas', response: { 200: Type.Array(RiskArea), ...errorResponses(401, 404) } } }, async (request) =>
    facts.listRiskAreas(request.actor, negotiateLang(request.headers['accept-language'])),
  );
  app.post(
    '/authority/risk-areas',
    {
      schema: {
        tags,
        summary: 'Declare a risk area; people who stayed there within the window are recomputed as a job',
        body: Type.Object({
          regionCode: Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2})?)?$' }),
          level: Type.Enum(['low', 'medium', 'high'] as const),
          validFrom: Type.Optional(EpochMs()),
          validTo: Type.Optional(EpochMsOrNull()),
        }),
        response: { 201: Type.Object({ id: Type.String(), job: JobBody }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { id, job } = await facts.addRiskArea(request.actor, { regionCode: request.body.regionCode, level: request.body.level, validFrom: request.body.validFrom ?? deps.now(), validTo: request.body.validTo ?? null });
      return reply.status(201).send({ id, job: presentJob(job, negotiateLang(request.headers['accept-language'])) });
    },
  );
  app.post(
    '/authority/risk-areas/:areaId/end',
    { schema: { tags, summary: 'End a risk area now', params: Type.Object({ areaId: Type.String({ maxLength: 64 }) }), response: { 200: Type.Object({ job: JobBody }), ...errorResponses(401, 404) } } },
    async (request) => ({ job: presentJob((await facts.endRiskArea(request.actor, request.params.areaId)).job, negotiateLang(request.headers['accept-language'])) }),
  );
}
