import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { fieldErrorMessage } from '../../errors.ts';
import { EpochMs, errorResponses } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { JobBody, presentJob } from '../jobs/jobs.routes.ts';

const tags = ['authority'];
const Definition = Type.Unknown({ description: 'The rule-set definition as JSON (see RuleSetDefinition in the code)' });
const Matrix = Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer()), { description: 'from colour → to colour → people' });

export async function ruleSetsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ruleSets } = deps;

  app.get(
    '/rules',
    {
      schema: {
        tags: ['rules'],
        summary: '赋码规则: the rule set in force now and the limits residents meet, for anyone (no sign-in)',
        response: {
          200: Type.Object({
            version: Type.String(),
            effectiveFrom: EpochMs(),
            timeZone: Type.String({ description: 'The platform’s time zone (IANA), in which its times are shown' }),
            definition: Definition,
            limits: Type.Object({
              declarationsPerDay: Type.Integer({ description: 'Health declarations a person may make a day; the latest counts' }),
              appealsPerDay: Type.Integer({ description: 'Corrections (纠错) a person may file a day' }),
              maxDependents: Type.Integer({ description: 'People one guardian may hold codes for (代领)' }),
              maxGuardians: Type.Integer({ description: 'Guardians one person may have' }),
            }),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const { version, effectiveFrom, definition } = ruleSets.inForce();
      const { timeZone, declarationsPerDay, appealsPerDay, maxDependents, maxGuardians } = deps.config;
      return { version, effectiveFrom, timeZone, definition, limits: { declarationsPerDay, appealsPerDay, maxDependents, maxGuardians } };
    },
  );

  app.get(
    '/authority/rule-sets',
    {
      schema: {
        tags,
        summary: 'Published rule sets; the one in force is marked active',
        response: { 200: Type.Array(Type.Object({ version: Type.String(), effectiveFrom: Type.Number(), publishedAt: Type.Number(), active: Type.Boolean(), definition: Definition })), ...errorResponses(401, 404) },
      },
    },
    async (request) => ruleSets.list(request.actor),
  );

  app.post(
    '/authority/rule-sets/validate',
    {
      schema: {
        tags,
        summary: 'Problems of a candidate definition, by field, worded in the caller’s language',
        body: Type.Object({ definition: Definition }),
        response: {
          200: Type.Array(Type.Object({ field: Type.String({ description: 'yellow.recoveryDays; empty for the definition as a whole' }), code: Type.String(), message: Type.String() })),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => {
      const lang = negotiateLang(request.headers['accept-language']);
      return ruleSets.problems(request.actor, request.body.definition).map((p) => ({ field: p.field, code: p.code, message: fieldErrorMessage(p.code, lang, p.params) }));
    },
  );

  app.post(
    '/authority/rule-sets/preview',
    {
      schema: {
        tags,
        summary: 'How many people would move from each colour to each other under a candidate, with masked examples',
        body: Type.Object({ definition: Definition }),
        response: { 200: Type.Object({ against: Type.String(), matrix: Matrix, examples: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), name: Type.String() })) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ruleSets.preview(request.actor, request.body.definition),
  );

  app.post(
    '/authority/rule-sets',
    {
      schema: {
        tags,
        summary: 'Publish a rule set with an effective time; everyone is recomputed once it takes effect',
        body: Type.Object({ version: Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$' }), definition: Definition, effectiveFrom: EpochMs() }),
        response: { 201: Type.Object({ version: Type.String(), effectiveFrom: Type.Number(), job: Type.Union([JobBody, Type.Null()]) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const published = await ruleSets.publish(request.actor, request.body);
      return reply.status(201).send({ ...published, job: published.job && presentJob(published.job, negotiateLang(request.headers['accept-language'])) });
    },
  );
}
