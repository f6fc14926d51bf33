/**
 * What both modes' tunes share: per-user holdouts of the ratings they are given (the whole dataset in the build; only
 * the training part in eval), settings chosen by NDCG@10, and the guard that ships a setting only when it clearly
 * beats the default.
 *
 * Every fold holds out 20% of each user's ratings and fits the components once on the rest; every evaluated user's
 * candidates are scored once, and the searches then only re-weigh those scores. Users are split for good into a
 * search half and a check half. A setting is searched for on the search half and shipped only when, on the check half
 * (users the search never saw), it beats the default clearly: by MIN_RELATIVE_GAIN on average and by MIN_Z standard
 * errors of the per-user differences. A small holdout therefore keeps the defaults, as does a dataset where nothing
 * is better; a dataset too small to tell settings apart is not tuned at all.
 *
 * The steps each tuner takes from here (ratings-mode/tune.ts, model-mode/tune.ts):
 *  - the blend weights after the anchor: a coordinate search over WEIGHT_GRID from the default weights, on the union
 *    of each component's top POOL candidates (the blend's top 10 lies within it), over every fold;
 *  - the star-agreement weight from STAR_GRID, on the first fold, with the stars the app shows counted alike. The
 *    re-rank trades NDCG for lists that agree with their stars, so the candidate is the largest weight within
 *    STAR_TOLERANCE of the best, never above the default: the tuner only lowers it where the trade costs clearly more
 *    than it does on MovieLens.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { perUserHoldout, relevantItemsByUser, trainedItems, type Split } from '../eval/holdout.ts';
import { ratingTotals } from '../dataset/rating-totals.ts';
import { likedThreshold } from '../eval/relevance.ts';
import { ndcgAtK } from '../eval/ranking-metrics.ts';
import type { Profile, Ranker, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { PopularityPenalty } from '../models/popularity-debiased.ts';
import { scaleByBest } from '../models/rank-blend.ts';
import { ratingRangeOf, type RatingRange } from '../models/rating-range.ts';
import { mulberry32 } from '../numeric/random.ts';
import { topK } from '../numeric/top-select.ts';
import { agreeWithStars, orderShownList, profileMean, STAR_AGREEMENT } from '../ranking/star-agreement.ts';
import { DEFAULT_LIMIT } from '../ranking/rerank.ts';
import { profileOfUser } from '../dataset/training-set.ts';
import { DEFAULT_TUNING, type Tuning } from './tuning.ts';

/** Fewer check users than this cannot tell settings apart: keep the defaults without searching. */
const MIN_CHECK_USERS = 100;
/**
 * Users evaluated per fold (an even spread over the rest). Scoring a user costs far less than a refit, and a step
 * whose effect is a few percent needs a thousand or more check users to clear MIN_Z.
 */
const MAX_USERS = 5000;
/** A setting must beat the default on the check users by this share of its NDCG@10 … */
const MIN_RELATIVE_GAIN = 0.01;
/** … and by this many standard errors of the mean per-user difference. */
const MIN_Z = 2;
const HOLDOUT = 0.2;
const K = 10;
/** Candidates per component per user: the blend's top 10 lies within every component's top 150 in practice. */
const POOL = 150;
const WEIGHT_GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5];
const SWEEPS = 2;
const STAR_GRID = [0, 1, 2, 3, 5, 7];
/** Star weights whose NDCG@10 stays within this share of the best one's are as good. */
const STAR_TOLERANCE = 0.01;
/** The popularity penalty's β (models/popularity-debiased.ts) is tried at each of these … */
const PENALTY_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
/** … and the largest within this share of the best one's NDCG@10 ships. */
const PENALTY_TOLERANCE = 0.01;
/** The tuned list must rank at this share of the best single component (or of itself without the star step) … */
const GUARD_SHARE = 0.98;
/** … or that one ships, a single component as the blend with it this far above the anchor's weight of 1. */
const GUARD_SOLO = 100;

export interface TuneOptions {
  seed: number;
  /** Folds (per-user holdouts); by default 2 up to an EASE side of TWO_FOLDS_UP_TO_SIDE, else 1. */
  folds?: number;
  /** One line per step, as it is decided (the build prints them). */
  log?: (line: string) => void;
}

export interface TuningReport {
  tuning: Tuning;
  /** Whether any part differs from the defaults. */
  tuned: boolean;
  /** What each step decided and why, one line each. */
  notes: string[];
}

/** The two halves of a fold's evaluated users: local indices into Fold.users. */
export type Side = 'search' | 'check';

/** One per-user holdout with its evaluated users and the components fitted on its training part. */
export interface Fold {
  split: Split;
  users: number[];
  profiles: Profile[];
  relevant: Set<number>[];
  search: Int32Array;
  check: Int32Array;
  /** Items a list may hold: rated in the fold's training part (minus each user's own). */
  inTrain: Uint8Array;
  components: Ranker[];
}

/** Notes kept (and logged as they are decided) for the report; `done` says whether the record differs from `defaults`. */
export function reporter(defaults: Tuning, log?: (line: string) => void) {
  const notes: string[] = [];
  return {
    note: (line: string): void => {
      notes.push(line);
      log?.(line);
    },
    done: (tuning: Tuning): TuningReport => ({
      tuning,
      tuned: JSON.stringify(tuning) !== JSON.stringify(defaults),
      notes,
    }),
  };
}

/**
 * The folds of a per-user holdout of `train`, their users split into search and check halves; null (with a note) when
 * too few check users could tell settings apart.
 */
export function prepareFolds(
  dataset: Dataset,
  train: TrainingSet,
  foldCount: number,
  seed: number,
  note: (line: string) => void,
): Omit<Fold, 'components'>[] | null {
  const threshold = likedThreshold(dataset.manifest.ratingScale);
  const onSearchSide = searchSide(train.userCount, seed);
  const prepared = Array.from({ length: foldCount }, (_, f) =>
    prepareFold(train, threshold, onSearchSide, seed + 7919 * (f + 1)),
  );
  const checkCount = prepared.reduce((sum, fold) => sum + fold.check.length, 0);
  if (checkCount < MIN_CHECK_USERS) {
    note(
      `too few users with a liked (≥ ${threshold}) held-out rating to tell settings apart ` +
        `(${checkCount} check users, need ${MIN_CHECK_USERS}): defaults`,
    );
    return null;
  }
  const searchCount = prepared.reduce((sum, fold) => sum + fold.search.length, 0);
  note(
    `${foldCount} fold(s) of a per-user ${HOLDOUT * 100}% holdout, relevant ≥ ${threshold}: ` +
      `${searchCount} search and ${checkCount} check users over the folds`,
  );
  return prepared;
}

/**
 * The blend weights after the anchor: a coordinate search over WEIGHT_GRID from the defaults on the search users of
 * every fold, kept only when the check users confirm it clearly.
 */
export function searchWeights(
  pools: Pools[],
  names: string[],
  defaultWeights: Float64Array,
  beta: number,
  note: (line: string) => void,
  /** Parts whose weight stays at its default. */
  fixed: readonly string[] = [],
): Float64Array {
  const blendNdcg = (weights: Float64Array, side: Side): Float64Array =>
    concat(pools.map((p) => poolNdcg(p, side, { weights, beta })));
  const w = Float64Array.from(defaultWeights);
  let best = mean(blendNdcg(w, 'search'));
  for (let sweep = 0; sweep < SWEEPS; sweep++)
    for (let c = 1; c < w.length; c++)
      for (const candidate of fixed.includes(names[c]!) ? [] : WEIGHT_GRID) {
        const current = w[c]!;
        if (candidate === current) continue;
        w[c] = candidate;
        const value = mean(blendNdcg(w, 'search'));
        // Ties keep the current value, so the defaults stand unless something is strictly better.
        if (value > best + 1e-9) best = value;
        else w[c] = current;
      }
  if (w.every((x, c) => x === defaultWeights[c])) {
    note('blend weights: none ranks better than the defaults');
    return defaultWeights;
  }
  const v = verdict(blendNdcg(w, 'check'), blendNdcg(defaultWeights, 'check'));
  note(`blend weights ${formatWeights(names, w)} against ${formatWeights(names, defaultWeights)}: ${describe(v)}`);
  return v.clear ? w : defaultWeights;
}

/**
 * The popularity penalty's β from PENALTY_GRID, with the chosen weights, over every fold. The penalty buys reach
 * (coverage, novelty), which NDCG does not see, so as with the star weight the candidate is the largest β within
 * PENALTY_TOLERANCE of the best one's NDCG@10, never above the default; it ships when the check users confirm it
 * clearly beats the default. Where popularity is what people pick, that is a small β or none.
 */
export function searchPenalty(
  pools: Pools[],
  weights: Float64Array,
  defaultBeta: number,
  note: (line: string) => void,
): number {
  const ndcg = (beta: number, side: Side): Float64Array =>
    concat(pools.map((p) => poolNdcg(p, side, { weights, beta })));
  const candidate = largestWithin(PENALTY_GRID, (beta) => mean(ndcg(beta, 'search')), defaultBeta, PENALTY_TOLERANCE);
  if (candidate === defaultBeta) {
    note(`popularity penalty: β ${defaultBeta} costs less than ${100 * PENALTY_TOLERANCE}% against the best`);
    return defaultBeta;
  }
  const v = verdict(ndcg(candidate, 'check'), ndcg(defaultBeta, 'check'));
  note(`popularity penalty β ${candidate} against ${defaultBeta}: ${describe(v)}`);
  return v.clear ? candidate : defaultBeta;
}

/**
 * For a step that trades NDCG for something NDCG does not see (the star re-rank's agreement, the penalty's reach): the
 * largest grid value up to the default whose NDCG@10 on the search users stays within `tolerance` of the grid's best;
 * the default itself when none below it qualifies.
 */
function largestWithin(grid: number[], ndcg: (value: number) => number, fallback: number, tolerance: number): number {
  const means = grid.map(ndcg);
  const top = Math.max(...means);
  const within = grid.filter((value, k) => value <= fallback && means[k]! >= top * (1 - tolerance));
  return within.length > 0 ? Math.max(...within) : fallback;
}

/** The star-agreement weight chosen, and the lists it was chosen on (for guardShippedList). */
export interface StarChoice {
  weight: number;
  lists: StarLists;
}

/**
 * The star-agreement weight on one fold's lists from the chosen blend, labelled by each of `raters` (unfitted; fitted
 * here on the fold's training part).
 */
export function searchStarWeight(
  fold: Fold,
  pools: Pools,
  setting: BlendSetting,
  raters: RatingPredictor[],
  seed: number,
  note: (line: string) => void,
): StarChoice {
  const stars = starLists(fold, pools, setting, raters, seed);
  const chosen = (weight: number): StarChoice => ({ weight, lists: stars });
  const defaultStars = DEFAULT_TUNING.stars.weight;
  const band = DEFAULT_TUNING.stars.band;
  const candidate = largestWithin(
    STAR_GRID,
    (w) => mean(starNdcg(stars, 'search', w, band)),
    defaultStars,
    STAR_TOLERANCE,
  );
  if (candidate === defaultStars) {
    note(`star-agreement weight: ${defaultStars} costs less than ${100 * STAR_TOLERANCE}% against the best`);
    return chosen(defaultStars);
  }
  const v = verdict(starNdcg(stars, 'check', candidate, band), starNdcg(stars, 'check', defaultStars, band));
  note(`star-agreement weight ${candidate} against ${defaultStars}: ${describe(v)}`);
  return chosen(v.clear ? candidate : defaultStars);
}

/** What a tune ships: the blend's setting, the star-agreement weight and the shown list's star band. */
export interface ShippedList extends BlendSetting {
  starWeight: number;
  /** 1: off. */
  band: number;
}

/**
 * The last word on what ships: the tuned list against each single component alone and against itself without the
 * star steps (the re-rank and the shown list's band; the single components with no penalty and neither step either),
 * on the star choice's fold. Each step above only
 * moves from a default when it clearly wins, so on a dataset unlike MovieLens the defaults it keeps can leave the list
 * below one of its own parts. When the tuned list falls under GUARD_SHARE of the best alternative on the search users
 * and that alternative clearly beats it on the check users (as any step must), the alternative ships: a single
 * component is shipped as the blend with that component far above the anchor (weight GUARD_SOLO against the
 * anchor's 1).
 */
export function guardShippedList(
  names: string[],
  tuned: ShippedList,
  stars: StarChoice,
  note: (line: string) => void,
): ShippedList {
  const { pools } = stars.lists;
  const alternatives: { name: string; list: ShippedList }[] = [
    { name: 'the list without the star steps', list: { ...tuned, starWeight: 0, band: 1 } },
    ...names.map((name, c) => ({
      name: `${name} alone`,
      list: {
        weights: Float64Array.from(names, (_, d) => (d === c ? (c === 0 ? 1 : GUARD_SOLO) : d === 0 ? 1 : 0)),
        beta: 0,
        starWeight: 0,
        band: 1,
      },
    })),
  ];
  const ndcg = (list: ShippedList, side: Side): Float64Array =>
    list.starWeight === 0 && list.band >= 1
      ? poolNdcg(pools, side, list)
      : starNdcg(stars.lists, side, list.starWeight, list.band);
  const shippedMean = mean(ndcg(tuned, 'search'));
  const means = alternatives.map((a) => mean(ndcg(a.list, 'search')));
  const b = means.indexOf(Math.max(...means));
  const best = alternatives[b]!;
  const share = means[b]! > 0 ? shippedMean / means[b]! : 1;
  if (share >= GUARD_SHARE) {
    note(`the tuned list ranks at ${(100 * share).toFixed(1)}% of the best alternative (${best.name}): shipped`);
    return tuned;
  }
  const v = verdict(ndcg(best.list, 'check'), ndcg(tuned, 'check'));
  note(
    `the tuned list ranks at ${(100 * share).toFixed(1)}% of ${best.name} on the search users; ${best.name} ${describe(v)}`,
  );
  return v.clear ? best.list : tuned;
}

/** A fixed, seeded half of the users on the search side (1), the rest on the check side (0). */
function searchSide(userCount: number, seed: number): Uint8Array {
  const rng = mulberry32(seed ^ 0x7e57);
  return Uint8Array.from({ length: userCount }, () => (rng() < 0.5 ? 1 : 0));
}

function prepareFold(
  train: TrainingSet,
  threshold: number,
  onSearchSide: Uint8Array,
  seed: number,
): Omit<Fold, 'components'> {
  const split = perUserHoldout(train, HOLDOUT, seed);
  const byUser = relevantItemsByUser(split.test, threshold);
  let users = [...byUser.keys()].sort((a, b) => a - b);
  if (users.length > MAX_USERS) {
    const step = users.length / MAX_USERS;
    users = Array.from({ length: MAX_USERS }, (_, t) => users[Math.floor(t * step)]!);
  }
  const { inTrain } = trainedItems(split.train);
  const local = users.map((_, t) => t);
  return {
    split,
    users,
    profiles: users.map((u) => profileOfUser(split.train, u)),
    relevant: users.map((u) => byUser.get(u)!),
    search: Int32Array.from(local.filter((t) => onSearchSide[users[t]!])),
    check: Int32Array.from(local.filter((t) => !onSearchSide[users[t]!])),
    inTrain,
  };
}

/** The mask of what user t's list may hold: rated in training, not in the profile. */
function allowedFor(fold: Fold, t: number, out: Uint8Array): Uint8Array {
  out.set(fold.inTrain);
  const items = fold.profiles[t]!.items;
  for (let k = 0; k < items.length; k++) out[items[k]!] = 0;
  return out;
}

/** NDCG@10 of one side's users when `model` ranks the whole catalogue. */
export function fullNdcg(fold: Fold, side: Side, model: Ranker): Float64Array {
  const n = fold.inTrain.length;
  const scores = new Float32Array(n);
  const allowed = new Uint8Array(n);
  return Float64Array.from(fold[side], (t) => {
    model.score(fold.profiles[t]!, scores);
    return ndcgAtK(topK(scores, K, allowedFor(fold, t, allowed)), fold.relevant[t]!, K);
  });
}

/** Per evaluated user: the union of each component's top POOL candidates and their scaled scores (component-major). */
export interface Pools {
  fold: Fold;
  items: Int32Array[];
  scores: Float32Array[];
  /** The popularity penalty of the fold's training counts. */
  penalty: PopularityPenalty;
}

/** A blend's weights and its popularity penalty's β: what the searches below choose between. */
export interface BlendSetting {
  weights: Float64Array;
  beta: number;
}

export function componentPools(fold: Fold): Pools {
  const n = fold.inTrain.length;
  const { items: rated, values } = fold.split.train;
  const penalty = new PopularityPenalty(ratingTotals(rated, values, n).counts);
  const perComponent = fold.components.map(() => new Float32Array(n));
  const allowed = new Uint8Array(n);
  const items: Int32Array[] = [];
  const scores: Float32Array[] = [];
  fold.profiles.forEach((profile, t) => {
    allowedFor(fold, t, allowed);
    const union = new Set<number>();
    fold.components.forEach((m, c) => {
      m.score(profile, perComponent[c]!);
      scaleByBest(perComponent[c]!);
      for (const j of topK(perComponent[c]!, POOL, allowed)) union.add(j);
    });
    const pool = Int32Array.from(union);
    const pooled = new Float32Array(pool.length * fold.components.length);
    perComponent.forEach((s, c) => pool.forEach((j, i) => (pooled[c * pool.length + i] = s[j]!)));
    items.push(pool);
    scores.push(pooled);
  });
  return { fold, items, scores, penalty };
}

/** The blend's score of each of user t's pool items under a setting, penalised as the engine's shipped blend is. */
function blendPool(pools: Pools, t: number, { weights: w, beta }: BlendSetting): Float32Array {
  const n = pools.items[t]!.length;
  const scores = pools.scores[t]!;
  const out = new Float32Array(n);
  for (let c = 0; c < w.length; c++) {
    const wc = w[c]!;
    if (wc === 0) continue;
    for (let i = 0; i < n; i++) out[i]! += wc * scores[c * n + i]!;
  }
  pools.penalty.apply(out, beta, pools.items[t]!);
  return out;
}

/** NDCG@10 of a ranking of user t's pool (indices into the pool, best first). */
function poolListNdcg(pools: Pools, t: number, ranked: Int32Array): number {
  const items = pools.items[t]!;
  return ndcgAtK(
    Array.from(ranked, (i) => items[i]!),
    pools.fold.relevant[t]!,
    K,
  );
}

function poolNdcg(pools: Pools, side: Side, setting: BlendSetting): Float64Array {
  return Float64Array.from(pools.fold[side], (t) => poolListNdcg(pools, t, topK(blendPool(pools, t, setting), K)));
}

/** What the star re-rank needs, as Engine.recommend has it: the blend's pool scores and the raters' predictions. */
interface StarLists {
  pools: Pools;
  blended: Float32Array[];
  raters: RatingPredictor[];
  /** Per rater, per user: each pool item's predicted rating, NaN until asked for. */
  predictions: Float32Array[][];
  scale: RatingRange;
}

function starLists(
  fold: Fold,
  pools: Pools,
  setting: BlendSetting,
  raters: RatingPredictor[],
  seed: number,
): StarLists {
  for (const r of raters) r.fit(fold.split.train, { seed });
  const blended = pools.items.map((_, t) => blendPool(pools, t, setting));
  return {
    pools,
    blended,
    raters,
    predictions: raters.map(() => blended.map((b) => new Float32Array(b.length).fill(NaN))),
    scale: ratingRangeOf(fold.split.train),
  };
}

/** NDCG@10 of one side's users after the star re-rank at `weight`, averaged over the raters. */
function starNdcg(lists: StarLists, side: Side, weight: number, band: number): Float64Array {
  const { pools, blended } = lists;
  const profiles = pools.fold.profiles;
  return Float64Array.from(pools.fold[side], (t) => {
    const allowed = new Uint8Array(blended[t]!.length).fill(1);
    let sum = 0;
    lists.raters.forEach((rater, r) => {
      const cache = lists.predictions[r]![t]!;
      let rate: ((item: number) => number) | null = null;
      const predict = (i: number): number => {
        if (Number.isNaN(cache[i]!)) cache[i] = (rate ??= rater.rater(profiles[t]!))(pools.items[t]![i]!);
        return cache[i]!;
      };
      const options = { ...STAR_AGREEMENT, weight, band };
      const ordered = agreeWithStars(blended[t]!, allowed, predict, profileMean(profiles[t]!), lists.scale, options);
      // The first page as the app shows it (orderShownList), as Engine.recommend and eval order it.
      const shown = orderShownList(topK(ordered, DEFAULT_LIMIT), predict, lists.scale, options);
      sum += poolListNdcg(pools, t, shown.subarray(0, K));
    });
    return sum / lists.raters.length;
  });
}

interface Verdict {
  /** Mean per-user NDCG@10 difference on the check users, relative to the default's mean there. */
  gain: number;
  /** That difference in standard errors. */
  z: number;
  users: number;
  clear: boolean;
}

/** Whether `candidate` beats `base` clearly, from per-user NDCG@10 of the same check users. */
export function verdict(candidate: Float64Array, base: Float64Array): Verdict {
  const n = candidate.length;
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < n; t++) {
    const d = candidate[t]! - base[t]!;
    sum += d;
    sumSq += d * d;
  }
  const diff = sum / Math.max(1, n);
  const variance = n > 1 ? Math.max(0, sumSq - n * diff * diff) / (n - 1) : 0;
  const se = Math.sqrt(variance / Math.max(1, n));
  const baseMean = mean(base);
  const gain = baseMean > 0 ? diff / baseMean : 0;
  const z = se > 0 ? diff / se : diff > 0 ? Infinity : 0;
  return { gain, z, users: n, clear: gain >= MIN_RELATIVE_GAIN && z >= MIN_Z };
}

export function describe(v: Verdict): string {
  const sign = v.gain >= 0 ? '+' : '';
  return (
    `${sign}${(100 * v.gain).toFixed(1)}% NDCG@10 on ${v.users} check users, z ${v.z.toFixed(1)}: ` +
    (v.clear ? 'chosen' : `kept the default (needs +${100 * MIN_RELATIVE_GAIN}% and z ≥ ${MIN_Z})`)
  );
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let t = 0; t < values.length; t++) sum += values[t]!;
  return values.length > 0 ? sum / values.length : 0;
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function formatWeights(names: string[], w: Float64Array): string {
  return names
    .slice(1)
    .map((name, c) => `${name} ${w[c + 1]}`)
    .join(', ');
}
