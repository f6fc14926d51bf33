/**
 * What every Ranker and every RatingPredictor promises (model-contracts.ts), checked on each of them alike: fitted on a
 * small synthetic dataset, a model repeats itself for a seed, comes back from a structured clone of its state answering
 * the same, refuses another model's state or one holding NaN, and answers with finite numbers: scores with rated items
 * last (-Infinity), stars on the dataset's scale. A model added to an engine's table without a line here fails the
 * last test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { ratingSummaryOf, ratingTotals } from '../../../../src/engine/dataset/rating-totals.ts';
import { profileOfUser, trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import {
  ShapeError,
  type Fitted,
  type ModelState,
  type Profile,
  type Ranker,
  type RatingPredictor,
  type TrainingSet,
} from '../../../../src/engine/model-contracts.ts';
import { ModelEngine } from '../../../../src/engine/model-mode/model-engine.ts';
import { ModelModeRankers } from '../../../../src/engine/model-mode/rankers.ts';
import { DEFAULT_MODEL_WEIGHTS } from '../../../../src/engine/model-mode/shipped-models.ts';
import { BaselineModel } from '../../../../src/engine/models/baseline.ts';
import { ContentModel } from '../../../../src/engine/models/content.ts';
import { EaseModel } from '../../../../src/engine/models/ease.ts';
import { IalsModel } from '../../../../src/engine/models/ials.ts';
import { ImplicitKnnModel } from '../../../../src/engine/models/implicit-knn.ts';
import { ItemKnnModel } from '../../../../src/engine/models/itemknn.ts';
import { MatrixFactorizationModel } from '../../../../src/engine/models/mf.ts';
import { PopularityModel } from '../../../../src/engine/models/popularity.ts';
import { BlendModel } from '../../../../src/engine/models/predict-blend.ts';
import { QuantisedFactorsModel } from '../../../../src/engine/models/quantised-model.ts';
import { SupportWeighted } from '../../../../src/engine/models/support-weighted.ts';
import { PopularityDebiased } from '../../../../src/engine/models/popularity-debiased.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import { RatingsRankers } from '../../../../src/engine/ratings-mode/rankers.ts';
import { smallDataset, smallModels, SMALL_IALS } from '../model-mode/fixtures.ts';

const SMALL_MF = { factors: 6, epochs: 5 };

/** Every ranker, made unfitted for `d` (few factors and epochs: the contract is tested, not accuracy). */
const RANKERS: Record<string, (d: Dataset) => Ranker> = {
  ease: () => new EaseModel({ lambda: 50 }),
  'implicit-knn': () => new ImplicitKnnModel(),
  popularity: () => new PopularityModel(),
  content: (d) => new ContentModel(d),
  ials: () => new IalsModel(SMALL_IALS),
  mf: () => new MatrixFactorizationModel(SMALL_MF),
  'mf weighed by support': (d) =>
    new SupportWeighted(
      new MatrixFactorizationModel(SMALL_MF),
      () => ratingTotals(d.ratingItems, d.ratingValues, d.itemIds.length).counts,
    ),
  'mf-int8': () => new QuantisedFactorsModel(new MatrixFactorizationModel(SMALL_MF), 'int8'),
  baseline: () => new BaselineModel(),
  'ratings-mode blend': (d) => new RatingsRankers(d).blend,
  'ratings-mode blend with the popularity penalty': (d) =>
    new PopularityDebiased(
      new RatingsRankers(d).blend,
      () => ratingTotals(d.ratingItems, d.ratingValues, d.itemIds.length).counts,
      0.2,
    ),
  'model-mode blend': (d) => new ModelModeRankers(d, DEFAULT_MODEL_WEIGHTS, new IalsModel(SMALL_IALS)).blend,
};

/** Every rating predictor, made unfitted. */
const PREDICTORS: Record<string, () => RatingPredictor> = {
  baseline: () => new BaselineModel(),
  itemknn: () => new ItemKnnModel(),
  mf: () => new MatrixFactorizationModel(SMALL_MF),
  'mf-int8': () => new QuantisedFactorsModel(new MatrixFactorizationModel(SMALL_MF), 'int8'),
  blend: () => new BlendModel({ mf: SMALL_MF }),
};

let dataset: Dataset;
let train: TrainingSet;
let profiles: Profile[];

beforeAll(() => {
  dataset = smallDataset();
  train = trainingSetFromDataset(dataset);
  // A heavy rater, a light one, and a made-up profile of a few items.
  profiles = [profileOfUser(train, 0), profileOfUser(train, 7), makeProfile([3, 40, 99], [5, 1.5, 4])];
});

function makeProfile(items: number[], values: number[]): Profile {
  return { items: Int32Array.from(items), values: Float32Array.from(values) };
}

function fitted<M extends Fitted>(make: () => M, seed = 1): M {
  const model = make();
  model.fit(train, { seed });
  return model;
}

/** A copy of the state with its first floating-point array's first entry set to NaN; null when it has none. */
function poisoned(state: ModelState): ModelState | null {
  for (const [key, value] of Object.entries(state)) {
    if ((value instanceof Float32Array || value instanceof Float64Array) && value.length > 0) {
      const bad = value.slice();
      bad[0] = NaN;
      return { ...state, [key]: bad };
    }
    if (typeof value === 'object' && !ArrayBuffer.isView(value)) {
      const inner = poisoned(value);
      if (inner) return { ...state, [key]: inner };
    }
  }
  return null;
}

/** What every Fitted must do with its state: repeat a seed, round-trip exactly, refuse a foreign or damaged one. */
function stateCases<M extends Fitted>(make: () => M, answers: (model: M) => unknown): void {
  it('repeats its fit for a seed', () => {
    expect(fitted(make).save()).toEqual(fitted(make).save());
  });

  it('answers the same after a save → structured clone → load', () => {
    const model = fitted(make);
    const copy = make();
    copy.load(structuredClone(model.save()));
    expect(copy.itemCount).toBe(dataset.itemIds.length);
    expect(answers(copy)).toEqual(answers(model));
  });

  it('refuses another model’s state and a state holding NaN, with a ShapeError', () => {
    const state = fitted(make).save();
    expect(() => make().load({ ...state, model: 'another' })).toThrow(ShapeError);
    const bad = poisoned(state);
    expect(bad).not.toBeNull();
    expect(() => make().load(bad!)).toThrow(ShapeError);
  });
}

for (const [name, make] of Object.entries(RANKERS)) {
  describe(`Ranker: ${name}`, () => {
    const scores = (model: Ranker): Float32Array[] =>
      profiles.map((p) => {
        const out = new Float32Array(model.itemCount);
        model.score(p, out);
        return out;
      });

    it('scores every item finite, the profile’s own -Infinity, and checks the output’s length', () => {
      const model = fitted(() => make(dataset));
      scores(model).forEach((out, k) => {
        const rated = new Set(profiles[k]!.items);
        out.forEach((s, j) => (rated.has(j) ? expect(s).toBe(-Infinity) : expect(Number.isFinite(s)).toBe(true)));
      });
      expect(() => model.score(profiles[0]!, new Float32Array(model.itemCount + 1))).toThrow(ShapeError);
    });

    it('explains an item, if it does, by a finite share per rated item', () => {
      const model = fitted(() => make(dataset));
      if (!model.explain) return;
      const profile = profiles[0]!;
      const items = [0, 5, 77];
      const shares = model.explain(profile, items);
      expect(shares).toHaveLength(items.length);
      for (const s of shares) {
        expect(s).toHaveLength(profile.items.length);
        for (const v of s) expect(Number.isFinite(v)).toBe(true);
      }
    });

    stateCases(() => make(dataset), scores);
  });
}

for (const [name, make] of Object.entries(PREDICTORS)) {
  describe(`RatingPredictor: ${name}`, () => {
    const stars = (model: RatingPredictor): number[][] =>
      profiles.map((p) => {
        const rate = model.rater(p);
        return Array.from({ length: model.itemCount }, (_, j) => rate(j));
      });

    it('predicts every item on the dataset’s scale', () => {
      const { min, max } = dataset.manifest.ratingScale;
      for (const list of stars(fitted(make)))
        for (const s of list) {
          expect(s).toBeGreaterThanOrEqual(min);
          expect(s).toBeLessThanOrEqual(max);
        }
    });

    stateCases(make, stars);
  });
}

describe('the engines’ tables', () => {
  it('hold only models this suite checks', () => {
    const summary = ratingSummaryOf(dataset.ratingItems, dataset.ratingValues, dataset.itemIds.length);
    const engines = [
      RatingsEngine.fit(dataset, { seed: 1 }),
      ModelEngine.fromSnapshot({ ...dataset, ratingSummary: summary }, smallModels(dataset)),
    ];
    const checked = new Set<unknown>([
      ...Object.values(RANKERS).map((make) => make(dataset).constructor),
      ...Object.values(PREDICTORS).map((make) => make().constructor),
    ]);
    for (const engine of engines)
      for (const algorithm of engine.algorithms) {
        const { rank, stars } = engine.row(algorithm);
        expect(checked.has(rank.constructor), `${engine.mode} ${algorithm}: ${rank.name}`).toBe(true);
        expect(checked.has(stars.constructor), `${engine.mode} ${algorithm}: ${stars.name}`).toBe(true);
      }
  });
});
