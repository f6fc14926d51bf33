/**
 * Made-up catalogue text for a synthetic dataset: titles with a "(YYYY)" year, genres that follow the items'
 * latent taste vectors (so content models have something to find), links and tag words. Titles include the
 * awkward cases real catalogues have: commas and quotes (quoted in the CSV) and accented letters.
 */
import { gaussian } from '../numeric/random.ts';
import { stream, type SynthWorld } from './world.ts';

const MOVIE_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Children',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'IMAX',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];
const OTHER_GENRES = ['Classic', 'Family', 'Strategy', 'Party', 'Cooperative', 'Abstract', 'Thematic', 'Puzzle'];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ven',
  'tor',
  'el',
  'sa',
  'din',
  'qu',
  'bel',
  'nor',
  'thé',
  'ux',
  'an',
  'ri',
];
const NO_GENRES = '(no genres listed)';

export interface Catalogue {
  titles: string[];
  /** Genre names of item i joined by "|" as in movies.csv. */
  genres: string[];
  imdbIds: Int32Array;
  /** 0 when unknown (written as an empty field). */
  tmdbIds: Int32Array;
  tagWords: string[];
}

function word(uniform: () => number, syllables: number): string {
  let w = '';
  for (let s = 0; s < syllables; s++) w += SYLLABLES[Math.floor(uniform() * SYLLABLES.length)];
  return w[0]!.toUpperCase() + w.slice(1);
}

export function synthCatalogue(world: SynthWorld): Catalogue {
  const { items, factors, seed, noun } = world.settings;
  const names = noun === 'movie' ? MOVIE_GENRES : OTHER_GENRES;
  const random = stream(seed, 10);
  const normal = gaussian(random);
  // Each genre is a direction in taste space; an item belongs to the genres its vector points along.
  const directions = new Float64Array(names.length * factors);
  for (let g = 0; g < names.length; g++) {
    let norm = 0;
    for (let f = 0; f < factors; f++) norm += (directions[g * factors + f] = normal()) ** 2;
    for (let f = 0; f < factors; f++) directions[g * factors + f]! /= Math.sqrt(norm);
  }
  const titles = new Array<string>(items);
  const genres = new Array<string>(items);
  const imdbIds = new Int32Array(items);
  const tmdbIds = new Int32Array(items);
  const along = new Float64Array(names.length);
  let imdb = 10000;
  for (let i = 0; i < items; i++) {
    const year = Math.max(1915, 2020 - Math.floor(-20 * Math.log(1 - random())));
    let title = word(random, 2 + Math.floor(random() * 2));
    if (random() < 0.5) title += ' ' + word(random, 1 + Math.floor(random() * 2));
    const r = random();
    if (r < 0.04) title += ', The';
    else if (r < 0.05) title = `"${title}"`;
    else if (r < 0.08) title += ' ' + (2 + Math.floor(random() * 3));
    titles[i] = `${title} (${year})`;

    for (let g = 0; g < names.length; g++) {
      let dot = 0;
      for (let f = 0; f < factors; f++) dot += world.itemFactors[i * factors + f]! * directions[g * factors + f]!;
      along[g] = dot * Math.sqrt(factors);
    }
    const order = [...along.keys()].sort((a, b) => along[b]! - along[a]!);
    const chosen = order.filter((g, k) => k === 0 || (k < 3 && along[g]! > 0.9));
    genres[i] = random() < 0.01 ? NO_GENRES : chosen.map((g) => names[g]).join('|');

    imdbIds[i] = imdb += 1 + Math.floor(random() * 40);
    tmdbIds[i] = random() < 0.01 ? 0 : 1 + Math.floor(random() * 900000);
  }
  const tagWords = Array.from({ length: 200 }, (_, k) =>
    k < names.length ? names[k]!.toLowerCase() : word(random, 2 + (k % 2)).toLowerCase(),
  );
  return { titles, genres, imdbIds, tmdbIds, tagWords };
}
