/** What the app asks the engine for, and what it gets back. Plain data: it crosses the worker boundary. */

/**
 * The algorithms a ratings-mode engine offers (it fits EASE and item-KNN on the device), the default first: one row
 * each in its table (ratings-mode/ratings-engine.ts), which the compiler holds to this list. `npm run eval` and the
 * algorithm switcher read it from the engine.
 */
export const RATINGS_MODE_ALGORITHMS = ['blend', 'itemknn', 'mf', 'ease', 'popularity'] as const;
export type RatingsModeAlgorithm = (typeof RATINGS_MODE_ALGORITHMS)[number];

/** The algorithms a model-mode engine offers (it ships implicit ALS): its table is model-mode/model-engine.ts's. */
export const MODEL_MODE_ALGORITHMS = ['blend', 'ials', 'mf', 'popularity'] as const;
export type ModelModeAlgorithm = (typeof MODEL_MODE_ALGORITHMS)[number];

/**
 * Which model ranks a list and which predicts its stars. "blend" is the default the app uses. Which ones a dataset
 * offers depends on how it was built (InitResult.algorithms). Content (genres and tags) only serves the blend: alone
 * it lists whatever shares a tag, RoboCop 3 for a fan of The Matrix, which no one would accept as a recommendation.
 */
export type Algorithm = RatingsModeAlgorithm | ModelModeAlgorithm;

/**
 * How a list is ordered. 'top': the ranker's order (what the user is most likely to want next), with stars that
 * never contradict it by much (star-agreement.ts). The others take the same candidates, a wider pool of them, and
 * sort it: 'predicted' by predicted rating, 'newest' by year, 'popular' by how many people rated the item.
 */
export type RecommendSort = 'top' | 'predicted' | 'newest' | 'popular';

export interface RecommendOptions {
  algorithm?: Algorithm;
  /** Default 'top'. */
  sort?: RecommendSort;
  /** How many to return (default 20). */
  limit?: number;
  /** Item indices never to return (hidden / "not interested"); rated items are always excluded. */
  exclude?: number[];
  /** Keep only items with at least one of these genres (names from Dataset.genres). */
  genres?: string[];
  /** Keep only items whose year lies in [from, to] (inclusive); items without a year are dropped when set. */
  years?: { from?: number; to?: number };
  /** 0 = pure relevance, 1 = strongly diverse (MMR on item similarity). */
  diversity?: number;
  /** -1 = favour obscure items, 0 = neutral, +1 = favour popular items. */
  popularity?: number;
}

export interface Contribution {
  item: number;
  /** The user's own rating of that item. */
  rating: number;
  /** Relative weight in [0, 1] of this item in the reason. */
  weight: number;
}

export interface Recommendation {
  item: number;
  /**
   * The ranker's score. The list order also weighs the popularity knob, diversity and, in the default list,
   * how far the predicted rating falls below the user's mean (star-agreement.ts), so it need not be sorted by it.
   */
  score: number;
  /** Predicted rating on the dataset's scale. */
  predicted: number;
  /** The user's rated items that contributed most, strongest first (at most 3). */
  because: Contribution[];
}
