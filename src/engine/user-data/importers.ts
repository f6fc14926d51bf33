/** Another site's rating history, by the site it comes from: one importer per HistorySource, as the compiler checks. */
import type { Dataset } from '../dataset/dataset.ts';
import type { HistoryImport, HistorySource } from './external-history.ts';
import { importImdb } from './imdb.ts';
import { importLetterboxd } from './letterboxd.ts';

/** `now` bounds the dates a file may give; `file` is its name as the user chose it, for the errors. */
export type Importer = (text: string, dataset: Dataset, now?: number, file?: string) => HistoryImport;

export const IMPORTERS: Readonly<Record<HistorySource, Importer>> = {
  letterboxd: importLetterboxd,
  imdb: importImdb,
};

/** The history of `source` matched to the dataset's items; a source with no importer (from the worker boundary, a plain string) is refused. */
export function importHistory(source: HistorySource, text: string, dataset: Dataset, file?: string): HistoryImport {
  if (!Object.hasOwn(IMPORTERS, source))
    throw new RangeError(`unknown history source "${String(source)}": expected ${Object.keys(IMPORTERS).join(' or ')}`);
  return IMPORTERS[source](text, dataset, Date.now(), file);
}
