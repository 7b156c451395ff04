import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Deps } from '../container.ts';
import { AppError } from '../errors.ts';

/** Liveness (the process answers) and readiness (the store answers), for load balancers and orchestrators. */
export async function healthRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const hide = { hide: true };
  app.get('/healthz', { schema: hide, config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: hide, config: { rateLimit: false } }, async () => {
    try {
      await sql`select 1`.execute(deps.db);
    } catch (error) {
      throw new AppError('OVERLOADED', { headers: { 'retry-after': '5' } });
    }
    return { status: 'ready', store: deps.dialect };
  });
}
