import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { StaticServer } from '../../src/cli/serve.ts';
import { phoneJourney } from './app-flow.ts';
import { boardGamesCase } from './board-games-case.ts';
import { launchChromium } from './browser.ts';
import { buildAndServeDataset } from './dataset-build.ts';

// The app is not about movies: the same journey on an invented board-games dataset rated 1 to 10, whose noun is
// "game". Names, radios ("7 out of 10"), search and layout all follow the dataset's manifest.
let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  [server, browser] = await Promise.all([
    buildAndServeDataset(inject('runDir'), 'test/fixtures/board-games'),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

test('a new user on a phone rates five games on a 1-10 scale and gets recommendations they can steer (board-games fixture)', async () => {
  const dataset = boardGamesCase(server.url);
  await phoneJourney(browser, dataset);
});
