/**
 * npm run bench: speed and memory of the engine on a dataset folder (DATASET, default the bundled MovieLens).
 * Prints one table: snapshot decode, fit of every model on all ratings, fold-in + ranking of every item for a
 * new user with 10 and with 200 ratings (p50 / p95 over many profiles), recommend() with labels and reasons,
 * saved state size, title search per keystroke, and memory. Wall-clock times on this machine; a phone is several times slower.
 * `npm run bench -- --only search` times parsing and title search alone: a catalogue far too large for fitting
 * every model here (62k titles) still gets its search figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import type { Dataset } from '../engine/dataset/dataset.ts';
import { RatingsEngine } from '../engine/ratings-mode/ratings-engine.ts';
import type { Fitted, Profile } from '../engine/model-contracts.ts';
import { BaselineModel } from '../engine/models/baseline.ts';
import { ItemKnnModel } from '../engine/models/itemknn.ts';
import { MatrixFactorizationModel } from '../engine/models/mf.ts';
import { BlendModel } from '../engine/models/predict-blend.ts';
import { RatingsRankers } from '../engine/ratings-mode/rankers.ts';
import { mulberry32 } from '../engine/numeric/random.ts';
import { candidateMask, rerank } from '../engine/ranking/rerank.ts';
import { trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import type { Algorithm } from '../engine/recommend-types.ts';
import { readDatasetFiles } from '../pipeline/dataset-folder.ts';
import { BUILD_TUNING_SEED } from '../pipeline/dataset-tuning.ts';
import { tuneRanking } from '../engine/ratings-mode/tune.ts';
import { SearchIndex } from '../engine/catalogue/search-index.ts';
import { splitTitleYear } from '../engine/text/normalize-title.ts';
import { parseDataset } from '../engine/dataset/parse.ts';
import { both, ms, percentiles, quantile, randomProfile, time } from './bench-timing.ts';
import { ratingTotals } from '../engine/dataset/rating-totals.ts';
import { parseCli } from './cli-args.ts';

const {
  values: { only },
  dataset: dir,
} = parseCli({
  name: 'bench',
  command: 'npm run bench --',
  about:
    'Speed and memory of the engine on the DATASET folder: snapshot decode, the fit of every model, fold-in and\n' +
    'ranking p50/p95 for new users, recommend() with labels and reasons, state size, title search, memory.',
  dataset: true,
  flags: {
    only: { type: 'string', value: 'PART', choices: ['search'], help: 'time parsing and title search alone' },
  },
});

const rows: [string, string, string][] = [];
const row = (what: string, value: string, note = ''): void => void rows.push([what, value, note]);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const parsed = time(() => parseDataset(readDatasetFiles(dir)));
const dataset: Dataset = parsed.value;
row('parse CSV folder', both(parsed), `${dataset.ratingItems.length} ratings, ${dataset.itemIds.length} items`);

async function benchSnapshot(): Promise<void> {
  const codecPath = join(import.meta.dirname, '../engine/snapshot/codec.ts');
  if (!existsSync(codecPath)) {
    row('snapshot decode', '-', 'skipped: src/engine/snapshot/codec.ts not present');
    return;
  }
  const codec = (await import('../engine/snapshot/codec.ts')) as {
    encodeSnapshot(d: Dataset): Uint8Array;
    decodeSnapshot(b: Uint8Array): Dataset;
  };
  const bytes = codec.encodeSnapshot(dataset);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) runs.push(time(() => codec.decodeSnapshot(bytes)).ms);
  runs.sort((a, b) => a - b);
  row('snapshot decode (p50 of 5)', ms(quantile(runs, 0.5)), `${(bytes.length / 1024).toFixed(0)} KB before gzip`);
}

function benchFits(): void {
  const train = trainingSetFromDataset(dataset);
  // Each part of the rank blend alone (a fresh set of rankers each time), then the blend, which fits them all.
  const part = (name: string) => (): Fitted =>
    new RatingsRankers(dataset).blend.parts.find((p) => p.name === name)!.ranker;
  const models: [string, () => Fitted][] = [
    ...new RatingsRankers(dataset).blend.parts.map((p): [string, () => Fitted] => [p.name, part(p.name)]),
    ['rank-blend', () => new RatingsRankers(dataset).blend],
    ['baseline', () => new BaselineModel()],
    ['itemknn (pearson)', () => new ItemKnnModel()],
    ['mf', () => new MatrixFactorizationModel()],
    ['predict-blend (knn + mf)', () => new BlendModel()],
  ];
  for (const [name, make] of models) {
    const model = make();
    row(`fit ${name}`, both(time(() => model.fit(train, { seed: 1 }))));
  }
  const tuned = time(() => tuneRanking(dataset, train, { seed: BUILD_TUNING_SEED }));
  row('build-time tuning (uncached)', both(tuned), tuned.value.tuned ? 'tuned for this dataset' : 'kept the defaults');
}

function ratingCounts(): Uint32Array {
  return ratingTotals(dataset.ratingItems, dataset.ratingValues, dataset.itemIds.length).counts;
}

/** Title search as the user types: the index built once, then a query per keystroke of titles people look up. */
function benchSearch(): void {
  const counts = ratingCounts();
  const built = time(() => new SearchIndex(dataset.titles, dataset.years, counts));
  row(
    'title search: build the index',
    both(built),
    `once, ahead of the first keystroke; ${dataset.titles.length} titles`,
  );
  const wanted = randomProfile(100, mulberry32(11), counts, dataset.ratingItems.length).items;
  const typed = Array.from(wanted).flatMap((j) => {
    const title = splitTitleYear(dataset.titles[j]!).title;
    return Array.from({ length: Math.min(12, title.length) }, (_, k) => title.slice(0, k + 1));
  });
  row('title search: one keystroke (limit 30)', ...percentiles(typed, (q) => built.value.search(q, 30)));
}

function benchServing(engine: RatingsEngine): void {
  const counts = ratingCounts();
  const total = dataset.ratingItems.length;
  const rng = mulberry32(7);
  const cases: [string, Algorithm, (p: Profile) => unknown][] = [
    [
      'fold-in + rank all (blend)',
      'blend',
      (p) =>
        rerank(engine.scores(p, 'blend'), candidateMask(dataset, p), { limit: 20 }, engine.popularity.counts, () => 0),
    ],
    [
      'fold-in + rank all (ease)',
      'ease',
      (p) =>
        rerank(engine.scores(p, 'ease'), candidateMask(dataset, p), { limit: 20 }, engine.popularity.counts, () => 0),
    ],
    ['recommend(limit 20) + stars + reasons', 'blend', (p) => engine.recommend(p, { limit: 20 })],
    [
      'recommend with diversity 0.5 + knob',
      'blend',
      (p) => engine.recommend(p, { limit: 20, diversity: 0.5, popularity: -0.5 }),
    ],
  ];
  for (const n of [10, 200]) {
    const profiles = Array.from({ length: 60 }, () => randomProfile(n, rng, counts, total));
    for (const [name, , run] of cases) row(`${name}, ${n} ratings`, ...percentiles(profiles, run));
  }
}

/** Bytes of a saved state: its typed arrays, 8 per other value. */
function stateBytes(state: object): number {
  let bytes = 0;
  for (const v of Object.values(state) as unknown[])
    bytes += ArrayBuffer.isView(v) ? v.byteLength : typeof v === 'object' && v !== null ? stateBytes(v) : 8;
  return bytes;
}

if (only === 'search') benchSearch();
else await benchEverything();
const mem = process.memoryUsage();
row('heap used / RSS now', `${mb(mem.heapUsed)} / ${mb(mem.rss)}`);
row('peak RSS (maxRSS)', mb(resourceUsage().maxRSS * 1024));

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`bench: ${dataset.manifest.name} (${dir}), Node ${process.version}`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);

async function benchEverything(): Promise<void> {
  await benchSnapshot();
  benchFits();
  const fitted = time(() => RatingsEngine.fit(dataset, { seed: 1 }));
  row('RatingsEngine.fit (everything the app fits)', both(fitted));
  const stage1 = time(() => RatingsEngine.fitRanking(dataset, { seed: 1 }));
  row('  staged: RatingsEngine.fitRanking (stage 1)', both(stage1), 'enough to recommend, stars from biases');
  const firstRecs = time(() =>
    stage1.value.recommend(randomProfile(10, mulberry32(3), ratingCounts(), dataset.ratingItems.length), { limit: 20 }),
  );
  row('  staged: first recommend(limit 20)', both(firstRecs), 'after stage 1');
  const stage2 = time(() => stage1.value.fitPredictor());
  row('  staged: engine.fitPredictor (stage 2)', both(stage2), 'the predictor blend, after the first recommendations');
  const engine = fitted.value;
  const state = engine.save();
  const loaded = time(() => RatingsEngine.load(dataset, structuredClone(state)));
  row('Engine state size', mb(stateBytes(engine.save())), 'typed arrays, what IndexedDB stores');
  row('structuredClone + RatingsEngine.load', both(loaded));
  benchServing(engine);
  benchSearch();
}
