/**
 * npx tsx src/cli/bench-ials.ts [--users N --items M --ratings R | --dataset DIR] [--factors K] [--epochs E]
 *   [--alpha A] [--lambda L] [--nu V] [--confidence C] [--workers 1,2] [--single-epochs E] [--profiles P]
 *
 * Build-time implicit ALS at scale: fits on a synthetic CSR of MovieLens-25M shape generated in memory (or on a
 * dataset folder) in one thread and with the worker_threads driver, and prints seconds per epoch, the speed-up,
 * the shipped size per factor encoding, and fold-in + rank-all-items p50/p95 per encoding. Run it under
 * `/usr/bin/time -v` for the peak RSS (also printed from process.resourceUsage).
 */
import { parseArgs } from 'node:util';
import { loadDatasetFolder } from '../build/dataset-folder.ts';
import { fitIalsParallel } from '../build/parallel-ials.ts';
import { syntheticCsr } from '../build/synthetic-csr.ts';
import type { TrainingSet } from '../engine/model.ts';
import { IalsModel, type IalsConfidence, type IalsOptions } from '../engine/models/ials.ts';
import { FACTOR_ENCODINGS } from '../engine/models/factor-matrix.ts';
import { mulberry32 } from '../engine/random.ts';
import { topK } from '../engine/rerank.ts';
import { profileOfUser, trainingSetFromDataset } from '../engine/training-set.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '162000' },
    items: { type: 'string', default: '62000' },
    ratings: { type: 'string', default: '25000000' },
    dataset: { type: 'string' },
    factors: { type: 'string' },
    epochs: { type: 'string' },
    alpha: { type: 'string' },
    lambda: { type: 'string' },
    nu: { type: 'string' },
    confidence: { type: 'string' },
    workers: { type: 'string', default: '2' },
    'single-epochs': { type: 'string', default: '1' },
    profiles: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
  },
});

const seed = Number(args.seed);
const options: Partial<IalsOptions> = {};
if (args.factors) options.factors = Number(args.factors);
if (args.epochs) options.epochs = Number(args.epochs);
if (args.alpha) options.alpha = Number(args.alpha);
if (args.lambda) options.lambda = Number(args.lambda);
if (args.nu) options.nu = Number(args.nu);
if (args.confidence) options.confidence = args.confidence as IalsConfidence;
const full = new IalsModel(options).options;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

let t0 = performance.now();
let train: TrainingSet;
if (args.dataset) train = trainingSetFromDataset(loadDatasetFolder(args.dataset));
else
  train = syntheticCsr({
    users: Number(args.users),
    items: Number(args.items),
    ratings: Number(args.ratings),
    seed,
  });
console.log(
  `${args.dataset ?? 'synthetic'}: ${train.userCount} users, ${train.itemCount} items, ${train.items.length} ratings ` +
    `(${s(performance.now() - t0)} to load/generate)`,
);
console.log(
  `iALS k=${full.factors} α=${full.alpha} λ=${full.lambda} ν=${full.nu} ${full.confidence}, ${full.solver} ` +
    `(${full.cgSteps} steps), ${full.epochs} epochs; machine: ${(await import('node:os')).availableParallelism()} cores`,
);

const singleEpochs = Number(args['single-epochs']);
let singlePerEpoch = NaN;
if (singleEpochs > 0) {
  const m = new IalsModel({ ...options, epochs: singleEpochs });
  t0 = performance.now();
  m.fit(train, { seed });
  singlePerEpoch = (performance.now() - t0) / singleEpochs;
  console.log(`one thread: ${s(singlePerEpoch)} per epoch (${singleEpochs} epochs, including setup)`);
}

let fitted: IalsModel | null = null;
for (const w of args.workers.split(',').map(Number)) {
  t0 = performance.now();
  const marks: number[] = [];
  const model = await fitIalsParallel(train, options, {
    seed,
    workers: w,
    onProgress: () => marks.push(performance.now()),
  });
  const total = performance.now() - t0;
  const epochs = marks.filter((_, i) => i % 2 === 1);
  const perEpoch = epochs.length > 1 ? (epochs.at(-1)! - epochs[0]!) / (epochs.length - 1) : total / full.epochs;
  const speedUp = Number.isFinite(singlePerEpoch) ? `, ${(singlePerEpoch / perEpoch).toFixed(2)}× one thread` : '';
  console.log(`driver, ${w} workers: fit ${s(total)} (${s(perEpoch)} per epoch${speedUp})`);
  fitted = model;
}

if (fitted) {
  const y = fitted.itemFactors.toFloat32();
  const rng = mulberry32(seed + 1);
  const profiles = Array.from({ length: Number(args.profiles) }, () =>
    profileOfUser(train, Math.floor(rng() * train.userCount)),
  );
  const scores = new Float32Array(train.itemCount);
  const allowed = new Uint8Array(train.itemCount);
  console.log('encoding   shipped (factors + Gramian)   fold-in + rank all: p50     p95');
  for (const encoding of FACTOR_ENCODINGS) {
    const m = new IalsModel({ ...options, encoding });
    m.adopt(y, train.itemCount, fitted.globalMean);
    const times: number[] = [];
    for (const profile of profiles) {
      const start = performance.now();
      m.scoreAll(m.foldIn(profile), scores);
      allowed.fill(1);
      for (const i of profile.items) allowed[i] = 0;
      topK(scores, 10, allowed);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const q = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
    const size = m.itemFactors.byteLength + m.gram.byteLength;
    console.log(`${encoding.padEnd(10)} ${mb(size).padStart(22)} ${q(0.5).padStart(24)} ms ${q(0.95).padStart(6)} ms`);
  }
}
console.log(`peak RSS (process.resourceUsage): ${mb(process.resourceUsage().maxRSS * 1024)}`);
