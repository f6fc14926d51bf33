/**
 * The parameters a build chose for its dataset (tune.ts) and ships in the snapshot: the engine fits and ranks with
 * them on the device. One record with a part per thing tuned, so another part (the model mode's factors, say) is
 * one more field here, in the shape below and in the tuner, and nothing else changes: the snapshot stores the
 * record as JSON, the engine state carries it into the model cache, and a snapshot without one gets the defaults.
 */
import { DEFAULT_EASE } from '../models/ease.ts';
import { STAR_AGREEMENT } from '../ranking/star-agreement.ts';
import { INVALID, number, object, withDefault, type Infer } from '../validation/shape.ts';

/** A relative weight: 0 switches a part off; far above the anchor's 1 is a mistake, not a choice. */
const WEIGHT = number('a number', (n) => (n >= 0 && n <= 100 ? null : 'is not from 0 to 100'));

const RANK = object({
  /**
   * The rank blend's weights of the components after its anchor (EASE, weight 1), each applied to the
   * component's scores scaled by its best one (rank-blend.ts).
   */
  weights: object({ 'implicit-knn': WEIGHT, popularity: WEIGHT, content: WEIGHT }),
  /** EASE's L2 regularisation. */
  easeLambda: number('a number', (n) => (n > 0 && n <= 1e9 ? null : 'is not above 0 (and at most 10^9)')),
  /**
   * β of the blend's popularity penalty (models/popularity-debiased.ts); 0 turns it off, as in records
   * written before it existed.
   */
  popularityPenalty: withDefault(
    number('a number', (n) => (n >= 0 && n <= 2 ? null : 'is not from 0 to 2')),
    0,
  ),
});

const STARS = object({
  /** The star-agreement weight (star-agreement.ts); 0 turns the re-rank off. */
  weight: WEIGHT,
  /** The shown list's star band (orderShownList), a share of the rating range; 1 turns it off. */
  band: withDefault(
    number('a number', (n) => (n > 0 && n <= 1 ? null : 'is not above 0 and at most 1')),
    STAR_AGREEMENT.band!,
  ),
});

export const TUNING_SHAPE = object({ rank: RANK, stars: STARS });

export type Tuning = Infer<typeof TUNING_SHAPE>;
export type RankTuning = Tuning['rank'];

/**
 * What ships when nothing was tuned (a dataset too large or too small to tune, an old snapshot): the values chosen
 * on ml-latest-small. Across seeds there, re-tuning chose weights near these and scored no better; content and
 * implicit-KNN each add a little to EASE, popularity nothing (its counts still serve cold start and the knob). The
 * popularity penalty there raised both NDCG@10 and coverage up to about this β; beyond, coverage costs accuracy.
 */
export const DEFAULT_TUNING: Tuning = {
  rank: {
    weights: { 'implicit-knn': 0.05, popularity: 0, content: 0.1 },
    easeLambda: DEFAULT_EASE.lambda,
    popularityPenalty: 0.2,
  },
  stars: { weight: STAR_AGREEMENT.weight, band: STAR_AGREEMENT.band! },
};

export class TuningError extends Error {
  override name = 'TuningError';
}

/** A checked copy of a tuning record read from anywhere (a snapshot, a cache); every problem named by its path. */
export function parseTuning(value: unknown, where: string): Tuning {
  const problems: string[] = [];
  const tuning = TUNING_SHAPE.check(value, '', (path, message) => problems.push(`${path || '(top)'}: ${message}`));
  if (tuning === INVALID) throw new TuningError(`${where}: the tuning record is invalid: ${problems.join('; ')}`);
  return tuning;
}
