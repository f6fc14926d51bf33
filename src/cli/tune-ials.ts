/**
 * npx tsx src/cli/tune-ials.ts [--seeds 1,2,3] [--factors 32,64,128] … (flags: --help)
 *
 * Implicit ALS over a grid of settings on the dataset folder (DATASET, default the bundled MovieLens), scored as
 * `npm run eval` scores rankers: per-user 20% holdout, NDCG@10 and recall@10 of every user's fold-in. One line per
 * setting and factor encoding, with its fit time (the parallel driver) and the mean over the seeds; a quantised
 * encoding also shows how far its fold-ins stray from the float model's (mean relative error of the user vectors)
 * and the share of their top-10 lists they keep (every training user's fold-in, mean over seeds).
 */
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { fitIalsParallel } from '../pipeline/parallel-ials.ts';
import { evaluateRanking, perUserHoldout, type Split } from '../engine/eval/holdout.ts';
import { FACTOR_ENCODINGS } from '../engine/numeric/factor-matrix.ts';
import {
  checkIalsOptions,
  DEFAULT_IALS,
  IalsModel,
  type IalsConfidence,
  type IalsOptions,
} from '../engine/models/ials.ts';
import { profileOfUser, trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import type { LambdaScale } from '../engine/models/ials-kernels.ts';
import { topK } from '../engine/numeric/top-select.ts';
import { fail, parseCli } from './cli-args.ts';

const { values: args, dataset: dir } = parseCli({
  name: 'tune-ials',
  command: 'npx tsx src/cli/tune-ials.ts',
  about:
    'Implicit ALS over a grid of settings (every combination of the lists) on the DATASET folder, scored on a\n' +
    'per-user 20% holdout as `npm run eval` scores rankers: one line per setting and factor encoding.',
  dataset: true,
  flags: {
    seeds: {
      type: 'number',
      value: 'A,B',
      list: true,
      integer: true,
      default: [1],
      help: 'one holdout and fit per seed',
    },
    factors: { type: 'number', value: 'A,B', list: true, integer: true, min: 1, default: [32, 64, 128], help: 'k' },
    alpha: {
      type: 'number',
      value: 'A,B',
      list: true,
      min: 0,
      default: [DEFAULT_IALS.alpha],
      help: 'confidence slope α',
    },
    lambda: {
      type: 'number',
      value: 'A,B',
      list: true,
      min: 0,
      default: [DEFAULT_IALS.lambda],
      help: 'regularisation λ',
    },
    nu: {
      type: 'number',
      value: 'A,B',
      list: true,
      min: 0,
      default: [DEFAULT_IALS.nu],
      help: 'frequency scaling exponent ν',
    },
    'lambda-scale': {
      type: 'string',
      value: 'A,B',
      list: true,
      choices: ['weight', 'ratings'],
      default: [DEFAULT_IALS.lambdaScale],
      help: "what λ scales with when ν > 0: a row's total weight or its count of ratings",
    },
    epochs: { type: 'number', value: 'A,B', list: true, integer: true, min: 0, default: [10], help: 'epochs' },
    confidence: {
      type: 'string',
      value: 'A,B',
      list: true,
      default: [DEFAULT_IALS.confidence],
      help: 'how stars become confidences: binary, stars, liked, signed or above-mean',
    },
    'cg-steps': { type: 'number', value: 'A,B', list: true, integer: true, min: 1, default: [3], help: 'CG steps' },
    relevant: { type: 'number', value: 'X', default: 4, help: 'held-out ratings ≥ X are the items to find' },
    workers: { type: 'number', value: 'N', integer: true, min: 1, default: 2, help: 'threads of the fit' },
    encodings: {
      type: 'string',
      value: 'A,B',
      list: true,
      choices: FACTOR_ENCODINGS,
      default: ['float32'],
      help: 'factor encodings scored; float32 is always one',
    },
  },
});

const encodings = [...args.encodings];
if (encodings[0] !== 'float32') encodings.unshift('float32');
const seeds = args.seeds;
const grid: Partial<IalsOptions>[] = [];
for (const confidence of args.confidence as IalsConfidence[])
  for (const factors of args.factors)
    for (const epochs of args.epochs)
      for (const nu of args.nu)
        for (const lambdaScale of args['lambda-scale'] as LambdaScale[])
          for (const alpha of args.alpha)
            for (const lambda of args.lambda)
              for (const cgSteps of args['cg-steps'])
                grid.push({ confidence, factors, epochs, nu, lambdaScale, alpha, lambda, cgSteps });
try {
  // Every setting checked as the model checks it, before the first fit.
  for (const o of grid) checkIalsOptions({ ...DEFAULT_IALS, ...o });
} catch (e) {
  fail((e as Error).message);
}
const dataset = loadDatasetFolder(dir);
const splits = seeds.map((seed) => perUserHoldout(trainingSetFromDataset(dataset), 0.2, seed));

console.log(`${dataset.manifest.name}: per-user 20% holdout, relevant ≥ ${args.relevant}, seeds ${seeds.join(', ')}`);
const head = ['confidence', 'k', 'epochs', 'ν', 'λ scale', 'α', 'λ', 'cg', 'encoding']
  .map((h) => h.padStart(10))
  .join('');
console.log(
  head +
    seeds.map((s) => `ndcg@10 s${s}`.padStart(13)).join('') +
    '  mean ndcg  recall@10   fit s  fold-in err  top-10 shared',
);

/** How far an encoding's fold-ins and top-10 lists stray from the float model's, over every training user. */
function agreement(a: IalsModel, b: IalsModel, split: Split): { error: number; shared: number } {
  const n = split.train.itemCount;
  const [sa, sb] = [new Float32Array(n), new Float32Array(n)];
  const allowed = new Uint8Array(n);
  let error = 0;
  let shared = 0;
  for (let u = 0; u < split.train.userCount; u++) {
    const profile = profileOfUser(split.train, u);
    const [ua, ub] = [a.foldIn(profile), b.foldIn(profile)];
    let d = 0;
    let norm = 0;
    ua.vector.forEach((v, c) => {
      d += (v - ub.vector[c]!) ** 2;
      norm += v * v;
    });
    error += Math.sqrt(d / norm);
    a.score(profile, sa);
    b.score(profile, sb);
    allowed.fill(1);
    for (const i of profile.items) allowed[i] = 0;
    const top = new Set(topK(sa, 10, allowed));
    shared += topK(sb, 10, allowed).filter((i) => top.has(i)).length / 10;
  }
  return { error: error / split.train.userCount, shared: shared / split.train.userCount };
}

for (const o of grid) {
  const rows = encodings.map(() => ({ ndcg: [] as number[], recall: 0, error: 0, shared: 0 }));
  let fitMs = 0;
  for (let s = 0; s < seeds.length; s++) {
    const split = splits[s]!;
    const t0 = performance.now();
    const fitted = await fitIalsParallel(split.train, o, { seed: seeds[s]!, workers: args.workers });
    fitMs += performance.now() - t0;
    encodings.forEach((encoding, e) => {
      const model = new IalsModel({ ...o, encoding });
      model.adopt(fitted.itemFactors.toFloat32(), split.train.itemCount);
      const report = evaluateRanking(split, (p, out) => model.score(p, out), {
        relevant: args.relevant,
      });
      const row = rows[e]!;
      row.ndcg.push(report['ndcg@10']);
      row.recall += report['recall@10'] / seeds.length;
      if (encoding === 'float32') return;
      const { error, shared } = agreement(fitted, model, split);
      row.error += error / seeds.length;
      row.shared += shared / seeds.length;
    });
  }
  encodings.forEach((encoding, e) => {
    const row = rows[e]!;
    const mean = row.ndcg.reduce((a, b) => a + b, 0) / row.ndcg.length;
    const cells = [o.confidence!, o.factors, o.epochs, o.nu, o.lambdaScale!, o.alpha, o.lambda, o.cgSteps, encoding];
    const versusFloat =
      encoding === 'float32' ? '' : row.error.toExponential(1).padStart(13) + row.shared.toFixed(3).padStart(15);
    console.log(
      cells.map((v) => String(v).padStart(10)).join('') +
        row.ndcg.map((v) => v.toFixed(4).padStart(13)).join('') +
        mean.toFixed(4).padStart(11) +
        row.recall.toFixed(4).padStart(11) +
        (fitMs / seeds.length / 1000).toFixed(1).padStart(8) +
        versusFloat,
    );
  });
}
