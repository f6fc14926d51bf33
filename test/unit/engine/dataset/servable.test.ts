/**
 * Datasets at the edge of what the app can serve: those it cannot are refused by the validation (file, line and
 * field, like any other problem), and those it can are served by the worker's session, call by call.
 */
import { describe, expect, it } from 'vitest';
import { parseDataset, type DatasetFiles } from '../../../../src/engine/dataset/parse.ts';
import { issuesOf } from './issues-of.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import { RecommenderSession } from '../../../../src/worker/session.ts';

const MANIFEST = JSON.stringify({
  name: 'Edge',
  itemNoun: 'game',
  license: 'CC0',
  ratingScale: { min: 1, max: 5, step: 1 },
});

function files(items: number, ratings: [user: number, item: number, value: number][]): DatasetFiles {
  const movies = Array.from(
    { length: items },
    (_, i) => `${i + 1},Game ${i + 1} (2000),${i % 2 ? 'Party' : 'Strategy'}`,
  );
  return {
    'dataset.json': MANIFEST,
    'movies.csv': ['movieId,title,genres', ...movies].join('\n') + '\n',
    'ratings.csv': ['userId,movieId,rating', ...ratings.map((r) => r.join(','))].join('\n') + '\n',
  };
}

describe('parseDataset refuses a dataset the app could not serve, naming file, line and field:', () => {
  it('no ratings (issue 11, case 2: it built, then the app could not start)', () => {
    expect(issuesOf(files(3, []))).toEqual([
      { file: 'ratings.csv', line: 1, field: '-', message: expect.stringMatching(/^no ratings: /) as string },
    ]);
  });

  it('no items, and therefore no ratings', () => {
    expect(issuesOf(files(0, [])).map((i) => [i.file, i.line, i.field, i.message.split(':')[0]])).toEqual([
      ['movies.csv', 1, '-', 'no items'],
      ['ratings.csv', 1, '-', 'no ratings'],
    ]);
  });

  it('every rating the same value: the predicted stars would have no range to lie in', () => {
    const alike = files(4, [
      [1, 1, 4],
      [1, 2, 4],
      [2, 3, 4],
    ]);
    expect(issuesOf(alike)).toEqual([
      {
        file: 'ratings.csv',
        line: 1,
        field: 'rating',
        message: expect.stringMatching(/^every rating is 4: /) as string,
      },
    ]);
    // A single rating is such a dataset too.
    expect(issuesOf(files(4, [[1, 1, 2]]))[0]).toMatchObject({ file: 'ratings.csv', field: 'rating' });
  });

  it('but only once the rows are sound: ratings that were all refused are the problems listed, not "no ratings"', () => {
    const issues = issuesOf(files(2, [[1, 1, 9]]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'ratings.csv', line: 2, field: 'rating' });
  });
});

describe('what the app can serve passes, and the worker session answers every call on it', () => {
  const cases: Record<string, DatasetFiles> = {
    'items nobody rated (most of them)': files(40, [
      [1, 1, 4],
      [1, 2, 3],
      [2, 2, 5],
      [2, 3, 1],
      [3, 1, 2],
    ]),
    'a single user': files(5, [
      [7, 1, 4],
      [7, 2, 3],
      [7, 3, 5],
    ]),
    'a single item': files(1, [
      [1, 1, 4],
      [2, 1, 3],
    ]),
  };
  for (const [name, dataset] of Object.entries(cases)) {
    it(name, () => {
      const d = parseDataset(dataset);
      const engine = RatingsEngine.fitRanking(d, { seed: 1 });
      engine.usePredictor(RatingsEngine.fitPredictorState(d, { seed: 1 }));
      const session = new RecommenderSession(engine);
      const last = d.itemIds.at(-1)!;
      const profile = [{ id: last, value: 4 }];
      const onScale = (x: number) => x >= 1 && x <= 5;
      expect(session.recommend([], { limit: 5 }).length).toBe(Math.min(5, d.itemIds.length));
      for (const algorithm of ['blend', 'ease', 'itemknn', 'mf', 'popularity'] as const) {
        const list = session.recommend(profile, { limit: 5, algorithm });
        expect(list.map((r) => r.id)).not.toContain(last);
        expect(list.every((r) => onScale(r.predicted))).toBe(true);
      }
      expect(session.predict(profile, [1]).every((p) => p !== null && onScale(p))).toBe(true);
      expect(session.details(last)?.id).toBe(last);
      expect(session.search('game', 50).length).toBe(d.itemIds.length);
      expect(session.onboarding([], 12, []).length).toBe(Math.min(12, d.itemIds.length));
      expect(() => session.similar(last, 8)).not.toThrow();
      expect(() => session.explain(profile, 1)).not.toThrow();
      // A repeat visit loads the cached engine.
      expect(
        RatingsEngine.load(d, engine.save()).recommend({ items: Int32Array.of(0), values: Float32Array.of(4) }),
      ).toBeDefined();
    });
  }
});
