import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { StaticServer } from '../../src/cli/serve.ts';
import { checkView, phoneJourney } from './app-flow.ts';
import { boardGamesCase } from './board-games-case.ts';
import { settledRecommendations } from '../../src/cli/browser/app-driver.ts';
import { launchChromium } from './browser.ts';
import { ratingCounts } from './catalogue-flow.ts';
import { buildAndServeDataset } from './dataset-build.ts';

// Model mode end to end: the board-games fixture forced into it by dataset.json, so the build fits iALS and MF in
// Node and ships them instead of the ratings, and the device only folds the user in. The journey is the one every
// build passes; the algorithm switcher offers what model mode has (iALS, no EASE or item-KNN). Item and browse pages
// stand on what model mode ships instead of the ratings: the per-item rating counts and means, the item factors.
const FIXTURE = 'test/fixtures/board-games';
let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  const dir = join(inject('runDir'), 'board-games-model');
  cpSync(FIXTURE, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8')) as object;
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ ...manifest, mode: 'model' }, null, 2));
  [server, browser] = await Promise.all([buildAndServeDataset(inject('runDir'), dir), launchChromium()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

test('a new user on a phone rates five games and gets recommendations from the models the build fitted (model mode)', async () => {
  const dataset = boardGamesCase(server.url);
  await phoneJourney(browser, dataset, async (page, report) => {
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
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

    // The item page counts the ratings the build saw; its similar games carry stars (yours or predicted).
    const counts = ratingCounts(FIXTURE);
    await page.getByRole('searchbox', { name: 'Search games', exact: true }).fill('pandemic');
    await page
      .getByRole('list', { name: 'Search results', exact: true })
      .getByRole('heading', { name: 'Pandemic (2008)', exact: true })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { level: 1, name: 'Pandemic (2008)', exact: true }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain(`from ${counts.get(30549)} ratings`);
    const similar = page.getByRole('region', { name: 'Similar games' }).getByRole('listitem');
    await expect.poll(() => similar.count()).toBeGreaterThan(0);
    await expect
      .poll(async () => (await similar.allInnerTexts()).filter((t) => !/(Predicted|You rated) \d+(\.\d)?\/10/.test(t)))
      .toEqual([]);

    // A genre's page lists its games most rated first, by the counts the build shipped.
    await page.getByRole('list', { name: 'Genres' }).getByRole('link', { name: 'Strategy', exact: true }).click();
    const strategy = page.getByRole('list', { name: 'Strategy games', exact: true }).getByRole('listitem');
    await strategy.first().waitFor();
    const listed = await Promise.all(
      (await strategy.all()).map(async (entry) => {
        const href = await entry.getByRole('heading').getByRole('link').getAttribute('href');
        return counts.get(Number(/#\/item\/(\d+)$/.exec(href ?? '')?.[1])) ?? 0;
      }),
    );
    const strategyIds = readFileSync(join(FIXTURE, 'movies.csv'), 'utf8')
      .split('\n')
      .filter((line) => /,([^,]*\|)?Strategy(\|[^,]*)?$/.test(line))
      .map((line) => Number(line.split(',')[0]));
    expect(listed).toEqual(strategyIds.map((id) => counts.get(id) ?? 0).sort((a, b) => b - a));
    await checkView(page, dataset, 'browse by genre (model mode)', report);
  });
});
