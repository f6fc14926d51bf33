/**
 * npm run factors:check -- PATH [--rank K] [--min-coverage SHARE]
 *
 * Read the item factors Apache Spark's ALS wrote at PATH (a `model.itemFactors.write.parquet` directory, a saved
 * ALSModel or one .parquet file), check them against the catalogue of the dataset folder chosen by DATASET
 * (default data/ml-latest-small) and print what was found. Exits 1 with every problem (file, row, id) when the
 * factors cannot be used with this dataset, 2 on a bad command line.
 */
import { parseArgs } from 'node:util';
import { datasetDir, loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { readSparkItemFactors } from '../pipeline/spark-factors.ts';
import { DatasetError } from '../engine/dataset/parse.ts';
import {
  alignItemFactors,
  DEFAULT_MIN_COVERAGE,
  FactorsError,
  type AlignedItemFactors,
} from '../engine/model-mode/item-factors.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rank: { type: 'string' },
    'min-coverage': { type: 'string', default: String(DEFAULT_MIN_COVERAGE) },
  },
});

function fail(message: string): never {
  console.error(`factors:check: ${message}`);
  process.exit(2);
}

if (positionals.length !== 1) fail('give one path: npm run factors:check -- DIR');
const rank = args.rank === undefined ? undefined : Number(args.rank);
if (rank !== undefined && !(Number.isInteger(rank) && rank >= 1)) fail(`--rank must be a whole number ≥ 1`);
const minCoverage = Number(args['min-coverage']);
if (!(minCoverage >= 0 && minCoverage <= 1)) fail('--min-coverage must be a share between 0 and 1');

function meanNorm(f: AlignedItemFactors): number {
  let sum = 0;
  const rows = f.ids.length - f.missing.length;
  for (let i = 0; i < f.ids.length; i++) {
    let sq = 0;
    for (let k = 0; k < f.rank; k++) sq += f.factors[i * f.rank + k]! ** 2;
    sum += Math.sqrt(sq);
  }
  return rows ? sum / rows : 0;
}

async function main(): Promise<void> {
  const path = positionals[0]!;
  const dir = datasetDir();
  const dataset = loadDatasetFolder(dir);
  const read = await readSparkItemFactors(path, rank === undefined ? {} : { rank });
  const ratingCounts = new Uint32Array(dataset.itemIds.length);
  for (const item of dataset.ratingItems) ratingCounts[item]!++;
  const aligned = alignItemFactors(read.table, dataset.itemIds, {
    ratingCounts,
    userIds: dataset.userIds,
    minCoverage,
    source: path,
  });

  const rated = ratingCounts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  const modelRank = read.modelRank === undefined ? '' : ` (the saved model's metadata says rank ${read.modelRank})`;
  console.log(`item factors ${path}: ${read.layout}, ${read.files.length} Parquet file(s)`);
  console.log(`${read.table.ids.length} rows, rank ${read.table.rank}${modelRank}`);
  console.log(`dataset ${dir}: ${dataset.itemIds.length} items, ${rated} of them rated`);
  const unrated = aligned.missing.length - aligned.missingRated;
  console.log(
    `${aligned.ids.length - aligned.missing.length} items have factors; ${aligned.missing.length} have none ` +
      `(${unrated} unrated, ${aligned.missingRated} rated) and get zero vectors: content and popularity reach them`,
  );
  console.log(`mean vector norm of the items with factors: ${meanNorm(aligned).toFixed(4)}`);
  for (const note of read.notes) console.log(`note: ${note}`);
}

main().catch((e: unknown) => {
  if (e instanceof FactorsError || e instanceof DatasetError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
});
