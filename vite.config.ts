import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { atomicOutDir, closeOnlyAfterWrite } from './src/pipeline/atomic-out-dir.ts';
import { cspPlugin } from './src/pipeline/csp-plugin.ts';
import { pwaOptions } from './src/pipeline/pwa-config.ts';
import { snapshotPlugin } from './src/pipeline/snapshot-plugin.ts';

export default defineConfig({
  // Relative base: the built dist/ works at / and under any sub-path, with no server configuration.
  base: './',
  // atomicOutDir last: a build that fails anywhere, its plugins' closeBundle included, writes nothing.
  plugins: [svelte(), snapshotPlugin(), ...closeOnlyAfterWrite(VitePWA(pwaOptions)), cspPlugin(), atomicOutDir()],
  // The worker decodes the snapshot, so it may import virtual:snapshot too.
  worker: { format: 'es', plugins: () => [snapshotPlugin()] },
  optimizeDeps: { include: ['comlink', 'idb'] },
  build: { target: 'es2022' },
  server: { port: 5173 },
  preview: { port: 4173 },
});
