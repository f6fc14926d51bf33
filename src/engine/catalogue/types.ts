/**
 * Plain data in the dataset's external item ids (movieId), never the engine's dense indices: what the catalogue
 * returns and what the app sends. Structured-clone friendly (no class instances, no $state proxies), so it crosses
 * the page ↔ worker boundary as it is.
 */
import type { RecommendOptions } from '../recommend-types.ts';

/** One of the user's ratings. */
export interface RatedItem {
  id: number;
  value: number;
}

export type ProfileEntries = RatedItem[];

export interface ItemSummary {
  id: number;
  /** The dataset's full title, year included when the dataset has one: "Heat (1995)", "Matrix, The (1999)". */
  title: string;
  /**
   * What every view shows and names controls by ("Rate The Matrix (1999)"): the title as people write it, with
   * the dataset's year (src/engine/text/display-title.ts). "Amelie (2001)".
   */
  displayTitle: string;
  /** The same without the year, for running text ("Because you rated The Matrix ★5"). */
  name: string;
  /** A second line under the title: "Le Fabuleux destin d'Amélie Poulain"; null when the dataset gives none. */
  originalTitle: string | null;
  /** Further titles the dataset gives ("Se7en" for "Seven (a.k.a. Se7en) (1995)"). */
  alsoKnownAs: string[];
  /** 0 when unknown. */
  year: number;
  genres: string[];
}

export interface ItemDetails extends ItemSummary {
  /** Most used tags, most used first. */
  tags: string[];
  /** Mean rating of the dataset's users; 0 with no ratings. */
  average: number;
  ratingCount: number;
  imdbUrl: string | null;
  tmdbUrl: string | null;
}

export interface Reason {
  id: number;
  /** The dataset's title ("Matrix, The (1999)"). */
  title: string;
  /** As the views print it: ItemSummary.name ("The Matrix"). */
  name: string;
  rating: number;
}

/** What a browse page lists: the items with a tag, or of a genre. */
export type BrowseKind = 'tag' | 'genre';

/** A page of a browse list, and how many items the whole list has. */
export interface BrowsePage {
  items: SearchHit[];
  total: number;
}

/** A search result, with the stars predicted for the user (null when they have rated nothing yet). */
export interface SearchHit extends ItemSummary {
  predicted: number | null;
}

/**
 * What the catalogue holds, for filters that offer only what has items and for saying what a search can find:
 * item counts by decade and genre. Items without a year count in no decade; without genres, in no genre.
 */
export interface CatalogueFacets {
  /** First and last year of the items that have one; 0 and 0 when none has. */
  firstYear: number;
  lastYear: number;
  /** Decades, each as its first year, with at least one item, ascending. */
  decades: number[];
  /** The dataset's genres, each with at least one item. */
  genres: string[];
  /** counts[d][g]: items of decade decades[d] with genre genres[g]. */
  counts: number[][];
}

export interface RecommendedItem extends ItemSummary {
  predicted: number;
  score: number;
  because: Reason[];
}

/** What the page may ask recommend() for: the engine's options, with items named by external id. */
export interface RecommendRequest extends Omit<RecommendOptions, 'exclude'> {
  /** External ids never to return (hidden / "not interested"); rated items are always excluded. */
  exclude?: number[];
}
