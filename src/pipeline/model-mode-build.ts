/**
 * The build's side of model mode: which mode a dataset folder ships in, and the models it ships, fitted here in Node
 * (iALS on every core with parallel-ials.ts, MF in a thread of its own beside it, parallel-mf.ts) or, with Spark's item factors, read from Parquet and
 * only the rest fitted. Progress goes to the log as it happens; a fit of a large dataset takes minutes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../engine/dataset/dataset.ts';
import { IssueList } from '../engine/dataset/issues.ts';
import { alignItemFactors } from '../engine/model-mode/item-factors.ts';
import { IalsModel, DEFAULT_IALS, type IalsConfidence } from '../engine/models/ials.ts';
import { chooseSnapshotMode, type ModeChoice } from '../engine/model-mode/mode.ts';
import {
  DEFAULT_MODEL_WEIGHTS,
  shippedModels,
  type ModelModeWeights,
  type ShippedModels,
} from '../engine/model-mode/shipped-models.ts';
import { trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import { fitIalsParallel } from './parallel-ials.ts';
import { fitStarPredictorInWorker } from './parallel-mf.ts';
import { readSparkItemFactors } from './spark-factors.ts';
import { ratingTotals } from '../engine/dataset/rating-totals.ts';

/** Fixed, so the same dataset always ships the same models (and the same snapshot bytes). */
export const MODEL_FIT_SEED = 1;

/**
 * Item factors fitted by Spark MLlib's implicit ALS (data/README.md, "Factors from Apache Spark"), with the job's
 * settings the device's fold-in must reproduce.
 */
export interface SparkItemFactors {
  /** The Parquet file or folder (`itemFactors/`, or a saved ALSModel). */
  path: string;
  /** The job's `alpha`. */
  alpha: number;
  /** The job's `regParam`: λ_u = regParam × the user's count of positive ratings, as Spark scales it. */
  regParam: number;
  /** "stars": the rating column was the stars (c = 1 + α·r); "binary": a constant 1 (c = 1 + α). */
  confidence: 'stars' | 'binary';
}

const FILE = 'dataset.json';

/**
 * dataset.json's optional `"itemFactors": {"path", "alpha", "regParam", "confidence"?}`, its path relative to the
 * folder; null when absent. Throws a DatasetError naming the file and the field.
 */
export function sparkItemFactorsOf(dir: string): SparkItemFactors | null {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(join(dir, FILE), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return null; // the dataset's own validation reports a missing or broken manifest
  }
  const spec = json.itemFactors;
  if (spec === undefined) return null;
  const issues = new IssueList();
  const o = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    issues.add(FILE, 0, 'itemFactors', '"itemFactors" must be an object {"path", "alpha", "regParam"}');
  else {
    if (typeof o.path !== 'string' || o.path.trim() === '')
      issues.add(FILE, 0, 'itemFactors.path', 'must be the path of the Parquet item factors Spark wrote');
    for (const key of ['alpha', 'regParam'] as const)
      // JSON reads 1e999 as Infinity: the fold-in would then fail on every device, long after the build.
      if (typeof o[key] !== 'number' || !Number.isFinite(o[key]) || o[key] < 0)
        issues.add(FILE, 0, `itemFactors.${key}`, `must be the Spark job's ${key}, a finite number ≥ 0`);
    if (o.confidence !== undefined && o.confidence !== 'stars' && o.confidence !== 'binary')
      issues.add(FILE, 0, 'itemFactors.confidence', 'must be "stars" (the default) or "binary"');
  }
  issues.throwIfAny();
  return {
    path: resolve(dir, o.path as string),
    alpha: o.alpha as number,
    regParam: o.regParam as number,
    confidence: (o.confidence as 'stars' | 'binary' | undefined) ?? 'stars',
  };
}

/** The dataset's mode (dataset.json's "mode", else by size). */
export function modeOf(dataset: Dataset): ModeChoice {
  return chooseSnapshotMode(dataset.manifest, {
    users: dataset.userIds.length,
    items: dataset.itemIds.length,
    ratings: dataset.ratingItems.length,
  });
}

/** Logs a fraction in steps of a tenth, with elapsed seconds. */
function stepper(what: string, log: (line: string) => void): (fraction: number) => void {
  const t0 = performance.now();
  let shown = 0;
  return (f) => {
    if (f < 1 && f - shown < 0.1) return;
    shown = f;
    log(`${what}: ${Math.round(100 * f)}% (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
}

/** iALS from Spark's item factors: the options under which the device folds users in as Spark fitted them. */
async function sparkIals(dataset: Dataset, spark: SparkItemFactors, log: (line: string) => void): Promise<IalsModel> {
  const read = await readSparkItemFactors(spark.path);
  const { counts } = ratingTotals(dataset.ratingItems, dataset.ratingValues, dataset.itemIds.length);
  const aligned = alignItemFactors(read.table, dataset.itemIds, {
    ratingCounts: counts,
    userIds: dataset.userIds,
    source: spark.path,
  });
  for (const note of read.notes) log(`item factors: ${note}`);
  log(
    `item factors from Spark (${spark.path}): rank ${aligned.rank}, ${aligned.ids.length - aligned.missing.length} ` +
      `items with factors, ${aligned.missing.length} without (zero vectors); fold-in with α ${spark.alpha}, ` +
      `λ = ${spark.regParam} × positive ratings, ${spark.confidence} confidence`,
  );
  const confidence: IalsConfidence = spark.confidence;
  const ials = new IalsModel({
    factors: aligned.rank,
    alpha: spark.alpha,
    lambda: spark.regParam,
    nu: 1,
    lambdaScale: 'ratings',
    confidence,
  });
  ials.adopt(aligned.factors, dataset.itemIds.length);
  return ials;
}

/** Everything a model-mode snapshot ships, for `dataset` (which must have its ratings), with the blend's `weights`. */
export async function fitModelMode(
  dataset: Dataset,
  options: {
    log: (line: string) => void;
    spark?: SparkItemFactors | null;
    weights?: ModelModeWeights;
  },
): Promise<ShippedModels> {
  const { log } = options;
  const train = trainingSetFromDataset(dataset);
  const t0 = performance.now();
  // Spark's factors are read and checked first: a file that does not fit the catalogue fails before any fit starts.
  const fromSpark = options.spark ? await sparkIals(dataset, options.spark, log) : null;
  // MF's SGD is one chain of updates: its own thread beside the iALS fit keeps both cores busy until both end.
  log('fitting biased MF (the star predictor) in its own thread');
  const predictorFit = fitStarPredictorInWorker(train, MODEL_FIT_SEED, stepper('MF', log));
  // Settled here too: a failed iALS fit must not leave the MF worker's failure unhandled.
  predictorFit.catch(() => undefined);
  let ials: IalsModel;
  if (fromSpark) ials = fromSpark;
  else {
    const o = DEFAULT_IALS;
    log(
      `fitting implicit ALS: k ${o.factors}, ${o.epochs} epochs, on ${train.items.length} ratings of ` +
        `${train.userCount} users`,
    );
    ials = await fitIalsParallel(train, {}, { seed: MODEL_FIT_SEED, onProgress: stepper('iALS', log) });
  }
  const predictor = await predictorFit;
  log(`models fitted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return shippedModels(train, ials, predictor, options.weights ?? DEFAULT_MODEL_WEIGHTS);
}
