/**
 * npx tsx src/cli/tune-ials.ts [--seeds 1,2,3] [--factors 32,64,128] [--alpha 1,3] [--lambda 10,30] [--nu 0]
 *   [--epochs 10] [--confidence liked] [--cg-steps 3] [--workers 2] [--encodings float32,float16,int8]
 *
 * Implicit ALS over a grid of settings on the dataset folder (DATASET, default the bundled MovieLens), scored as
 * `npm run eval` scores rankers: per-user 20% holdout, NDCG@10 and recall@10 of every user's fold-in. One line per
 * setting and factor encoding, with its fit time (the parallel driver) and the mean over the seeds; a quantised
 * encoding also shows how far its fold-ins stray from the float model's (mean relative error of the user vectors)
 * and the share of their top-10 lists they keep (every training user's fold-in, mean over seeds).
 */
import { parseArgs } from 'node:util';
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { fitIalsParallel } from '../pipeline/parallel-ials.ts';
import { evaluateRanking, perUserHoldout, type Split } from '../engine/eval/holdout.ts';
import { FACTOR_ENCODINGS, type FactorEncoding } from '../engine/numeric/factor-matrix.ts';
import { IalsModel, type IalsConfidence, type IalsOptions } from '../engine/models/ials.ts';
import { profileOfUser, trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import { topK } from '../engine/numeric/top-select.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1' },
    factors: { type: 'string', default: '32,64,128' },
    alpha: { type: 'string', default: '3' },
    lambda: { type: 'string', default: '30' },
    nu: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '10' },
    confidence: { type: 'string', default: 'liked' },
    'cg-steps': { type: 'string', default: '3' },
    relevant: { type: 'string', default: '4' },
    workers: { type: 'string', default: '2' },
    encodings: { type: 'string', default: 'float32' },
  },
});

const list = (v: string): number[] => v.split(',').map(Number);
const encodings = args.encodings.split(',') as FactorEncoding[];
for (const e of encodings) if (!FACTOR_ENCODINGS.includes(e)) throw new Error(`unknown encoding "${e}"`);
if (encodings[0] !== 'float32') encodings.unshift('float32');
const seeds = list(args.seeds);
const dataset = loadDatasetFolder();
const splits = seeds.map((seed) => perUserHoldout(trainingSetFromDataset(dataset), 0.2, seed));
const grid: Partial<IalsOptions>[] = [];
for (const confidence of args.confidence.split(',') as IalsConfidence[])
  for (const factors of list(args.factors))
    for (const epochs of list(args.epochs))
      for (const nu of list(args.nu))
        for (const alpha of list(args.alpha))
          for (const lambda of list(args.lambda))
            for (const cgSteps of list(args['cg-steps']))
              grid.push({ confidence, factors, epochs, nu, alpha, lambda, cgSteps });

console.log(`${dataset.manifest.name}: per-user 20% holdout, relevant ≥ ${args.relevant}, seeds ${seeds.join(', ')}`);
const head = ['confidence', 'k', 'epochs', 'ν', 'α', 'λ', 'cg', 'encoding'].map((h) => h.padStart(10)).join('');
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
    const fitted = await fitIalsParallel(split.train, o, { seed: seeds[s]!, workers: Number(args.workers) });
    fitMs += performance.now() - t0;
    encodings.forEach((encoding, e) => {
      const model = new IalsModel({ ...o, encoding });
      model.adopt(fitted.itemFactors.toFloat32(), split.train.itemCount);
      const report = evaluateRanking(split, (p, out) => model.score(p, out), {
        relevant: Number(args.relevant),
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
    const cells = [o.confidence!, o.factors, o.epochs, o.nu, o.alpha, o.lambda, o.cgSteps, encoding];
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
