/** Items section: external ids, the genre vocabulary and each item's genre list, in the plain layout. */
import type { Dataset } from '../dataset/dataset.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';

export interface ItemsPart {
  itemIds: Int32Array;
  genres: string[];
  genreOffsets: Uint32Array;
  itemGenres: Uint16Array;
}

const MAX_ID = 0x7fffffff;

/** Plain layout: ids as differences, the genre names, each item's genre count and the genre lists. */
export function writeItems(d: Dataset, w: SectionWriter): void {
  w.deltas('items.ids', d.itemIds);
  w.texts('items.genres', d.genres);
  w.ints(
    'items.genreCounts',
    Array.from({ length: d.itemIds.length }, (_, i) => d.genreOffsets[i + 1]! - d.genreOffsets[i]!),
  );
  w.ints('items.genreLists', d.itemGenres);
}

export function readItems(r: SectionReader, itemCount: number, genreCount: number): ItemsPart {
  const bad = (what: string) => new SnapshotError(`snapshot items are corrupt: ${what}`);
  const ids = r.deltas('items.ids', itemCount);
  const itemIds = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) {
    const id = ids[i]!;
    if (!(Number.isInteger(id) && id > (i ? ids[i - 1]! : 0) && id <= MAX_ID)) throw bad('item ids out of order');
    itemIds[i] = id;
  }
  const genres = r.texts('items.genres', genreCount);
  const counts = r.ints('items.genreCounts', itemCount);
  const genreOffsets = new Uint32Array(itemCount + 1);
  let total = 0;
  for (let i = 0; i < itemCount; i++) {
    const n = counts[i]!;
    if (!(Number.isInteger(n) && n >= 0 && n <= genreCount)) throw bad('a genre count out of range');
    genreOffsets[i] = total;
    total += n;
  }
  genreOffsets[itemCount] = total;
  const lists = r.ints('items.genreLists', total);
  const itemGenres = new Uint16Array(total);
  for (let k = 0; k < total; k++) {
    const g = lists[k]!;
    if (!(g >= 0 && g < genreCount)) throw bad('genre index out of range');
    itemGenres[k] = g;
  }
  return { itemIds, genres, genreOffsets, itemGenres };
}
