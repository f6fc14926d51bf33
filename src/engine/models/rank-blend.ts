/**
 * The default ranker: a weighted sum of its components' scores, each first scaled by its best score over
 * the items the user has not rated (so weights compare like with like whatever a model's units). The weights
 * are given (Engine's rankComponents, from the dataset's tuning record: src/engine/tuning/).
 */
import {
  expectLength,
  ShapeError,
  type FitContext,
  type FoldedUser,
  type Model,
  type ModelState,
  type Profile,
  type TrainingSet,
} from '../model-contracts.ts';
import { expectModel, stateArray, stateString, withoutPrefix, withPrefix } from './state.ts';

export interface BlendComponent {
  name: string;
  create: () => Model;
  /** Relative weight of its scaled scores (0: fitted, e.g. for its other uses, but not blended). */
  weight: number;
}

/** out = scores / max over items outside the profile (unchanged when that max is not positive). */
export function scaleByBest(scores: Float32Array, profile: Profile): void {
  const saved = new Float32Array(profile.items.length);
  profile.items.forEach((i, t) => {
    saved[t] = scores[i]!;
    scores[i] = -Infinity;
  });
  let best = -Infinity;
  for (let j = 0; j < scores.length; j++) if (scores[j]! > best) best = scores[j]!;
  profile.items.forEach((i, t) => (scores[i] = saved[t]!));
  if (!(best > 0)) return;
  const inv = 1 / best;
  for (let j = 0; j < scores.length; j++) scores[j]! *= inv;
}

export class RankBlendModel implements Model {
  readonly name = 'rank-blend';
  readonly components: Model[];
  weights: Float32Array;
  itemCount = 0;
  private scratch = new Float32Array(0);

  constructor(private readonly specs: BlendComponent[]) {
    if (specs.length === 0) throw new ShapeError('a rank blend needs at least one component');
    for (const s of specs)
      if (!(s.weight >= 0)) throw new RangeError(`rank blend weight of "${s.name}" must be ≥ 0, got ${s.weight}`);
    this.components = specs.map((s) => s.create());
    this.weights = Float32Array.from(specs, (s) => s.weight);
  }

  component(name: string): Model {
    const index = this.specs.findIndex((s) => s.name === name);
    if (index < 0) throw new Error(`rank blend has no component "${name}"`);
    return this.components[index]!;
  }

  fit(train: TrainingSet, context: FitContext): void {
    this.components.forEach((model, c) =>
      model.fit(train, {
        seed: context.seed,
        onProgress: (f) => context.onProgress?.((c + f) / this.components.length),
      }),
    );
    this.useFitted(train.itemCount);
  }

  /** Blend the components as they are, fitted or loaded elsewhere (model mode loads them from the snapshot). */
  useFitted(itemCount: number): void {
    this.itemCount = itemCount;
    this.scratch = new Float32Array(itemCount);
  }

  foldIn(profile: Profile): FoldedUser {
    expectLength('profile values', profile.values.length, profile.items.length);
    return { profile };
  }

  scoreAll(user: FoldedUser, out: Float32Array): void {
    expectLength('rank-blend scores', out.length, this.itemCount);
    out.fill(0);
    this.components.forEach((m, c) => {
      const w = this.weights[c]!;
      if (w === 0) return;
      m.scoreAll(m.foldIn(user.profile), this.scratch);
      scaleByBest(this.scratch, user.profile);
      for (let j = 0; j < out.length; j++) out[j]! += w * this.scratch[j]!;
    });
  }

  /** The rating predicted by the most heavily weighted component. */
  predict(user: FoldedUser, item: number): number {
    let lead = 0;
    this.weights.forEach((w, c) => {
      if (w > this.weights[lead]!) lead = c;
    });
    const m = this.components[lead]!;
    return m.predict(m.foldIn(user.profile), item);
  }

  save(): ModelState {
    let state: ModelState = {
      model: this.name,
      componentNames: this.specs.map((s) => s.name).join(','),
      weights: this.weights,
      itemCount: this.itemCount,
    };
    this.components.forEach((m, c) => (state = { ...state, ...withPrefix(this.specs[c]!.name, m.save()) }));
    return state;
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const names = stateString(state, 'componentNames');
    const expected = this.specs.map((s) => s.name).join(',');
    if (names !== expected) throw new ShapeError(`rank-blend state has components ${names}, expected ${expected}`);
    this.weights = stateArray(state, 'weights', Float32Array, this.specs.length);
    this.components.forEach((m, c) => m.load(withoutPrefix(this.specs[c]!.name, state)));
    this.useFitted(state.itemCount as number);
  }
}
