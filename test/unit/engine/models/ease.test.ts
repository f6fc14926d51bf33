import { beforeEach, describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { invertSpd } from '../../../../src/engine/numeric/cholesky.ts';
import { EaseModel, type EaseWeighting } from '../../../../src/engine/models/ease.ts';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';
import type { Profile, TrainingSet } from '../../../../src/engine/model-contracts.ts';
import { trainFromCells } from './fixtures.ts';

/** Fewer users than items (the Woodbury side, like MovieLens) and more users than items (the item side). */
const SHAPES = [
  { USERS: 7, ITEMS: 11, side: 'users' },
  { USERS: 13, ITEMS: 10, side: 'items' },
] as const;
let USERS = 7;
let ITEMS = 11;

/** A random sparse rating matrix on the 0.5..5 scale (about 45% filled). */
function randomTrain(seed: number): TrainingSet {
  const rng = mulberry32(seed);
  return trainFromCells(USERS, ITEMS, () => (rng() < 0.45 ? 0.5 * (1 + Math.floor(rng() * 10)) : NaN));
}

/** The textbook form: B = I − P·diag(P)⁻¹ with P = (XᵀX + λI)⁻¹ over items, diagonal zeroed. */
function directB(train: TrainingSet, lambda: number, weighting: EaseWeighting): Matrix {
  const x = Matrix.zeros(USERS, ITEMS);
  for (let u = 0; u < USERS; u++) {
    const s = train.userOffsets[u]!;
    const e = train.userOffsets[u + 1]!;
    let mean = 0;
    for (let k = s; k < e; k++) mean += train.values[k]!;
    mean /= Math.max(1, e - s);
    for (let k = s; k < e; k++) {
      const w = weighting === 'binary' ? 1 : train.values[k]! >= mean ? 1 : 0.5;
      x.set(u, train.items[k]!, w);
    }
  }
  const g = x.transpose().mmul(x).add(Matrix.eye(ITEMS).mul(lambda));
  const p = inverse(g);
  const b = Matrix.zeros(ITEMS, ITEMS);
  for (let i = 0; i < ITEMS; i++) for (let j = 0; j < ITEMS; j++) if (i !== j) b.set(i, j, -p.get(i, j) / p.get(j, j));
  return b;
}

const profile: Profile = { items: Int32Array.of(1, 4, 6, 9), values: Float32Array.of(5, 2, 4, 3.5) };

function profileRow(weighting: EaseWeighting): Matrix {
  const mean = 14.5 / 4;
  const row = Matrix.zeros(1, ITEMS);
  profile.items.forEach((i, t) => row.set(0, i, weighting === 'binary' ? 1 : profile.values[t]! >= mean ? 1 : 0.5));
  return row;
}

describe('EASE inverse helper', () => {
  it('inverts a symmetric positive definite matrix like ml-matrix does', () => {
    const rng = mulberry32(3);
    const n = 6;
    const a = Matrix.zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.set(i, j, rng());
    const spd = a.mmul(a.transpose()).add(Matrix.eye(n));
    const flat = Float64Array.from(spd.to1DArray());
    invertSpd(flat, n);
    const expected = inverse(spd).to1DArray();
    flat.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 10));
  });

  it('rejects a matrix that is not positive definite', () => {
    expect(() => invertSpd(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/positive definite/);
  });
});

for (const shape of SHAPES)
  describe(`EASE on ${shape.USERS} users × ${shape.ITEMS} items (${shape.side} side)`, () => {
    beforeEach(() => {
      USERS = shape.USERS;
      ITEMS = shape.ITEMS;
    });

    it(`inverts on the ${shape.side} side`, () => {
      const model = new EaseModel({ lambda: 1 });
      model.fit(randomTrain(2), { seed: 1 });
      expect(model.side).toBe(shape.side);
    });

    for (const weighting of ['binary', 'liked'] as const) {
      for (const lambda of [0.5, 3, 40]) {
        it(`scores x·B exactly like the direct item-side form (${weighting}, λ=${lambda})`, () => {
          const train = randomTrain(11 + lambda);
          const model = new EaseModel({ lambda, weighting });
          model.fit(train, { seed: 1 });
          const out = new Float32Array(ITEMS);
          model.score(profile, out);
          const expected = profileRow(weighting)
            .mmul(directB(train, lambda, weighting))
            .to1DArray();
          const rated = new Set(profile.items);
          out.forEach((v, j) => (rated.has(j) ? expect(v).toBe(-Infinity) : expect(v).toBeCloseTo(expected[j]!, 5)));
          // The scores must not be trivially zero for this comparison to mean anything.
          expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(1e-3);
        });
      }

      it(`explains item j by x_i·B_ij, the terms of its score (${weighting})`, () => {
        const train = randomTrain(5);
        const model = new EaseModel({ lambda: 2, weighting });
        model.fit(train, { seed: 1 });
        const b = directB(train, 2, weighting);
        const row = profileRow(weighting);
        for (const j of [0, 4, ITEMS - 1]) {
          const [contrib] = model.explain(profile, [j]);
          profile.items.forEach((i, t) => expect(contrib![t]!).toBeCloseTo(row.get(0, i) * b.get(i, j), 5));
        }
        // Many targets at once, from the profile's side (all items) and from the targets' (one): the same terms.
        const everyItem = Array.from({ length: ITEMS }, (_, j) => j);
        for (const targets of [everyItem, [ITEMS - 1]]) {
          const many = model.explain(profile, targets);
          targets.forEach((j, k) =>
            profile.items.forEach((i, t) => expect(many[k]![t]!).toBeCloseTo(row.get(0, i) * b.get(i, j), 5)),
          );
        }
        expect(() => model.explain(profile, [ITEMS])).toThrow(/outside/);
      });
    }

    it('gives the same reasons whatever it has kept from earlier lists', () => {
      const model = new EaseModel({ lambda: 3 });
      model.fit(randomTrain(9), { seed: 1 });
      const fresh = new EaseModel();
      fresh.load(structuredClone(model.save()));
      // One model has answered for every item, twice (its kept vectors now in another order); the other nothing.
      const everyItem = Array.from({ length: ITEMS }, (_, j) => j);
      for (let round = 0; round < 2; round++) model.explain(profile, [...everyItem].reverse());
      const targets = [3, ITEMS - 1, 0, 7];
      expect(model.explain(profile, targets)).toEqual(fresh.explain(profile, targets));
      expect(targets.map((j) => model.explain(profile, [j])[0])).toEqual(
        targets.map((j) => fresh.explain(profile, [j])[0]),
      );
    });

    it('restores identical scores from a structured clone of its saved state', () => {
      const model = new EaseModel({ lambda: 3 });
      model.fit(randomTrain(8), { seed: 1 });
      const copy = new EaseModel();
      copy.load(structuredClone(model.save()));
      const a = new Float32Array(ITEMS);
      const b = new Float32Array(ITEMS);
      model.score(profile, a);
      copy.score(profile, b);
      expect(Array.from(b)).toEqual(Array.from(a));
    });

    it('refuses a state saved by another model', () => {
      expect(() => new EaseModel().load({ model: 'popularity' })).toThrow(/popularity/);
    });
  });
