/**
 * Quick k-fold CV of the rating predictors on a dataset folder:
 *   npx tsx src/cli/cv-predictors.ts [folds=5] [model,model,...]
 * Prints per-fold progress, then RMSE, MAE, fit time per fold, foldIn and predict timings per model.
 */
import { crossValidatePredictors, defaultPredictors } from '../engine/eval/cross-validate.ts';
import { loadDatasetFolder } from './dataset-folder.ts';

const folds = Number(process.argv[2] ?? 5);
const only = process.argv[3]?.split(',');
const all = defaultPredictors();
const models = only ? Object.fromEntries(only.map((n) => [n, all[n] ?? unknown(n)])) : all;

function unknown(name: string): never {
  throw new Error(`unknown predictor "${name}"; known: ${Object.keys(all).join(', ')}`);
}

const dataset = loadDatasetFolder();
const scores = crossValidatePredictors(dataset, {
  folds,
  seed: 1,
  models,
  // CPU time of this process: wall time swings with whatever else runs on the machine's two cores.
  clock: () => process.cpuUsage().user / 1000,
  onFold: (name, fold, s) =>
    console.error(
      `fold ${fold} ${name}: RMSE ${s.rmse.toFixed(4)} MAE ${s.mae.toFixed(4)} fit ${s.fitMs.toFixed(0)} ms`,
    ),
});
console.log(`${folds}-fold CV, ${dataset.manifest.name}`);
console.log('model        RMSE    MAE     fit CPU s/fold  foldIn ms/user  predict µs');
for (const [name, s] of Object.entries(scores)) {
  console.log(
    `${name.padEnd(12)} ${s.rmse.toFixed(4)}  ${s.mae.toFixed(4)}  ${(s.fitMs / 1000).toFixed(3).padStart(10)}  ${s.foldInMs.toFixed(3).padStart(14)}  ${s.predictUs.toFixed(2).padStart(10)}`,
  );
}
