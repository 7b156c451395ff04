import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../container.ts';
import { negotiateLang } from '../../shared/i18n.ts';
import { presentNucleicAcid, presentStatus } from '../status/status.presenter.ts';
import { codeSchema, jwksSchema } from './codes.schema.ts';

export async function codesRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/persons/:personId/code', { schema: codeSchema }, async (request, reply) => {
    const code = await deps.codes.issue(deps.db, request.actor, request.params.personId);
    if (code.token) deps.counters.increment('codes_shown');
    reply.header('cache-control', 'no-store');
    const lang = negotiateLang(request.headers['accept-language']);
    const now = deps.now();
    return {
      personId: code.person.id,
      name: code.person.name,
      status: presentStatus(code.status, lang, deps.config.timeZone),
      nucleicAcid: presentNucleicAcid(code.status.latestTest, now, lang),
      token: code.token,
      url: code.url,
      qrColour: code.qrColour,
      issuedAt: code.issuedAt,
      expiresAt: code.expiresAt,
      serverTime: now,
      timeZone: deps.config.timeZone,
    };
  });
}

/** Public keys at the well-known URL, outside /api/v1, as other platforms expect. */
export async function jwksRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/.well-known/jwks.json', { schema: jwksSchema }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return deps.codes.jwks() as { keys: { kty: string; crv: string; x: string; kid: string; alg: string; use: string }[] };
  });
}
