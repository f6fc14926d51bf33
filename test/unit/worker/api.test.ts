import { beforeAll, describe, expect, it } from 'vitest';
import { tinyDataset } from './tiny-dataset.ts';
import type { Dataset } from '../../../src/engine/dataset/dataset.ts';
import { createApi } from '../../../src/worker/api.ts';
import type { InitProgress } from '../../../src/worker/types.ts';

let dataset: Dataset;
beforeAll(() => {
  dataset = tinyDataset();
});

const makeApi = () =>
  createApi(async () => ({
    loadDataset: async () => ({ dataset, downloadMs: 0 }),
    snapshotHash: 'test',
    cache: null,
    seed: 1,
  }));

const HEAT = 6;
const TOY_STORY = 1;

describe('worker api', () => {
  it('refuses questions before init, then answers in external ids and plain data', async () => {
    const api = makeApi();
    await expect(api.search('heat', 5)).rejects.toThrow(/init/);
    const progress: InitProgress[] = [];
    const init = await api.init((p) => progress.push(p));
    expect(init.itemCount).toBe(dataset.itemIds.length);
    expect(init.manifest.itemNoun).toBe('movie');
    expect(init.genres).toContain('Drama');
    expect(init.fromCache).toBe(false);
    const phases = progress.map((p) => p.phase);
    const ready = phases.indexOf('ready');
    expect(ready).toBeGreaterThan(phases.indexOf('fit'));
    // Only stage 2's reports may follow 'ready' (no second worker here: the predictor is fitted in place).
    expect(phases.slice(ready + 1).every((p) => ['predictor', 'predictor-here', 'save'].includes(p))).toBe(true);
    expect(await api.init()).toEqual(init);

    const found = await api.search('heat', 5);
    expect(found[0]).toEqual({
      id: HEAT,
      title: 'Heat (1995)',
      displayTitle: 'Heat (1995)',
      name: 'Heat',
      originalTitle: null,
      alsoKnownAs: [],
      year: 1995,
      genres: ['Action', 'Crime', 'Thriller'],
      predicted: null,
    });
    expect(structuredClone(found)).toEqual(found);
  });

  it('lets calls made while init is still running wait for it', async () => {
    const api = makeApi();
    const init = api.init();
    const found = api.search('heat', 5);
    const details = api.details(HEAT);
    expect((await found)[0]?.id).toBe(HEAT);
    expect((await details)?.title).toBe('Heat (1995)');
    expect((await init).itemCount).toBe(dataset.itemIds.length);
  });

  it('recommends unrated, not excluded items with reasons naming the user’s rated titles', async () => {
    const api = makeApi();
    await api.init();
    const profile = [
      { id: HEAT, value: 4.5 },
      { id: TOY_STORY, value: 4 },
      { id: 999_999_999, value: 5 },
    ];
    const first = await api.recommend(profile, { limit: 10 });
    expect(first).toHaveLength(10);
    const excluded = first[0]!.id;
    const recs = await api.recommend(profile, { limit: 10, exclude: [excluded] });
    expect(recs.map((r) => r.id)).not.toContain(excluded);
    for (const r of recs) {
      expect([HEAT, TOY_STORY]).not.toContain(r.id);
      expect(r.predicted).toBeGreaterThanOrEqual(dataset.manifest.ratingScale.min);
      expect(r.predicted).toBeLessThanOrEqual(dataset.manifest.ratingScale.max);
      for (const b of r.because) {
        expect([HEAT, TOY_STORY]).toContain(b.id);
        expect(b.title).toBe(b.id === HEAT ? 'Heat (1995)' : 'Toy Story (1995)');
      }
    }
    expect(recs.some((r) => r.because.length > 0)).toBe(true);
  });

  it('predicts per id with null for unknown ids, and gives details, similar items and onboarding picks', async () => {
    const api = makeApi();
    await api.init();
    const predicted = await api.predict([{ id: HEAT, value: 5 }], [TOY_STORY, -3]);
    expect(typeof predicted[0]).toBe('number');
    expect(predicted[1]).toBeNull();
    expect((await api.details(HEAT))?.title).toBe('Heat (1995)');
    expect(await api.details(-3)).toBeNull();
    const similar = await api.similar(HEAT, 5);
    expect(similar).toHaveLength(5);
    expect(similar.map((s) => s.id)).not.toContain(HEAT);
    const picks = await api.onboarding(['Comedy'], 6, [TOY_STORY]);
    expect(picks).toHaveLength(6);
    expect(picks.every((p) => p.genres.includes('Comedy') && p.id !== TOY_STORY)).toBe(true);
    expect((await api.summaries([HEAT, -3, TOY_STORY])).map((s) => s.id)).toEqual([HEAT, TOY_STORY]);
  });
});
