/**
 * "Similar items" as a person reads them: an engine's collaborative similarity (co-ratings in ratings mode, the item
 * factors in model mode) weighed by how much the two items' genres overlap, and a neighbour that shares no genre with
 * the item kept only when nothing else is left. People who liked Alien also rated Forrest Gump, but Aliens, The Thing
 * and Blade Runner are what "similar" promises. A list that finds too few is topped up with the items closest in
 * content (genres and tags). Items without genres (a dataset without them) are weighed by the collaborative part alone.
 */
import { genreJaccard, type Dataset } from '../dataset/dataset.ts';
import type { ContentModel } from '../models/content.ts';
import { topK } from '../numeric/top-select.ts';

/** What a neighbour's score keeps when its genres do not overlap at all (Jaccard 0), next to 1 + ½ for identical ones. */
const NO_OVERLAP = 0.5;
/** What it keeps when it shares no genre with an item that has some: last resort, not a peer. */
const NO_GENRE_IN_COMMON = 0.01;

export interface Similar {
  item: number;
  score: number;
}

export class SimilarItems {
  private readonly jaccard: (a: number, b: number) => number;

  constructor(
    private readonly dataset: Dataset,
    private readonly content: ContentModel,
  ) {
    this.jaccard = genreJaccard(dataset);
  }

  /**
   * The `limit` items most like `item`, best first, from `scores` (the collaborative similarity of every item to it;
   * overwritten).
   */
  pick(item: number, scores: Float32Array, limit: number): Similar[] {
    const { genreOffsets } = this.dataset;
    const hasGenres = genreOffsets[item + 1]! > genreOffsets[item]!;
    const n = scores.length;
    for (let j = 0; j < n; j++) {
      const s = scores[j]!;
      if (!(s > 0)) continue;
      const overlap = this.jaccard(item, j);
      scores[j] = s * (NO_OVERLAP + overlap) * (hasGenres && overlap === 0 ? NO_GENRE_IN_COMMON : 1);
    }
    const allowed = new Uint8Array(n).fill(1);
    allowed[item] = 0;
    const out: Similar[] = [];
    for (const j of topK(scores, limit, allowed)) {
      if (!(scores[j]! > 0)) break;
      out.push({ item: j, score: scores[j]! });
      allowed[j] = 0;
    }
    if (out.length < limit) {
      for (let j = 0; j < n; j++) scores[j] = this.content.similarity(item, j);
      for (const j of topK(scores, limit - out.length, allowed))
        if (scores[j]! > 0) out.push({ item: j, score: scores[j]! });
    }
    return out;
  }
}
