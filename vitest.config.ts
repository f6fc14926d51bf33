import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Two projects: fast pure-Node tests, and end-to-end tests that drive a real headless Chromium
// (playwright-core) against the built app. They share nothing but the engine code under test.
export default defineConfig({
  test: {
    projects: [
      {
        // Compiles the UI's .svelte.ts modules (runes), so the page's state is tested in Node too.
        plugins: [svelte()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium at a time: the machine has two cores and @sparticuz/chromium unpacks to a fixed path.
          fileParallelism: false,
        },
      },
    ],
  },
});
