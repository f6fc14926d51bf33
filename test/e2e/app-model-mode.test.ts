import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { StaticServer } from '../../src/cli/serve.ts';
import { phoneJourney } from './app-flow.ts';
import { boardGamesCase } from './board-games-case.ts';
import { settledRecommendations } from './app-driver.ts';
import { launchChromium } from './browser.ts';
import { buildAndServeDataset } from './dataset-build.ts';

// Model mode end to end: the board-games fixture forced into it by dataset.json, so the build fits iALS and MF in
// Node and ships them instead of the ratings, and the device only folds the user in. The journey is the one every
// build passes; the algorithm switcher offers what model mode has (iALS, no EASE or item-KNN).
let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  const dir = join(inject('runDir'), 'board-games-model');
  cpSync('test/fixtures/board-games', dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8')) as object;
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ ...manifest, mode: 'model' }, null, 2));
  [server, browser] = await Promise.all([buildAndServeDataset(inject('runDir'), dir), launchChromium()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

test('a new user on a phone rates five games and gets recommendations from the models the build fitted (model mode)', async () => {
  const dataset = boardGamesCase(server.url);
  await phoneJourney(browser, dataset, async (page) => {
    await page.getByText('Filters and tuning').click();
    const algorithm = page.getByRole('combobox', { name: /^Algorithm/ });
    await algorithm.waitFor();
    const offered = await algorithm.locator('option').allTextContents();
    expect(offered).toContain('Implicit ALS');
    expect(offered.join()).not.toMatch(/EASE|item-KNN/);
    const blend = (await settledRecommendations(page)).map((r) => r.id);
    await algorithm.selectOption({ label: 'Implicit ALS' });
    // The list follows the switch: iALS alone, without the blend's content part and star re-rank, orders differently.
    await expect.poll(async () => (await settledRecommendations(page)).map((r) => r.id)).not.toEqual(blend);
    expect((await settledRecommendations(page)).length).toBeGreaterThanOrEqual(10);
  });
});
