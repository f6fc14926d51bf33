/**
 * Quick k-fold CV of the rating predictors on a dataset folder (DATASET, default the bundled MovieLens):
 *   npx tsx src/cli/cv-predictors.ts [--folds 5] [--models model,model,...]
 * Models: baseline, itemknn, mf, blend, and itemknn:<similarity> (pearson_baseline, pearson, adjusted_cosine,
 * cosine, jaccard) to compare similarity measures. Prints per-fold progress on stderr, then RMSE, MAE, fit CPU
 * time per fold, and mean foldIn / predict timings per model.
 */
import { crossValidatePredictors, defaultPredictors } from '../engine/eval/cross-validate.ts';
import { ITEM_SIMILARITIES, ItemKnnModel, type ItemSimilarity } from '../engine/models/itemknn.ts';
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { parseCli } from './cli-args.ts';

const all = defaultPredictors();
const known = [...Object.keys(all), ...ITEM_SIMILARITIES.map((s) => `itemknn:${s}`)];
const {
  values: { folds, models: only },
  dataset: dir,
} = parseCli({
  name: 'cv-predictors',
  command: 'npx tsx src/cli/cv-predictors.ts',
  about: 'Quick k-fold CV of the rating predictors on the DATASET folder: RMSE, MAE and timings per model.',
  dataset: true,
  flags: {
    folds: { type: 'number', value: 'N', integer: true, min: 2, default: 5, help: 'cross-validation folds' },
    models: {
      type: 'string',
      value: 'A,B',
      list: true,
      choices: known,
      default: Object.keys(all),
      help: 'the predictors; itemknn:<similarity> compares similarity measures',
    },
  },
});
const models = Object.fromEntries(only.map((name) => [name, factory(name)]));

function factory(name: string) {
  const [base, similarity] = name.split(':');
  if (base === 'itemknn' && similarity) return () => new ItemKnnModel({ similarity: similarity as ItemSimilarity });
  return all[name]!;
}

const dataset = loadDatasetFolder(dir);
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
console.log('model                     RMSE    MAE     fit CPU s/fold  foldIn ms/user  predict µs');
for (const [name, s] of Object.entries(scores)) {
  console.log(
    `${name.padEnd(24)}  ${s.rmse.toFixed(4)}  ${s.mae.toFixed(4)}  ${(s.fitMs / 1000).toFixed(3).padStart(14)}  ${s.foldInMs.toFixed(3).padStart(14)}  ${s.predictUs.toFixed(2).padStart(10)}`,
  );
}
