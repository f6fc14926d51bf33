/**
 * From a dataset folder to the snapshot the app ships, as `npm run build` (the Vite plugin) and `npm run snapshot`
 * both make it: load and validate the folder (streamed, with progress on a large one), choose the mode (dataset.json's
 * "mode", else by size), tune the ranking for the dataset in that mode (in model mode not with Spark's factors), in
 * model mode fit the models (or take Spark's item factors), and encode.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, SnapshotMode } from '../engine/dataset/dataset.ts';
import type { ModeChoice } from '../engine/model-mode/mode.ts';
import type { ModelModeWeights, ShippedModels } from '../engine/model-mode/shipped-models.ts';
import type { Tuning } from '../engine/tuning/tuning.ts';
import { streamDatasetFolder } from './dataset-folder.ts';
import { defaultTuningCacheDir, formatBuildTuning, tuneForBuild, tuneModelModeForBuild } from './dataset-tuning.ts';
import { fitModelMode, MODEL_FIT_SEED, modeOf, sparkItemFactorsOf, type SparkItemFactors } from './model-mode-build.ts';
import { fitIalsParallel } from './parallel-ials.ts';
import { buildSnapshotFile, type SnapshotFile } from './snapshot-file.ts';

export interface BuiltSnapshot {
  dataset: Dataset;
  mode: ModeChoice;
  tuning: Tuning | null;
  models: ShippedModels | null;
  file: SnapshotFile;
}

export interface BuildOptions {
  log: (line: string) => void;
  /** Where tuning results are cached (default: node_modules/.cache under the working directory). */
  root?: string;
  /** Spark's item factors, overriding dataset.json's "itemFactors" (npm run snapshot -- --item-factors). */
  spark?: SparkItemFactors | null;
}

/** Ratings files past this size report their loading progress. */
const LOUD_LOAD_BYTES = 64 << 20;

export async function buildDatasetSnapshot(dir: string, options: BuildOptions): Promise<BuiltSnapshot> {
  const { log } = options;
  const t0 = performance.now();
  const spark = options.spark ?? sparkItemFactorsOf(dir);
  const dataset = await streamDatasetFolder(dir, loadProgress(dir, log));
  const mode = modeOf(dataset);
  log(`${mode.mode} mode: ${mode.reason}`);
  let tuning: Tuning | null = null;
  let models: ShippedModels | null = null;
  if (mode.mode === 'model') {
    let weights: ModelModeWeights | undefined;
    if (spark) log("tuning: none with Spark's item factors (the tune would refit them here): the defaults");
    else {
      tuning = await tune(dataset, 'model', options.root, log);
      weights = { popularity: tuning.rank.weights.popularity, content: tuning.rank.weights.content };
    }
    models = await fitModelMode(dataset, { log, spark, weights });
  } else {
    if (spark) log(`item factors ${spark.path} left unused: they serve model mode only`);
    tuning = await tune(dataset, 'ratings', options.root, log);
  }
  const file = buildSnapshotFile(dataset, tuning, models);
  log(`snapshot of ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { dataset, mode, tuning, models, file };
}

/**
 * The tune for `mode` (from the cache when it holds this dataset), logged; in model mode it refits iALS as the build
 * fits the factors it ships (on every core).
 */
async function tune(
  dataset: Dataset,
  mode: SnapshotMode,
  root: string | undefined,
  log: (line: string) => void,
): Promise<Tuning> {
  const options = { cacheDir: defaultTuningCacheDir(root), log: (line: string) => log(`tuning: ${line}`) };
  const tuned =
    mode === 'model'
      ? await tuneModelModeForBuild(dataset, {
          ...options,
          fitAnchor: (train) => {
            options.log(`refitting implicit ALS on the ${train.items.length} ratings outside the holdout`);
            return fitIalsParallel(train, {}, { seed: MODEL_FIT_SEED });
          },
        })
      : tuneForBuild(dataset, options);
  log(formatBuildTuning(tuned, mode));
  return tuned.tuning;
}

function loadProgress(
  dir: string,
  log: (line: string) => void,
): ((p: { bytesRead: number; totalBytes: number }) => void) | undefined {
  const path = join(dir, 'ratings.csv');
  // A missing file is the loader's to report.
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size < LOUD_LOAD_BYTES) return undefined;
  let shown = 0;
  return ({ bytesRead, totalBytes }) => {
    const f = bytesRead / totalBytes;
    if (f - shown < 0.1 && f < 1) return;
    shown = f;
    log(`loading ${dir}: ${Math.round(100 * f)}% of ${(totalBytes / 2 ** 20).toFixed(0)} MB`);
  };
}
