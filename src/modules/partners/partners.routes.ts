import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { errorResponses } from '../../http/schemas.ts';

const Url = Type.String({ maxLength: 500, pattern: '^https?://' });
const PartnerBody = Type.Object({
  issuerId: Type.String(),
  name: Type.String(),
  jwksUrl: Type.Union([Type.String(), Type.Null()]),
  keys: Type.Integer(),
  keysFetchedAt: Type.Union([Type.Number(), Type.Null()]),
  statusUrl: Type.Union([Type.String(), Type.Null()]),
  ratePerMinute: Type.Integer(),
});

export async function partnersRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/authority/partners',
    { schema: { tags: ['authority'], summary: 'Trusted platforms (互通互认)', response: { 200: Type.Array(PartnerBody), ...errorResponses(401, 404) } } },
    async (request) => deps.partners.list(request.actor),
  );

  app.post(
    '/authority/partners',
    {
      schema: {
        tags: ['authority'],
        summary: 'Trust another platform’s codes; answers with the credential it must use for this platform’s inter-platform API (shown once)',
        body: Type.Object({
          issuerId: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,62}$' }),
          name: Type.String({ minLength: 1, maxLength: 100 }),
          jwksUrl: Type.Optional(Url),
          keys: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 20, description: 'Its JWKS keys, when not fetched from jwksUrl' })),
          statusUrl: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://', description: 'Base URL of its inter-platform API' })),
          outboundCredential: Type.Optional(Type.String({ minLength: 16, maxLength: 200, description: 'What this platform presents there' })),
          inboundCredential: Type.Optional(Type.String({ minLength: 32, maxLength: 200, description: 'What it presents here; generated when absent' })),
          ratePerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 6000 }),
        }),
        response: {
          201: Type.Object({ issuerId: Type.String(), inboundCredential: Type.String(), keys: Type.Integer() }),
          ...errorResponses(400, 401, 404, 409),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await deps.partners.add(request.actor, request.body as never)),
  );
}
