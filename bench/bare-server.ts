/** The ceiling: a bare Fastify route on the same machine, measured in the same run. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ status: 'green', ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 3990) });
