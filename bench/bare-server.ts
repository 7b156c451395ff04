/**
 * The ceiling: a bare Fastify route on the same machine, measured in the same run, on one process or on
 * several sharing a port through node:cluster, as `healthcode start --workers N` does.
 *   bare-server.ts <port> [processes]
 */
import cluster from 'node:cluster';
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 3990);
const processes = Number(process.argv[3] ?? 1);
if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
} else {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ status: 'green', ok: true }));
  await app.listen({ host: '127.0.0.1', port });
}
