import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../container.ts';
import { inTransaction } from '../../db/transactions.ts';
import { errorResponses } from '../../http/schemas.ts';
import { ROLES } from '../../shared/access.ts';

const tags = ['authority'];
const StaffAccount = Type.Object({
  accountId: Type.String(),
  name: Type.String(),
  phone: Type.String({ description: 'Masked' }),
  roles: Type.Array(Type.Enum(ROLES)),
  organisation: Type.Union([Type.String(), Type.Null()], { description: 'A verifier’s checkpoint organisation' }),
  createdAt: Type.Number(),
  disabledAt: Type.Union([Type.Number(), Type.Null()], { description: 'When it was disabled; null while in use' }),
});
const Change = {
  params: Type.Object({ accountId: Type.String({ maxLength: 64 }) }),
  body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
  response: { 204: Type.Null(), ...errorResponses(400, 401, 404, 409) },
};

export async function staffRoutes(fastify: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, staff } = deps;

  app.get('/authority/staff', { schema: { tags, summary: 'Staff accounts (authority users and verifiers); administrators only', response: { 200: Type.Array(StaffAccount), ...errorResponses(401, 404) } } }, async (request) =>
    staff.list(db, request.actor),
  );

  const changes = [
    { action: 'disable', summary: 'Disable a staff account (someone left): it cannot sign in, its sessions end at once; with a reason, audited' },
    { action: 'enable', summary: 'Enable a disabled staff account again; with a reason, audited' },
  ] as const;
  for (const { action, summary } of changes) {
    app.post(`/authority/staff/:accountId/${action}`, { schema: { tags, summary, ...Change } }, async (request, reply) => {
      await inTransaction(db, (trx) => staff[action](trx, { actor: request.actor }, request.params.accountId, request.body.reason));
      return reply.status(204).send(null);
    });
  }
}
