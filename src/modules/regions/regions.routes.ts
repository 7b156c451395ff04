import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { childRegions, regionName } from './regions.data.ts';

const RegionList = Type.Array(
  Type.Object({ code: Type.String(), name: Type.String(), level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]) }),
);

/** GB/T 2260 regions for pickers (province → city → county). Public, cacheable. */
export async function regionsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/regions',
    {
      schema: {
        tags: ['regions'],
        summary: 'Child regions of a code (GB/T 2260); without `parent`, the provinces. Named in the language of Accept-Language (English: GB/T 17693 pinyin).',
        querystring: Type.Object({ parent: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{2})?$' })) }),
        response: { 200: RegionList, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=86400').header('vary', 'accept-language');
      const lang = negotiateLang(request.headers['accept-language']);
      return childRegions(request.query.parent ?? null).map((region) => ({ code: region.code, name: regionName(region, lang), level: region.level }));
    },
  );
}
