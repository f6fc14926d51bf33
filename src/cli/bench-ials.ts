/**
 * npx tsx src/cli/bench-ials.ts [--users N --items M --ratings R | --dataset DIR] … (flags: --help)
 *
 * Build-time implicit ALS at scale: fits on a synthetic CSR of MovieLens-25M shape generated in memory (or on a
 * dataset folder) in one thread and with the worker_threads driver, and prints seconds per epoch, the speed-up,
 * the shipped size per factor encoding, and fold-in + rank-all-items p50/p95 per encoding. Run it under
 * `/usr/bin/time -v` for the peak RSS (also printed from process.resourceUsage).
 */
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { fitIalsParallel } from '../pipeline/parallel-ials.ts';
import { syntheticCsr } from '../pipeline/synthetic-csr.ts';
import type { TrainingSet } from '../engine/model-contracts.ts';
import { IalsModel, type IalsConfidence, type IalsOptions } from '../engine/models/ials.ts';
import { FACTOR_ENCODINGS } from '../engine/numeric/factor-matrix.ts';
import { mulberry32 } from '../engine/numeric/random.ts';
import { profileOfUser, trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import { quantile, time } from './bench-timing.ts';
import { topK } from '../engine/numeric/top-select.ts';
import { fail, parseCli } from './cli-args.ts';

const { values: args } = parseCli({
  name: 'bench-ials',
  command: 'npx tsx src/cli/bench-ials.ts',
  about:
    'Build-time implicit ALS at scale, on a synthetic CSR of the given shape (default: MovieLens 25M) or a dataset\n' +
    'folder: seconds per epoch in one thread and with the worker threads, shipped size and fold-in p50/p95 per encoding.',
  flags: {
    users: { type: 'number', value: 'N', integer: true, min: 1, default: 162000, help: 'synthetic users' },
    items: { type: 'number', value: 'M', integer: true, min: 1, default: 62000, help: 'synthetic items' },
    ratings: { type: 'number', value: 'R', integer: true, min: 1, default: 25000000, help: 'synthetic ratings' },
    dataset: { type: 'string', value: 'DIR', path: 'dir', help: 'a dataset folder instead of the synthetic CSR' },
    factors: { type: 'number', value: 'K', integer: true, help: "k; default: the model's" },
    epochs: { type: 'number', value: 'E', integer: true, help: "default: the model's" },
    alpha: { type: 'number', value: 'A', help: "confidence slope α; default: the model's" },
    lambda: { type: 'number', value: 'L', help: "regularisation λ; default: the model's" },
    nu: { type: 'number', value: 'V', help: "frequency scaling exponent ν; default: the model's" },
    confidence: { type: 'string', value: 'C', help: "binary, stars, liked or signed; default: the model's" },
    workers: {
      type: 'number',
      value: 'A,B',
      list: true,
      integer: true,
      min: 1,
      default: [2],
      help: 'one parallel fit per count of worker threads',
    },
    'single-epochs': {
      type: 'number',
      value: 'E',
      integer: true,
      min: 0,
      default: 1,
      help: 'epochs timed in one thread; 0 skips it',
    },
    profiles: { type: 'number', value: 'P', integer: true, min: 1, default: 300, help: 'fold-ins timed' },
    seed: { type: 'number', value: 'S', integer: true, default: 1, help: 'seed of the data and the fits' },
  },
});

const seed = args.seed;
const options: Partial<IalsOptions> = {};
if (args.factors !== undefined) options.factors = args.factors;
if (args.epochs !== undefined) options.epochs = args.epochs;
if (args.alpha !== undefined) options.alpha = args.alpha;
if (args.lambda !== undefined) options.lambda = args.lambda;
if (args.nu !== undefined) options.nu = args.nu;
if (args.confidence !== undefined) options.confidence = args.confidence as IalsConfidence;
let full: IalsOptions;
try {
  full = new IalsModel(options).options;
} catch (e) {
  fail((e as Error).message);
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/** CPU time of the whole process (every thread), in ms: what the work costs, however busy the machine is. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let t0 = performance.now();
let train: TrainingSet;
if (args.dataset) train = trainingSetFromDataset(loadDatasetFolder(args.dataset));
else
  train = syntheticCsr({
    users: args.users,
    items: args.items,
    ratings: args.ratings,
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

const singleEpochs = args['single-epochs'];
let singlePerEpoch = NaN;
if (singleEpochs > 0) {
  const m = new IalsModel({ ...options, epochs: singleEpochs });
  const fit = time(() => m.fit(train, { seed }));
  singlePerEpoch = fit.ms / singleEpochs;
  const cpuPerEpoch = fit.cpuMs / singleEpochs;
  console.log(
    `one thread: ${s(singlePerEpoch)} per epoch, ${s(cpuPerEpoch)} CPU (${singleEpochs} epochs, including setup)`,
  );
}

let fitted: IalsModel | null = null;
for (const w of args.workers) {
  t0 = performance.now();
  const c0 = cpu();
  const marks: { wall: number; cpu: number }[] = [];
  const model = await fitIalsParallel(train, options, {
    seed,
    workers: w,
    onProgress: (f) => {
      marks.push({ wall: performance.now(), cpu: cpu() });
      if (marks.length % 2 === 0)
        console.error(`  ${w} workers: ${(100 * f).toFixed(0)}% after ${s(marks.at(-1)!.wall - t0)}`);
    },
  });
  const total = performance.now() - t0;
  const totalCpu = cpu() - c0;
  // Per epoch over the epochs after the first, which also pays for setup and starting the workers.
  const ends = marks.filter((_, i) => i % 2 === 1);
  const span = Math.max(1, ends.length - 1);
  const perEpoch = ends.length > 1 ? (ends.at(-1)!.wall - ends[0]!.wall) / span : total;
  const cpuPerEpoch = ends.length > 1 ? (ends.at(-1)!.cpu - ends[0]!.cpu) / span : totalCpu;
  const speedUp = Number.isFinite(singlePerEpoch) ? `, ${(singlePerEpoch / perEpoch).toFixed(2)}× one thread` : '';
  console.log(
    `driver, ${w} workers: fit ${s(total)}, ${s(totalCpu)} CPU; per epoch ${s(perEpoch)}, ${s(cpuPerEpoch)} CPU ` +
      `(${(cpuPerEpoch / perEpoch).toFixed(2)} cores busy${speedUp})`,
  );
  fitted = model;
}

if (fitted) {
  const y = fitted.itemFactors.toFloat32();
  const rng = mulberry32(seed + 1);
  const profiles = Array.from({ length: args.profiles }, () =>
    profileOfUser(train, Math.floor(rng() * train.userCount)),
  );
  const sizes = profiles.map((p) => p.items.length).sort((a, b) => a - b);
  console.log(
    `fold-in + rank all (top 10 of ${train.itemCount}) for ${profiles.length} training users' profiles ` +
      `(ratings: median ${quantile(sizes, 0.5)}, p95 ${quantile(sizes, 0.95)}); CPU time beside wall time, the machine being shared`,
  );
  console.log('encoding    shipped (factors + Gramian)   p50 wall   p95 wall   p50 CPU   p95 CPU');
  const scores = new Float32Array(train.itemCount);
  const allowed = new Uint8Array(train.itemCount);
  for (const encoding of FACTOR_ENCODINGS) {
    const m = new IalsModel({ ...options, encoding });
    m.adopt(y, train.itemCount);
    const wall: number[] = [];
    const used: number[] = [];
    for (const profile of profiles) {
      const t = time(() => {
        m.score(profile, scores);
        allowed.fill(1);
        for (const i of profile.items) allowed[i] = 0;
        topK(scores, 10, allowed);
      });
      wall.push(t.ms);
      used.push(t.cpuMs);
    }
    const ms = (v: number[], p: number): string => `${quantile(v, p).toFixed(1)} ms`.padStart(11);
    wall.sort((a, b) => a - b);
    used.sort((a, b) => a - b);
    const size = m.itemFactors.byteLength + m.gram.byteLength;
    console.log(
      `${encoding.padEnd(10)} ${mb(size).padStart(28)}` +
        [ms(wall, 0.5), ms(wall, 0.95), ms(used, 0.5), ms(used, 0.95)].join(''),
    );
  }
}
console.log(`peak RSS (process.resourceUsage): ${mb(process.resourceUsage().maxRSS * 1024)}`);
