import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { devCspPlugin } from './src/build/dev-csp-plugin.ts';
import { pwaOptions } from './src/build/pwa-config.ts';
import { snapshotPlugin } from './src/build/snapshot-plugin.ts';

export default defineConfig({
  // Relative base: the built dist/ works at / and under any sub-path, with no server configuration.
  base: './',
  plugins: [svelte(), snapshotPlugin(), VitePWA(pwaOptions), devCspPlugin()],
  // The worker decodes the snapshot, so it may import virtual:snapshot too.
  worker: { format: 'es', plugins: () => [snapshotPlugin()] },
  optimizeDeps: { include: ['comlink', 'idb'] },
  build: { target: 'es2022' },
  server: { port: 5173 },
  preview: { port: 4173 },
});
