/**
 * Letterboxd history: the ratings.csv of a Letterboxd data export (Date,Name,Year,Letterboxd URI,Rating; Rating in
 * half stars 0.5–5). Letterboxd ids mean nothing to the dataset, so items are found by title and year.
 */
import type { Dataset } from '../dataset.ts';
import { isOnScale } from '../manifest.ts';
import { keepNewestPerItem, parseDate, parseYear, readHistoryTable, type HistoryImport } from './external-history.ts';
import { LETTERBOXD_SCALE, toDatasetScale } from './scale.ts';
import { buildTitleIndex, matchTitle } from './title-match.ts';

const FILE = 'ratings.csv';
const LETTERBOXD_STEPS = { min: 0.5, max: 5, step: 0.5 };

/** Match a Letterboxd ratings.csv against the dataset. Throws ImportError only when the file is not such a CSV. */
export function importLetterboxd(text: string, dataset: Dataset): HistoryImport {
  const { table, cols } = readHistoryTable(text, FILE, ['Name', 'Rating'], ['Date', 'Year', 'Letterboxd URI']);
  const index = buildTitleIndex(dataset);
  const result: HistoryImport = { matched: [], unmatched: [] };
  const titles = new Map<number, { title: string; year: number }>();
  const field = (f: string[], name: string) => (cols.has(name) ? (f[cols.get(name)!] ?? '') : '');
  for (const { line, fields } of table.rows) {
    const title = field(fields, 'Name').trim();
    const yearText = field(fields, 'Year');
    const year = parseYear(yearText);
    const shown = { title, year: Number.isNaN(year) ? 0 : year };
    titles.set(line, shown);
    const miss = (reason: string) => result.unmatched.push({ line, ...shown, reason });
    if (fields.length !== table.header.length) {
      miss(`${fields.length} fields where the header has ${table.header.length}`);
      continue;
    }
    const ratingText = field(fields, 'Rating').trim();
    const stars = ratingText === '' ? NaN : Number(ratingText);
    const time = parseDate(field(fields, 'Date'));
    if (title === '') miss('field "Name" is empty');
    else if (ratingText === '') miss('field "Rating" is empty: watched but not rated');
    else if (!isOnScale(stars, LETTERBOXD_STEPS))
      miss(`field "Rating": "${ratingText}" is not a half-star rating 0.5–5`);
    else if (Number.isNaN(year)) miss(`field "Year": "${yearText}" is not a year`);
    else if (Number.isNaN(time)) miss(`field "Date": "${field(fields, 'Date')}" is not a date YYYY-MM-DD`);
    else {
      const m = matchTitle(index, title, year);
      if (m.item < 0) miss('reason' in m ? m.reason : 'not found');
      else {
        const value = toDatasetScale(stars, LETTERBOXD_SCALE, dataset.manifest.ratingScale);
        result.matched.push({ item: dataset.itemIds[m.item]!, value, time, row: line });
      }
    }
  }
  keepNewestPerItem(result, titles);
  return result;
}
