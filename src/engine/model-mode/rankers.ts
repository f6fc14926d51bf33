/**
 * Model mode's rankers and their blend: implicit ALS (the anchor, weight 1: shipped by the build), popularity (from the
 * shipped rating counts) and content (from the catalogue's genres and tags, built on the device), weighted as the
 * dataset's tuning record says.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { ContentModel } from '../models/content.ts';
import { IalsModel } from '../models/ials.ts';
import { PopularityModel } from '../models/popularity.ts';
import { RankBlendModel } from '../models/rank-blend.ts';
import type { ModelModeWeights } from './shipped-models.ts';

export class ModelModeRankers {
  readonly popularity = new PopularityModel();
  readonly content: ContentModel;
  /** The default list's ranker; fitting it fits every part (eval and the tune do; the device loads them). */
  readonly blend: RankBlendModel;

  constructor(
    dataset: Dataset,
    weights: ModelModeWeights,
    readonly ials: IalsModel = new IalsModel(),
  ) {
    this.content = new ContentModel(dataset);
    this.blend = new RankBlendModel([
      { name: 'ials', ranker: ials, weight: 1 },
      { name: 'popularity', ranker: this.popularity, weight: weights.popularity },
      { name: 'content', ranker: this.content, weight: weights.content },
    ]);
  }
}
