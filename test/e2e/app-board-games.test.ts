import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { StaticServer } from '../../src/cli/serve.ts';
import { phoneJourney, type DatasetCase } from './app-flow.ts';
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
  const dataset: DatasetCase = {
    url: server.url,
    noun: 'game',
    scaleMax: 10,
    scaleMin: 1,
    step: 1,
    toRate: [
      { query: 'catan', title: 'Catan (1995)', value: 8 },
      { query: 'pandemic', title: 'Pandemic (2008)', value: 10 },
      { query: 'azul', title: 'Azul (2017)', value: 3 },
      { query: 'wingspan', title: 'Wingspan (2019)', value: 9 },
      { query: 'chess', title: 'Шахматы (1475)', value: 1 },
    ],
    plainQuery: { query: 'cafe', title: 'Café International (1989)' },
    predicted: /Predicted (\d+(?:\.\d)?)\/10/,
  };
  await phoneJourney(browser, dataset);
});
