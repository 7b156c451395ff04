import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { fieldErrorMessage } from '../../errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { negotiateLang, type Lang } from '../../shared/i18n.ts';
import type { JobView } from './jobs.service.ts';

export const JobBody = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.Enum(['running', 'done', 'failed'] as const),
  total: Type.Integer(),
  done: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer({ description: 'CSV line; the header is line 1' }), field: Type.String(), code: Type.String(), message: Type.String() })),
  createdAt: Type.Number(),
  finishedAt: Type.Union([Type.Number(), Type.Null()]),
});

export function presentJob(job: JobView, lang: Lang) {
  return { ...job, errors: job.errors.map((e) => ({ ...e, message: fieldErrorMessage(e.code, lang) })) };
}

export async function jobsRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/authority/jobs', { schema: { tags: ['authority'], summary: 'Recent bulk jobs', response: { 200: Type.Array(JobBody), ...errorResponses(401, 404) } } }, async (request) =>
    (await deps.jobs.list(request.actor)).map((j) => presentJob(j, negotiateLang(request.headers['accept-language']))),
  );
  app.get(
    '/authority/jobs/:jobId',
    { schema: { tags: ['authority'], summary: 'A job’s progress and, for imports, every bad row', params: Type.Object({ jobId: Type.String({ maxLength: 64 }) }), response: { 200: JobBody, ...errorResponses(401, 404) } } },
    async (request) => presentJob(await deps.jobs.get(request.actor, request.params.jobId), negotiateLang(request.headers['accept-language'])),
  );
}
