/**
 * IMDb history: the ratings export of imdb.com ("Your Ratings" → Export). Columns, in the 2024 layout:
 * Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,
 * Release Date,Directors (older exports lack Original Title). Items are found by IMDb id through the dataset's links
 * first, then by title (or original title) and year; ratings 1–10 are mapped onto the dataset's scale.
 */
import type { Dataset } from '../dataset/dataset.ts';
import {
  collectHistory,
  imdbIndex,
  parseDate,
  parseImdbId,
  readHistoryTable,
  type HistoryImport,
} from './external-history.ts';
import { parseDecimal, timeRange } from './fields.ts';
import { IMDB_SCALE, toDatasetScale } from './scale.ts';
import { buildTitleIndex, matchTitle, type TitleMatch } from './title-match.ts';

const FILE = 'ratings.csv';
/**
 * IMDb title types that are not films ("TV Series", "TV Episode", "TV Mini Series", "Video Game", "Podcast Series").
 * They are matched by IMDb id only (the dataset may hold a mini-series), never by title, where an episode called
 * "Pilot" or "Titanic" would land on a film of that name.
 */
const NOT_A_FILM = /series|episode|game|podcast/i;

/** Match an IMDb ratings export against the dataset. Throws ImportError only when the file is not such a CSV. */
export function importImdb(
  text: string,
  dataset: Dataset,
  now: number = Date.now(),
  file: string = FILE,
): HistoryImport {
  const { table, cols } = readHistoryTable(
    text,
    file,
    ['Const', 'Your Rating', 'Title'],
    ['Date Rated', 'Year', 'Original Title', 'Title Type'],
  );
  const byImdb = imdbIndex(dataset);
  const index = buildTitleIndex(dataset);
  return collectHistory(table, cols, 'Title', ({ field, title, yearText, year }) => {
    const ratingText = field('Your Rating');
    const rating = parseDecimal(ratingText);
    const time = parseDate(field('Date Rated'), now);
    const code = parseImdbId(field('Const'));
    if (!(Number.isInteger(rating) && rating >= IMDB_SCALE.min && rating <= IMDB_SCALE.max))
      return `field "Your Rating": "${ratingText}" is not a whole number 1–10`;
    if (Number.isNaN(year)) return `field "Year": "${yearText}" is not a year`;
    if (Number.isNaN(time))
      return `field "Date Rated": "${field('Date Rated')}" is not a date YYYY-MM-DD ${timeRange(now)}`;
    let m: TitleMatch = { item: -1, reason: 'no IMDb id or title to match' };
    const byId = byImdb.get(code);
    const titleType = field('Title Type').trim();
    if (byId !== undefined) m = { item: byId };
    else if (NOT_A_FILM.test(titleType))
      m = { item: -1, reason: `a ${titleType}, not a film, and its IMDb id is not in the dataset` };
    else {
      for (const t of [title, field('Original Title').trim()]) {
        if (t === '' || m.item >= 0) continue;
        const found = matchTitle(index, t, year);
        if (found.item >= 0 || t === title) m = found;
      }
    }
    if (m.item < 0) return 'reason' in m ? m.reason : 'not found';
    const value = toDatasetScale(rating, IMDB_SCALE, dataset.manifest.ratingScale);
    return { item: dataset.itemIds[m.item]!, value, time };
  });
}
