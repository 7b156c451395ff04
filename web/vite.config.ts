import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const SERVICE_WORKER = 'sw.js';

/**
 * Writes into the service worker (web/sw) what the app needs to start: the page, the scripts and styles it
 * loads at once, and the public files (manifest, icons), with a version that changes when any built file
 * does, so that a deployment replaces what phones keep. Chunks loaded later (the charts) are left out: a
 * resident's phone need not download the authority's charts; the worker keeps them once fetched.
 */
function appShell(): Plugin {
  return {
    name: 'healthcode-app-shell',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const worker = bundle[SERVICE_WORKER];
      if (worker?.type !== 'chunk') throw new Error(`${SERVICE_WORKER} is missing from the build`);
      const atStart = new Set<string>(['index.html']);
      const addWithImports = (file: string) => {
        const item = bundle[file];
        if (!item || atStart.has(file)) return;
        atStart.add(file);
        if (item.type === 'chunk') {
          item.imports.forEach(addWithImports);
          item.viteMetadata?.importedCss.forEach((css) => atStart.add(css));
        }
      };
      for (const item of Object.values(bundle)) if (item.type === 'chunk' && item.isEntry && item.fileName !== SERVICE_WORKER) addWithImports(item.fileName);
      const publicFiles = readdirSync(`${root}public`);
      const version = createHash('sha256');
      for (const file of Object.keys(bundle).sort()) {
        const item = bundle[file]!;
        if (file !== SERVICE_WORKER) version.update(file).update(item.type === 'chunk' ? item.code : item.source);
      }
      for (const file of publicFiles.sort()) version.update(file).update(readFileSync(`${root}public/${file}`));
      const shell = { version: version.digest('hex').slice(0, 16), files: [...atStart, ...publicFiles].sort() };
      worker.code = worker.code.replaceAll('__APP_SHELL__', JSON.stringify(shell));
    },
  };
}

export default defineConfig({
  root,
  plugins: [preact(), appShell()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: {
      input: { app: `${root}index.html`, sw: `${root}sw/service-worker.ts` },
      // The worker's address is its scope: at the root, it serves every page of the app.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? SERVICE_WORKER : 'assets/[name]-[hash].js') },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/.well-known': 'http://127.0.0.1:3000' } },
});
