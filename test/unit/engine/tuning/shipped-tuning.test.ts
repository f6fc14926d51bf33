/**
 * The tuned parameters on their way from the build to the device: through the snapshot, into the engine's fit, into
 * the model cache's state and its key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshotFile } from '../../../../src/pipeline/snapshot-file.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { decodeSnapshotParts, encodeSnapshot, SnapshotError } from '../../../../src/engine/snapshot/index.ts';
import { readContainer, writeContainer } from '../../../../src/engine/snapshot/container.ts';
import { DEFAULT_TUNING, type Tuning } from '../../../../src/engine/tuning/tuning.ts';
import { engineCacheKey } from '../../../../src/worker/boot.ts';
import { expectSameDataset } from '../snapshot/helpers.ts';
import { clusteredDataset } from './clustered.ts';

/** Far from the defaults in every field, so that a part the engine ignored would change its lists. */
const TUNED: Tuning = {
  rank: { weights: { 'implicit-knn': 0.75, popularity: 0.3, content: 1.5 }, easeLambda: 37.5, popularityPenalty: 0.6 },
  stars: { weight: 0, band: 1 },
};

let d: Dataset;
let profiles: Profile[];

beforeAll(() => {
  d = clusteredDataset({
    users: 150,
    items: 200,
    clusters: 5,
    ratingsPerUser: 15,
    exposure: 'taste',
    values: 'taste',
    genres: 'cluster',
    seed: 2,
  });
  // New users who rate generously: most candidates are predicted below their mean, so the star re-rank reorders.
  profiles = [0, 1, 2, 3].map((c) => ({
    items: Int32Array.of(c, c + 5, c + 10, c + 1, c + 2),
    values: Float32Array.of(10, 10, 9, 10, 9),
  }));
});

const lists = (engine: RatingsEngine) => profiles.map((p) => engine.recommend(p, { limit: 10 }).map((r) => r.item));

describe('tuning in the snapshot', () => {
  it('round-trips through the snapshot, and a snapshot without one reads as null', () => {
    const parts = decodeSnapshotParts(encodeSnapshot(d, 'coded', TUNED));
    expect(parts.tuning).toEqual(TUNED);
    expectSameDataset(parts.dataset, d);
    expect(decodeSnapshotParts(encodeSnapshot(d, 'plain', TUNED)).tuning).toEqual(TUNED);
    expect(decodeSnapshotParts(encodeSnapshot(d)).tuning).toBeNull();
  });

  it('gives the snapshot file another hash, hence another model-cache key, when the parameters change', () => {
    const files = [buildSnapshotFile(d), buildSnapshotFile(d, DEFAULT_TUNING), buildSnapshotFile(d, TUNED)];
    const keys = new Set(files.map((f) => engineCacheKey(f.hash)));
    expect(keys.size).toBe(3);
    expect(buildSnapshotFile(d, TUNED).hash).toBe(files[2]!.hash);
  });

  it('refuses a damaged record with a SnapshotError naming the section and the field', () => {
    const good = readContainer(encodeSnapshot(d, 'coded', TUNED));
    const withRecord = (text: string) => {
      const sections = good.sections.map((s) =>
        s.name === 'tuning' ? { ...s, bytes: new TextEncoder().encode(text + '\0') } : s,
      );
      return writeContainer({ ...good, sections });
    };
    expect(() => decodeSnapshotParts(withRecord('{"rank":'))).toThrow(SnapshotError);
    expect(() => decodeSnapshotParts(withRecord('{"rank":'))).toThrow(/section "tuning" is corrupt: not valid JSON/);
    const negative = JSON.stringify({ ...TUNED, stars: { weight: -1 } });
    expect(() => decodeSnapshotParts(withRecord(negative))).toThrow(
      /section "tuning".*stars\.weight: -1 is not from 0 to 100/,
    );
    const missing = JSON.stringify({ stars: TUNED.stars });
    expect(() => decodeSnapshotParts(withRecord(missing))).toThrow(/rank: missing/);
    // The build never writes such a record in the first place.
    expect(() => encodeSnapshot(d, 'coded', { ...TUNED, rank: { ...TUNED.rank, easeLambda: 0 } })).toThrow(
      /rank\.easeLambda: 0 is not above 0/,
    );
  });
});

describe('the engine fitted with shipped parameters', () => {
  it('gives the same lists as one given the same parameters directly, and other lists than the defaults', () => {
    const shipped = decodeSnapshotParts(encodeSnapshot(d, 'coded', TUNED));
    const fromSnapshot = RatingsEngine.fitRanking(shipped.dataset, { seed: 1, tuning: shipped.tuning! });
    const direct = RatingsEngine.fitRanking(d, { seed: 1, tuning: TUNED });
    const defaults = RatingsEngine.fitRanking(d, { seed: 1 });
    expect(lists(fromSnapshot)).toEqual(lists(direct));
    expect(lists(fromSnapshot)).not.toEqual(lists(defaults));
    expect(fromSnapshot.tuning).toEqual(TUNED);
    expect(defaults.tuning).toEqual(DEFAULT_TUNING);
  });

  it('uses every part of the record: each one alone changes the lists', () => {
    const defaults = lists(RatingsEngine.fitRanking(d, { seed: 1 }));
    const parts: Tuning[] = [
      { ...DEFAULT_TUNING, rank: { ...DEFAULT_TUNING.rank, easeLambda: TUNED.rank.easeLambda } },
      { ...DEFAULT_TUNING, rank: { ...DEFAULT_TUNING.rank, weights: TUNED.rank.weights } },
      { ...DEFAULT_TUNING, rank: { ...DEFAULT_TUNING.rank, popularityPenalty: TUNED.rank.popularityPenalty } },
      { ...DEFAULT_TUNING, stars: { ...DEFAULT_TUNING.stars, weight: TUNED.stars.weight } },
    ];
    for (const tuning of parts) expect(lists(RatingsEngine.fitRanking(d, { seed: 1, tuning }))).not.toEqual(defaults);
    // The band: a narrow one orders the shown list by its stars, none keeps the ranker's order.
    const unranked = (band: number) =>
      lists(RatingsEngine.fit(d, { seed: 1, tuning: { ...DEFAULT_TUNING, stars: { weight: 0, band } } }));
    expect(unranked(1)).not.toEqual(unranked(0.01));
  });

  it('keeps them through its saved state (the model cache), and refuses a state whose record is damaged', () => {
    const engine = RatingsEngine.fit(d, { seed: 1, tuning: TUNED });
    const state = structuredClone(engine.save());
    const loaded = RatingsEngine.load(d, state);
    expect(loaded.tuning).toEqual(TUNED);
    expect(lists(loaded)).toEqual(lists(engine));
    expect(() => RatingsEngine.load(d, { ...state, tuning: { ...TUNED, stars: {} } as unknown as Tuning })).toThrow(
      /engine state: the tuning record is invalid: stars\.weight: missing/,
    );
  });
});
