/**
 * Small made-up datasets for the tuner's tests, built so that one part of the engine is known to help or not:
 * every user and item belongs to one of a few taste clusters, and the options decide whether users mostly rate
 * their own cluster's items and what the ratings' values and the genres say about it.
 */
import { parseDataset, type DatasetFiles } from '../../../../src/engine/dataset/parse.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';

export interface ClusteredOptions {
  users: number;
  items: number;
  clusters: number;
  ratingsPerUser: number;
  /** "taste": users mostly rate their own cluster's items, popular ones more often; "uniform": any item alike. */
  exposure: 'taste' | 'uniform';
  /** "taste": own-cluster items rated high, others low; "random": any value, whatever the cluster. */
  values: 'taste' | 'random';
  /** "cluster": an item's genre names its cluster; "random": one of as many genres, drawn at random. */
  genres: 'cluster' | 'random';
  seed: number;
}

/** A 1–10 dataset of games drawn as ClusteredOptions say. */
export function clusteredDataset(o: ClusteredOptions): Dataset {
  return parseDataset(clusteredFiles(o));
}

/** The same as the files of a dataset folder. */
export function clusteredFiles(o: ClusteredOptions): DatasetFiles {
  const rng = mulberry32(o.seed);
  const clusterOf = (item: number) => item % o.clusters;
  const movies = ['movieId,title,genres'];
  for (let i = 0; i < o.items; i++) {
    const genre = o.genres === 'cluster' ? clusterOf(i) : Math.floor(rng() * o.clusters);
    movies.push(`${i + 1},Game ${i + 1} (${1990 + (i % 30)}),G${genre}`);
  }
  // Within a cluster, popularity falls off as 1/rank, so co-ratings carry a signal EASE can learn.
  const members = Array.from({ length: o.clusters }, (_, c) =>
    Array.from({ length: Math.ceil((o.items - c) / o.clusters) }, (_, k) => c + k * o.clusters),
  );
  const pick = (list: number[]): number => {
    const harmonic = list.reduce((s, _, k) => s + 1 / (k + 1), 0);
    let r = rng() * harmonic;
    for (let k = 0; k < list.length; k++) if ((r -= 1 / (k + 1)) <= 0) return list[k]!;
    return list.at(-1)!;
  };
  const ratings = ['userId,movieId,rating'];
  for (let u = 0; u < o.users; u++) {
    const own = u % o.clusters;
    const chosen = new Set<number>();
    while (chosen.size < o.ratingsPerUser)
      chosen.add(o.exposure === 'taste' && rng() < 0.8 ? pick(members[own]!) : Math.floor(rng() * o.items));
    for (const i of [...chosen].sort((a, b) => a - b)) {
      const liked = clusterOf(i) === own;
      const value =
        o.values === 'random'
          ? 1 + Math.floor(rng() * 10)
          : liked
            ? 7 + Math.floor(rng() * 4)
            : 2 + Math.floor(rng() * 5);
      ratings.push(`${u + 1},${i + 1},${value}`);
    }
  }
  return {
    'dataset.json': JSON.stringify({
      name: 'Clustered games',
      itemNoun: 'game',
      ratingScale: { min: 1, max: 10, step: 1 },
      license: 'test data',
    }),
    'movies.csv': movies.join('\n') + '\n',
    'ratings.csv': ratings.join('\n') + '\n',
  };
}
