/**
 * Serves the built front end (web/dist) and falls back to index.html for the app's own paths, so
 * that links such as /checkin/… open the single-page app. API paths keep their JSON 404.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { sendError } from './error-handler.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function installWeb(app: FastifyInstance): Promise<void> {
  const built = existsSync(path.join(WEB_DIST, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      index: 'index.html',
      wildcard: true,
      setHeaders: (res, filePath) => {
        // Vite fingerprints asset names, so they never change; index.html must always be fresh.
        res.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    // A browser navigating asks for HTML; app paths such as /c/<token> contain dots, so extensions cannot tell.
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (built && isPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(request, reply, new AppError('NOT_FOUND'));
  });
}
