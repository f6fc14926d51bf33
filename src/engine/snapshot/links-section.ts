/** Links section: IMDb and TMDB ids per item (0 = unknown), in the plain layout. */
import type { Dataset } from '../dataset/dataset.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';

export interface LinksPart {
  imdbIds: Int32Array;
  tmdbIds: Int32Array;
}

/** Plain layout: each column of ids as it is. */
export function writeLinks(d: Dataset, w: SectionWriter): void {
  w.ints('links.imdb', d.imdbIds);
  w.ints('links.tmdb', d.tmdbIds);
}

export function readLinks(r: SectionReader, itemCount: number): LinksPart {
  const column = (name: string) => {
    const stored = r.ints(name, itemCount);
    const ids = new Int32Array(itemCount);
    for (let i = 0; i < itemCount; i++) {
      const id = stored[i]!;
      if (!(id >= 0 && id <= 0x7fffffff)) throw new SnapshotError('snapshot links are corrupt: id out of range');
      ids[i] = id;
    }
    return ids;
  };
  return { imdbIds: column('links.imdb'), tmdbIds: column('links.tmdb') };
}
