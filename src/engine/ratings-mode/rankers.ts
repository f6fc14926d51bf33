/**
 * The rankers a ratings-mode engine fits on the device, and their blend: EASE is the anchor whose weight stays 1; the
 * other weights and EASE's λ come from the dataset's tuning record (chosen at build time on a holdout of the dataset,
 * ratings-mode/tune.ts, or the MovieLens defaults). They are not tuned at every fit on the device, which would cost a
 * second fit of every part.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { ContentModel } from '../models/content.ts';
import { EaseModel } from '../models/ease.ts';
import { ImplicitKnnModel } from '../models/implicit-knn.ts';
import { PopularityModel } from '../models/popularity.ts';
import { RankBlendModel } from '../models/rank-blend.ts';
import { DEFAULT_TUNING, type RankTuning } from '../tuning/tuning.ts';

export class RatingsRankers {
  readonly ease: EaseModel;
  /** Co-rating neighbours: a ranker, "similar items" and the itemknn algorithm. */
  readonly knn = new ImplicitKnnModel();
  /** Weight 0 by default: the counts still serve cold start, the popularity knob and popular(). */
  readonly popularity = new PopularityModel();
  readonly content: ContentModel;
  /** The default list's ranker; fitting it fits every part. */
  readonly blend: RankBlendModel;

  constructor(dataset: Dataset, rank: RankTuning = DEFAULT_TUNING.rank) {
    this.ease = new EaseModel({ lambda: rank.easeLambda });
    this.content = new ContentModel(dataset);
    this.blend = new RankBlendModel([
      { name: 'ease', ranker: this.ease, weight: 1 },
      { name: 'implicit-knn', ranker: this.knn, weight: rank.weights['implicit-knn'] },
      { name: 'popularity', ranker: this.popularity, weight: rank.weights.popularity },
      { name: 'content', ranker: this.content, weight: rank.weights.content },
    ]);
  }
}
