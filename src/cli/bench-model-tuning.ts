/**
 * DATASET=DIR npx tsx src/cli/bench-model-tuning.ts (flags: --help): what a holdout tune of the model-mode blend
 * (iALS + popularity + content) would cost the build, and why it cannot reuse the factors the build already fitted.
 * On a per-user 20% holdout it fits iALS twice, on every rating (what the build ships, so free to a tuner) and on the
 * training part only (the refit an honest tune needs), times scoring the evaluated users with each ranker and a grid
 * over the blend's weights, and prints NDCG@10 over that grid with both factor sets: the shipped factors have seen
 * the held-out ratings, so they rate iALS far too well and hide what popularity and content add.
 * The iALS fits run in this thread (the build's runs on every core); times are CPU.
 */
import { streamDatasetFolder } from '../pipeline/dataset-folder.ts';
import { perUserHoldout, relevantItemsByUser } from '../engine/eval/holdout.ts';
import { ndcgAtK } from '../engine/eval/ranking-metrics.ts';
import { likedThreshold } from '../engine/eval/relevance.ts';
import type { Ranker } from '../engine/model-contracts.ts';
import { ContentModel } from '../engine/models/content.ts';
import { IalsModel } from '../engine/models/ials.ts';
import { PopularityModel } from '../engine/models/popularity.ts';
import { scaleByBest } from '../engine/models/rank-blend.ts';
import { profileOfUser, trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import { time } from './bench-timing.ts';
import { topK } from '../engine/numeric/top-select.ts';
import { parseCli } from './cli-args.ts';

const {
  values: { users: MAX_USERS },
  dataset: dir,
} = parseCli({
  name: 'bench-model-tuning',
  command: 'npx tsx src/cli/bench-model-tuning.ts',
  about:
    "What a holdout tune of the model-mode blend would cost the build, and NDCG@10 over the blend's weights with\n" +
    'the shipped factors (fitted on every rating) and with factors refitted on the training part only.',
  dataset: true,
  flags: {
    users: { type: 'number', value: 'N', integer: true, min: 1, default: 5000, help: 'evaluated users, at most' },
  },
});
const K = 10;
const POPULARITY_GRID = [0, 0.1, 0.3, 0.5];
const CONTENT_GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1];
const s = (cpuMs: number) => `${(cpuMs / 1000).toFixed(1)} s CPU`;

const dataset = await streamDatasetFolder(dir);
const train = trainingSetFromDataset(dataset);
const split = perUserHoldout(train, 0.2, 7919);
const relevant = relevantItemsByUser(split.test, likedThreshold(dataset.manifest.ratingScale));
let users = [...relevant.keys()].sort((a, b) => a - b);
if (users.length > MAX_USERS) {
  const step = users.length / MAX_USERS;
  users = Array.from({ length: MAX_USERS }, (_, t) => users[Math.floor(t * step)]!);
}
console.log(
  `${dir}: ${train.items.length} ratings, ${train.userCount} users, ${train.itemCount} items; ` +
    `${users.length} evaluated users (per-user 20% holdout)`,
);

function fitIals(on: typeof train): IalsModel {
  const model = new IalsModel();
  model.fit(on, { seed: 1 });
  return model;
}
const shipped = time(() => fitIals(train));
const refit = time(() => fitIals(split.train));
console.log(
  `iALS fit on every rating (the build's): ${s(shipped.cpuMs)}; on the training part (a tune's refit): ${s(refit.cpuMs)}`,
);
const popularity = new PopularityModel();
popularity.fit(split.train, { seed: 1 });
const content = new ContentModel(dataset);
content.fit(split.train, { seed: 1 });

const rankers: Record<'shipped' | 'refit' | 'popularity' | 'content', Ranker> = {
  shipped: shipped.value,
  refit: refit.value,
  popularity,
  content,
};
const n = train.itemCount;
const inTrain = new Uint8Array(n);
for (let q = 0; q < split.train.items.length; q++) inTrain[split.train.items[q]!] = 1;
const scores = new Map<string, Float32Array[]>(Object.keys(rankers).map((name) => [name, []]));
const allowed: Uint8Array[] = [];
const scoring = time(() => {
  for (const u of users) {
    const profile = profileOfUser(split.train, u);
    const mask = Uint8Array.from(inTrain);
    for (const i of profile.items) mask[i] = 0;
    allowed.push(mask);
    for (const [name, model] of Object.entries(rankers)) {
      const out = new Float32Array(n);
      model.score(profile, out);
      scaleByBest(out);
      scores.get(name)!.push(out);
    }
  }
});
console.log(`scoring every evaluated user with the 4 rankers: ${s(scoring.cpuMs)}`);

function ndcg(ials: 'shipped' | 'refit', wPopularity: number, wContent: number): number {
  const blended = new Float32Array(n);
  let sum = 0;
  users.forEach((u, t) => {
    const a = scores.get(ials)![t]!;
    const p = scores.get('popularity')![t]!;
    const c = scores.get('content')![t]!;
    for (let j = 0; j < n; j++) blended[j] = a[j]! + wPopularity * p[j]! + wContent * c[j]!;
    sum += ndcgAtK(topK(blended, K, allowed[t]), relevant.get(u)!, K);
  });
  return sum / users.length;
}

const grid = time(() => {
  for (const ials of ['refit', 'shipped'] as const) {
    let best = { ndcg: -1, popularity: 0, content: 0 };
    for (const wp of POPULARITY_GRID)
      for (const wc of CONTENT_GRID) {
        const v = ndcg(ials, wp, wc);
        if (v > best.ndcg) best = { ndcg: v, popularity: wp, content: wc };
      }
    const base = ndcg(ials, 0, 0.1);
    console.log(
      `${ials === 'refit' ? 'factors refitted without the holdout' : "the build's factors (seen the holdout)"}: ` +
        `NDCG@${K} iALS alone ${ndcg(ials, 0, 0).toFixed(4)}, default blend (popularity 0, content 0.1) ` +
        `${base.toFixed(4)}, best popularity ${best.popularity} content ${best.content} ${best.ndcg.toFixed(4)} ` +
        `(${best.ndcg >= base ? '+' : ''}${((100 * (best.ndcg - base)) / base).toFixed(1)}%)`,
    );
  }
});
console.log(`grid of ${POPULARITY_GRID.length * CONTENT_GRID.length} weightings, both factor sets: ${s(grid.cpuMs)}`);
