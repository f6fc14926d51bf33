/** Titles section: every item's title, exactly as parsed, in the plain layout. */
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';
import { splitTitleYear } from '../text/normalize-title.ts';

const yearText = (year: number) => String(year).padStart(4, '0');

/**
 * Plain layout: the titles as texts, less a final " (YYYY)", and those years as numbers (-1: none), which gzip
 * stores in fewer bytes than their digits. Only a year written exactly so is split off, so that the title comes
 * back exactly; other forms ("(2006–2007)", "Title(1999)") stay in the text.
 */
export function writeTitles(titles: readonly string[], w: SectionWriter): void {
  const years = new Int16Array(titles.length);
  const rests = titles.map((t, i) => {
    const { title, year } = splitTitleYear(t);
    const split = `${title} (${yearText(year)})` === t;
    years[i] = split ? year : -1;
    return split ? title : t;
  });
  w.texts('titles.texts', rests);
  w.ints('titles.years', years);
}

export function readTitles(r: SectionReader, itemCount: number): string[] {
  const rests = r.texts('titles.texts', itemCount);
  const years = r.ints('titles.years', itemCount);
  return rests.map((rest, i) => {
    const y = years[i]!;
    if (!(Number.isInteger(y) && y >= -1 && y <= 9999))
      throw new SnapshotError('snapshot titles are corrupt: bad year');
    return y < 0 ? rest : `${rest} (${yearText(y)})`;
  });
}
