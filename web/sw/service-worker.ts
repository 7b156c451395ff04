/**
 * The app's service worker: keeps the app itself (its page, scripts, styles, manifest and icons) on the
 * device, so that the app opens without a network. A checkpoint's scan page then still starts where the
 * network is gone, and verifies offline against its cached trust list (see web/src/pages/Scan.tsx).
 *
 * It never stores an API answer: everything under /api/, /.well-known/ and /docs goes to the network
 * untouched, so no personal data is ever kept by it. Pages are asked of the network first (a deployment is
 * seen at once); only when that fails is the kept page served. Scripts and styles under /assets/ have
 * content-hashed names and never change, so the kept copy is served first; those the page did not need at
 * start (the charts) are kept when first fetched.
 */
/// <reference lib="WebWorker" />
// A module, so that `self` below is this worker's type and not the library's.
export {};
declare const self: ServiceWorkerGlobalScope;
/** Written in by the build (web/vite.config.ts): what the app needs to start, and a version that changes with any of it. */
declare const __APP_SHELL__: { version: string; files: string[] };

const SHELL = __APP_SHELL__;
const CACHE = `healthcode-app-${SHELL.version}`;
const PAGE = '/index.html';
/** Paths the server answers itself, never with the app's page: the API, the keys, the API explorer. */
const NOT_THE_APP = ['/api/', '/.well-known/', '/docs'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.files.map((file) => new Request(`/${file}`, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function pageFromNetworkOrKept(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await caches.match(PAGE, { cacheName: CACHE });
    if (kept) return kept;
    throw error;
  }
}

async function keptOrFetchedAsset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (NOT_THE_APP.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') event.respondWith(pageFromNetworkOrKept(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(keptOrFetchedAsset(request));
  else if (SHELL.files.includes(url.pathname.slice(1))) event.respondWith(caches.match(request, { cacheName: CACHE }).then((kept) => kept ?? fetch(request)));
});
