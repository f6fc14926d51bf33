/**
 * npm run eval -- [--seed N] [--folds N] [--relevant X] [--models a,b] [--train FILE --test FILE] [--json]
 *
 * Accuracy of every model on a dataset folder (DATASET, default the bundled MovieLens):
 *  - rating error (RMSE, MAE): k-fold cross-validation, or every row of --test when given;
 *  - top-10 ranking (precision, recall, NDCG, hit rate, coverage): per-user holdout of 20% of each user's
 *    ratings (held-out ratings ≥ --relevant are the items to find; by default the scale's own "liked" point,
 *    likedThreshold: 4 on 0.5–5, 8 on 1–10), or the --test rows when given. "blend" is the list the app shows
 *    (rank blend, then the star-agreement re-rank) with the parameters the build would tune, tuned here on the
 *    training ratings only; "blend-default" is the same with the MovieLens defaults, "blend-raw" the defaults
 *    without the re-rank; "model-mode" is what a model-mode snapshot ships, tuned likewise (model mode's tune, up to
 *    its size limit), "model-mode-default" the same with model mode's defaults;
 *  - whether the top-10 agrees with its star labels: share predicted below the user's mean rating
 *    (below-mean@10) and Kendall's tau between list order and predicted stars (tau@10); the JSON has
 *    below-low@10 (under 3 stars), inverted@10 and inverted-half@10 too.
 * --train/--test take ratings.csv-layout files; the folder still supplies the catalogue (movies, tags).
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../engine/dataset/csv.ts';
import { genreJaccard, indexOfId, type Dataset } from '../engine/dataset/dataset.ts';
import { parseDataset } from '../engine/dataset/parse.ts';
import { crossValidate, scoreHoldOut } from '../engine/eval/cross-validate.ts';
import { perUserHoldout, type RankingReport, type Split } from '../engine/eval/holdout.ts';
import { evaluateSimilarItems, type SimilarItemsReport } from '../engine/eval/similar-items.ts';
import { evaluateNewUsers, NEW_USER_PROFILE, type NewUserReport } from '../engine/eval/new-user.ts';
import { evaluateWithStars, type AgreementReport } from '../engine/eval/star-agreement-eval.ts';
import { likedThreshold } from '../engine/eval/relevance.ts';
import { MODEL_DEFAULT_TUNING, tuneModelMode } from '../engine/model-mode/tune.ts';
import { tuneRanking } from '../engine/ratings-mode/tune.ts';
import { IalsModel } from '../engine/models/ials.ts';
import { DEFAULT_TUNING, type Tuning } from '../engine/tuning/tuning.ts';
import type { StarAgreementOptions } from '../engine/ranking/star-agreement.ts';
import type { Ranker, RatingPredictor, TrainingSet } from '../engine/model-contracts.ts';
import { trainingSetFromDataset, trainingSetFromTriples, type RatingTriples } from '../engine/dataset/training-set.ts';
import { datasetDir, readDatasetFiles } from '../pipeline/dataset-folder.ts';
import { formatTuning } from '../pipeline/dataset-tuning.ts';
import { fail, parseCli } from './cli-args.ts';
import { evaluatedModels } from './eval-models.ts';

const { values: args } = parseCli({
  name: 'eval',
  command: 'npm run eval --',
  about:
    'Accuracy of every model on the DATASET folder: k-fold CV of the rating error, and a per-user 20% holdout\n' +
    '(or --train/--test) for the top-10 ranking and how it agrees with its stars.',
  dataset: true,
  flags: {
    seed: {
      type: 'number',
      value: 'N',
      integer: true,
      default: 1,
      help: 'seed of the folds, the holdout and the fits',
    },
    folds: { type: 'number', value: 'N', integer: true, min: 2, default: 5, help: 'cross-validation folds' },
    relevant: {
      type: 'number',
      value: 'X',
      help: "held-out ratings ≥ X are the items to find; default: the scale's liked point, 4 on 0.5–5",
    },
    models: { type: 'string', value: 'A,B', help: 'the models to evaluate; default: every one' },
    train: { type: 'string', value: 'FILE', path: 'file', help: 'training ratings, ratings.csv layout (with --test)' },
    test: { type: 'string', value: 'FILE', path: 'file', help: 'test ratings, ratings.csv layout (with --train)' },
    json: { type: 'boolean', help: 'print one JSON object keyed by model; progress goes to stderr' },
  },
});

const { seed, folds } = args;
if ((args.train === undefined) !== (args.test === undefined)) fail('--train and --test go together');

const log = (line: string): void => void (args.json ? console.error(line) : console.log(line));

interface Row
  extends Partial<RankingReport>, Partial<AgreementReport>, Partial<SimilarItemsReport>, Partial<NewUserReport> {
  rmse?: number;
  mae?: number;
  fitMs: number;
}

/** Test rows of a ratings.csv-layout file, mapped onto the training dataset's indices. Test-only users get fresh indices. */
function readTestFile(path: string, dataset: Dataset): { test: RatingTriples; userCount: number } {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const col = (name: string): number => {
    const c = table.header.indexOf(name);
    if (c < 0) fail(`${path}: header has no "${name}" column (expected userId,movieId,rating[,timestamp])`);
    return c;
  };
  const [cu, ci, cr] = [col('userId'), col('movieId'), col('rating')];
  const extraUsers = new Map<number, number>();
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (const row of table.rows) {
    const userId = Number(row.fields[cu]);
    const itemId = Number(row.fields[ci]);
    const rating = Number(row.fields[cr]);
    if (!Number.isInteger(userId) || !Number.isInteger(itemId) || !Number.isFinite(rating))
      fail(`${path}:${row.line}: expected integer userId and movieId and a numeric rating`);
    const item = indexOfId(dataset.itemIds, itemId);
    if (item < 0) fail(`${path}:${row.line}: movieId ${itemId} is not in the catalogue (movies.csv)`);
    let user = indexOfId(dataset.userIds, userId);
    if (user < 0) {
      if (!extraUsers.has(userId)) extraUsers.set(userId, dataset.userIds.length + extraUsers.size);
      user = extraUsers.get(userId)!;
    }
    users.push(user);
    items.push(item);
    values.push(rating);
  }
  return {
    test: { users: Int32Array.from(users), items: Int32Array.from(items), values: Float32Array.from(values) },
    userCount: dataset.userIds.length + extraUsers.size,
  };
}

/** The training set with empty rows appended for users who only appear in the test file. */
function padUsers(train: TrainingSet, userCount: number): TrainingSet {
  const userOffsets = new Uint32Array(userCount + 1);
  userOffsets.set(train.userOffsets);
  userOffsets.fill(train.items.length, train.userCount + 1);
  return { ...train, userCount, userOffsets };
}

/** Test triples grouped by user (scoreHoldOut predicts user by user). */
function groupByUser(userCount: number, itemCount: number, test: RatingTriples): RatingTriples {
  const t = trainingSetFromTriples(userCount, itemCount, test);
  const users = new Int32Array(t.items.length);
  for (let u = 0; u < userCount; u++) users.fill(u, t.userOffsets[u]!, t.userOffsets[u + 1]!);
  return { users, items: t.items, values: t.values };
}

/** Ranking metrics of the list as the app shows it (ranker order, star re-rank for the default) and its stars. */
function rank(
  ranker: Ranker,
  rater: RatingPredictor,
  split: Split,
  agreement?: StarAgreementOptions,
): RankingReport & AgreementReport {
  return evaluateWithStars(split, ranker, rater, { relevant, agreement: agreement ?? null, alike });
}

const dir = datasetDir();
const files = readDatasetFiles(dir);
if (args.train) files['ratings.csv'] = readFileSync(args.train);
const dataset = parseDataset(files);
const relevant = args.relevant === undefined ? likedThreshold(dataset.manifest.ratingScale) : Number(args.relevant);
/** Genre overlap: what a person scanning a list sees as sameness (the diversity figure). */
const alike = genreJaccard(dataset);
const catalogueRows = evaluatedModels(dataset, seed, DEFAULT_TUNING);
const known = Object.keys(catalogueRows);
const names = args.models ? args.models.split(',') : known;
for (const n of names) if (!known.includes(n)) fail(`unknown model "${n}"; known: ${known.join(', ')}`);
const relevantNote =
  args.relevant === undefined ? `relevant ≥ ${relevant} (the scale's default)` : `relevant ≥ ${relevant}`;

/** What "blend" ships with: tuned as the build tunes, on the training ratings alone (never the test ratings). */
function tunedOn(train: TrainingSet): Tuning {
  if (!names.some((n) => catalogueRows[n]!.tunedBy === 'ratings')) return DEFAULT_TUNING;
  const t0 = performance.now();
  const report = tuneRanking(dataset, train, { seed });
  log(formatTuning(report, `tuned on the training ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s`));
  return report.tuning;
}

/** What "model-mode" ships with: model mode's tune as the build runs it, on the training ratings alone. */
async function modelTunedOn(train: TrainingSet): Promise<Tuning> {
  if (!names.some((n) => catalogueRows[n]!.tunedBy === 'model')) return MODEL_DEFAULT_TUNING;
  const t0 = performance.now();
  const report = await tuneModelMode(dataset, train, {
    seed,
    // The build refits on every core; the same fit in this thread.
    fitAnchor: (t) => {
      const ials = new IalsModel();
      ials.fit(t, { seed });
      return Promise.resolve(ials);
    },
  });
  const how = `model mode, tuned on the training ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  log(formatTuning(report, how, 'model'));
  return report.tuning;
}

const rows: Record<string, Row> = {};
let heading: string;
if (args.test) {
  const { test, userCount } = readTestFile(args.test, dataset);
  const train = padUsers(trainingSetFromDataset(dataset), userCount);
  const split: Split = { train, test: groupByUser(userCount, train.itemCount, test) };
  heading = `${dataset.manifest.name}: train ${args.train} (${train.items.length} ratings), test ${args.test} (${test.users.length} rows), ${relevantNote}`;
  const all = evaluatedModels(dataset, seed, tunedOn(train), await modelTunedOn(train));
  for (const name of names) {
    const { fit, agreement } = all[name]!;
    const { rank: ranker, stars, fitMs } = fit(train);
    const errors = scoreHoldOut(stars, train, split.test);
    rows[name] = { rmse: errors.rmse, mae: errors.mae, ...rank(ranker, stars, split, agreement), fitMs };
    log(`${name}: done`);
  }
} else {
  heading = `${dataset.manifest.name} (${dir}): ${folds}-fold CV for ratings, per-user 20% holdout for ranking, ${relevantNote}, seed ${seed}`;
  const split = perUserHoldout(trainingSetFromDataset(dataset), 0.2, seed);
  const all = evaluatedModels(dataset, seed, tunedOn(split.train), await modelTunedOn(split.train));
  // Each row's stars as the app has them: the engines refitted on every fold's training part.
  // Seeded as crossValidatePredictors seeds a model: the eval's seed plus the fold's index.
  const starsOf = (train: TrainingSet, fold: number) =>
    Object.fromEntries(names.map((n) => [n, all[n]!.fit(train, seed + fold).stars]));
  const cv = crossValidate(dataset, starsOf, {
    folds,
    seed,
    onFold: (name, fold, s) => log(`fold ${fold} ${name}: RMSE ${s.rmse.toFixed(4)}`),
  });
  for (const name of names) {
    const { fit, agreement } = all[name]!;
    const { rank: ranker, stars: labels, fitMs, similar } = fit(split.train);
    const score = cv[name]!;
    rows[name] = {
      rmse: score.rmse,
      mae: score.mae,
      ...rank(ranker, labels, split, agreement),
      ...evaluateNewUsers(split, (p, out) => ranker.score(p, out), { relevant }),
      ...(similar ? evaluateSimilarItems(dataset, split, similar, { relevant }) : {}),
      fitMs,
    };
    log(`${name}: NDCG@10 ${rows[name]['ndcg@10']!.toFixed(4)}`);
  }
}

if (args.json) {
  console.log(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(5)) : v), 2));
} else {
  console.log(`\n${heading}`);
  const cols = [
    'rmse',
    'mae',
    'precision@10',
    'recall@10',
    'ndcg@10',
    'hitrate@10',
    'coverage@10',
    'novelty@10',
    'diversity@10',
    'below-mean@10',
    'tau@10',
    'fitMs',
  ] as const;
  const width = Math.max(12, ...Object.keys(rows).map((name) => name.length + 1));
  console.log('model'.padEnd(width) + cols.map((c) => c.padStart(14)).join(''));
  for (const [name, row] of Object.entries(rows)) {
    const cells = cols.map((c) => {
      const v = row[c];
      return (v === undefined ? '-' : c === 'fitMs' || c === 'novelty@10' ? v.toFixed(0) : v.toFixed(4)).padStart(14);
    });
    console.log(name.padEnd(width) + cells.join(''));
  }
  // A new user's list (evaluateNewUsers): the ranker's order from a few well-known liked films.
  const newUserCols = ['new-user-ndcg@10', 'new-user-head@10', 'new-user-coverage@10'] as const;
  const withNewUsers = Object.entries(rows).filter(([, row]) => row['new-user-ndcg@10'] !== undefined);
  if (withNewUsers.length > 0) {
    const users = withNewUsers[0]![1]['new-users'];
    console.log(`\nfrom ${NEW_USER_PROFILE} well-known liked films (${users} users; head = the 100 most rated)`);
    console.log(' '.repeat(width) + newUserCols.map((c) => c.padStart(22)).join(''));
    for (const [name, row] of withNewUsers)
      console.log(name.padEnd(width) + newUserCols.map((c) => row[c]!.toFixed(4).padStart(22)).join(''));
  }
  // Each engine's "similar items" (evaluateSimilarItems): on its default row, shared by every row of the engine.
  const similarCols = [
    'similar-hit@10',
    'similar-head-popular@10',
    'similar-head-genre@10',
    'similar-mid-genre@10',
  ] as const;
  const engines = Object.entries(rows).filter(([, row]) => row['similar-hit@10'] !== undefined);
  if (engines.length > 0) {
    console.log(
      `\nsimilar items${' '.repeat(Math.max(0, width - 13))}${similarCols.map((c) => c.padStart(26)).join('')}`,
    );
    for (const [name, row] of engines)
      console.log(name.padEnd(width) + similarCols.map((c) => row[c]!.toFixed(4).padStart(26)).join(''));
  }
}
