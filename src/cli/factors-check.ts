/**
 * npm run factors:check -- PATH (flags: --help)
 *
 * Read the item factors Apache Spark's ALS wrote at PATH (a `model.itemFactors.write.parquet` directory, a saved
 * ALSModel or one .parquet file), check them against the catalogue of the dataset folder chosen by DATASET
 * (default data/ml-latest-small) and print what was found. Exits 1 with every problem (file, row, id) when the
 * factors cannot be used with this dataset, 2 on a bad command line.
 */
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { readSparkItemFactors } from '../pipeline/spark-factors.ts';
import { DatasetError } from '../engine/dataset/parse.ts';
import {
  alignItemFactors,
  DEFAULT_MIN_COVERAGE,
  FactorsError,
  type AlignedItemFactors,
} from '../engine/model-mode/item-factors.ts';
import { parseCli } from './cli-args.ts';

const {
  values: { rank, 'min-coverage': minCoverage },
  positionals: { PATH: path },
  dataset: dir,
} = parseCli({
  name: 'factors:check',
  command: 'npm run factors:check --',
  about:
    "Reads the item factors Apache Spark's ALS wrote at PATH, checks them against the DATASET folder's catalogue\n" +
    'and prints what it found; exits 1 with every problem when they cannot be used with this dataset.',
  dataset: true,
  positionals: [
    {
      name: 'PATH',
      help: 'a model.itemFactors.write.parquet folder, a saved ALSModel or one .parquet file',
      path: 'exists',
    },
  ],
  flags: {
    rank: { type: 'number', value: 'K', integer: true, min: 1, help: 'the rank the factors must have' },
    'min-coverage': {
      type: 'number',
      value: 'SHARE',
      min: 0,
      max: 1,
      default: DEFAULT_MIN_COVERAGE,
      help: "share of the dataset's rated items that must have factors",
    },
  },
});

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
