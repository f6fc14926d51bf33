/** What the app asks the engine for, and what it gets back. Plain data: it crosses the worker boundary. */

/**
 * Which model ranks and predicts. "blend" is the default the app uses. Which ones a dataset offers depends on how it
 * was built: a ratings-mode snapshot fits EASE and item-KNN on the device, a model-mode one ships implicit ALS.
 */
export type Algorithm = 'blend' | 'itemknn' | 'mf' | 'ease' | 'ials' | 'popularity' | 'content';

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
