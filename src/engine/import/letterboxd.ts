/**
 * Letterboxd history: the ratings.csv of a Letterboxd data export (Date,Name,Year,Letterboxd URI,Rating; Rating in
 * half stars 0.5–5). Letterboxd ids mean nothing to the dataset, so items are found by title and year.
 */
import type { Dataset } from '../dataset.ts';
import { isOnScale } from '../manifest.ts';
import { collectHistory, parseDate, readHistoryTable, type HistoryImport } from './external-history.ts';
import { parseDecimal, timeRange } from './fields.ts';
import { LETTERBOXD_SCALE, toDatasetScale } from './scale.ts';
import { buildTitleIndex, matchTitle } from './title-match.ts';

const FILE = 'ratings.csv';
const LETTERBOXD_STEPS = { min: 0.5, max: 5, step: 0.5 };

/** Match a Letterboxd ratings.csv against the dataset. Throws ImportError only when the file is not such a CSV. */
export function importLetterboxd(text: string, dataset: Dataset, now: number = Date.now()): HistoryImport {
  const { table, cols } = readHistoryTable(text, FILE, ['Name', 'Rating'], ['Date', 'Year', 'Letterboxd URI']);
  const index = buildTitleIndex(dataset);
  return collectHistory(table, cols, 'Name', ({ field, title, yearText, year }) => {
    const ratingText = field('Rating');
    const stars = parseDecimal(ratingText);
    const time = parseDate(field('Date'), now);
    if (title === '') return 'field "Name" is empty';
    if (ratingText === '') return 'field "Rating" is empty: watched but not rated';
    if (!isOnScale(stars, LETTERBOXD_STEPS)) return `field "Rating": "${ratingText}" is not a half-star rating 0.5–5`;
    if (Number.isNaN(year)) return `field "Year": "${yearText}" is not a year`;
    if (Number.isNaN(time)) return `field "Date": "${field('Date')}" is not a date YYYY-MM-DD ${timeRange(now)}`;
    const m = matchTitle(index, title, year);
    if (m.item < 0) return 'reason' in m ? m.reason : 'not found';
    const value = toDatasetScale(stars, LETTERBOXD_SCALE, dataset.manifest.ratingScale);
    return { item: dataset.itemIds[m.item]!, value, time };
  });
}
