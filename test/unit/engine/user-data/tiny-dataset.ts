/** A small dataset in the MovieLens layout, built through the real parser, for import tests that need no 100k rows. */
import { parseDataset } from '../../../../src/engine/dataset/parse.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';

const MOVIES = `movieId,title,genres
1,Toy Story (1995),Animation
47,Seven (a.k.a. Se7en) (1995),Thriller
1233,"Boot, Das (Boat, The) (1981)",War
1721,Titanic (1997),Drama
2571,"Matrix, The (1999)",Sci-Fi
3404,Titanic (1953),Drama
4973,"Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)",Comedy
5000,Untitled Project,Drama
6000,Hamlet (1996),Drama
6001,Hamlet (2000),Drama
`;

const LINKS = `movieId,imdbId,tmdbId
1,0114709,862
2571,0133093,603
4973,0211915,194
`;

export function tinyDataset(scale = { min: 0.5, max: 5, step: 0.5 }): Dataset {
  return parseDataset({
    'dataset.json': JSON.stringify({ name: 'Tiny', itemNoun: 'movie', license: 'test', ratingScale: scale }),
    'movies.csv': MOVIES,
    // Two different values: a dataset whose ratings are all alike is refused (dataset-servable.ts).
    'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,964982703\n2,47,3,964982704\n',
    'links.csv': LINKS,
  });
}
