/**
 * Letterboxd history, in either of its two layouts:
 * - the ratings.csv of a Letterboxd data export: Date,Name,Year,Letterboxd URI,Rating;
 * - Letterboxd's import format (what Matinee's Letterboxd export writes): imdbID,Title,Year,Rating,WatchedDate.
 * Rating is in half stars 0.5–5. Letterboxd's own ids mean nothing to the dataset: an IMDb id, when the file has one,
 * finds the item through the dataset's links; otherwise the title and year do.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { isOnScale } from '../dataset/manifest.ts';
import {
  collectHistory,
  imdbIndex,
  parseDate,
  parseImdbId,
  readHistoryTable,
  type HistoryImport,
} from './external-history.ts';
import { parseDecimal, timeRange } from './fields.ts';
import { LETTERBOXD_SCALE, toDatasetScale } from './scale.ts';
import { buildTitleIndex, matchTitle } from './title-match.ts';

const FILE = 'ratings.csv';

/** Match a Letterboxd CSV against the dataset. Throws ImportError only when the file is not such a CSV. */
export function importLetterboxd(
  text: string,
  dataset: Dataset,
  now: number = Date.now(),
  file: string = FILE,
): HistoryImport {
  const { table, cols } = readHistoryTable(
    text,
    file,
    [['Name', 'Title'], 'Rating'],
    ['Date', 'WatchedDate', 'Year', 'Letterboxd URI', 'imdbID'],
  );
  // The export's "Name" and "Date", or the import format's "Title" and "WatchedDate".
  const titleColumn = cols.has('Name') ? 'Name' : 'Title';
  const dateColumn = cols.has('Date') ? 'Date' : 'WatchedDate';
  const byImdb = imdbIndex(dataset);
  const index = buildTitleIndex(dataset);
  return collectHistory(table, cols, titleColumn, ({ field, title, yearText, year }) => {
    const ratingText = field('Rating');
    const stars = parseDecimal(ratingText);
    const time = parseDate(field(dateColumn), now);
    if (title === '') return `field "${titleColumn}" is empty`;
    if (ratingText === '') return 'field "Rating" is empty: watched but not rated';
    if (!isOnScale(stars, LETTERBOXD_SCALE)) return `field "Rating": "${ratingText}" is not a half-star rating 0.5–5`;
    if (Number.isNaN(year)) return `field "Year": "${yearText}" is not a year`;
    if (Number.isNaN(time))
      return `field "${dateColumn}": "${field(dateColumn)}" is not a date YYYY-MM-DD ${timeRange(now)}`;
    const byId = byImdb.get(parseImdbId(field('imdbID')));
    const m = byId !== undefined ? { item: byId } : matchTitle(index, title, year);
    if (m.item < 0) return 'reason' in m ? m.reason : 'not found';
    const value = toDatasetScale(stars, LETTERBOXD_SCALE, dataset.manifest.ratingScale);
    return { item: dataset.itemIds[m.item]!, value, time };
  });
}
