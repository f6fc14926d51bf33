/**
 * encodeSnapshot / decodeSnapshot: Dataset ↔ the uncompressed snapshot bytes. Pure TypeScript, used by the
 * build (encode), the worker, the CLIs and the tests (decode). The file on disk is these bytes gzipped
 * (see decompress.ts for reading it in a browser, src/build/snapshot-file.ts for writing it in Node).
 */
import type { Dataset } from '../dataset.ts';
import { splitTitleYear } from '../text/normalize-title.ts';
import { readContainer, writeContainer, type Section } from './container.ts';
import { SnapshotError } from './errors.ts';
import { readItems, writeItems } from './items-section.ts';
import { readLinks, writeLinks } from './links-section.ts';
import { SectionReader, SectionWriter } from './plain-sections.ts';
import { readPlainRatings, writePlainRatings } from './ratings-plain.ts';
import { decodeRatings, encodeRatings } from './ratings-section.ts';
import { readTags, writeTags } from './tags-section.ts';
import { readTitles, writeTitles } from './titles-section.ts';

/** 8 / log2(4096/4095): the most 12-bit-probability decisions one coded byte can carry. */
const DECISIONS_PER_BYTE = 22_712;

/** "coded": the snapshot as shipped; "plain": every part in the plain layout, what the coding is measured against. */
export type Layout = 'coded' | 'plain';

export interface EncodedSnapshot {
  bytes: Uint8Array;
  /** The container's sections, for the build's size report (see sectionGroups). */
  sections: Section[];
}

/** The part of the dataset a section belongs to: its name up to the first dot ("items.ids" → "items"). */
export const groupOf = (section: string): string => section.replace(/\..*/, '');

/** Stored size of each part of the dataset (items, titles, …), in file order. */
export function sectionGroups(sections: readonly Section[]): { name: string; bytes: number }[] {
  const groups = new Map<string, number>();
  for (const s of sections) groups.set(groupOf(s.name), (groups.get(groupOf(s.name)) ?? 0) + s.bytes.length);
  return [...groups].map(([name, bytes]) => ({ name, bytes }));
}

export function encodeSnapshotWithReport(d: Dataset, layout: Layout = 'coded'): EncodedSnapshot {
  const w = new SectionWriter();
  writeItems(d, w);
  writeTitles(d.titles, w);
  writeLinks(d, w);
  if (layout === 'plain') writePlainRatings(d, w);
  else w.coded('ratings', encodeRatings(d));
  writeTags(d, w);
  const counts = {
    items: d.itemIds.length,
    users: d.userIds.length,
    ratings: d.ratingItems.length,
    tags: d.tagItems.length,
    genres: d.genres.length,
    tagTexts: d.tagVocabulary.length,
  };
  const bytes = writeContainer({ manifest: d.manifest, counts, sections: w.sections });
  return { bytes, sections: w.sections };
}

export function encodeSnapshot(d: Dataset, layout: Layout = 'coded'): Uint8Array {
  return encodeSnapshotWithReport(d, layout).bytes;
}

/** Runs one section's decoder; a caller can pass one that measures each section (npm run snapshot does). */
export type SectionRunner = <T>(name: string, decode: () => T) => T;

/** Decode uncompressed snapshot bytes. Throws SnapshotError naming what is wrong; never loops on bad data. */
export function decodeSnapshot(bytes: Uint8Array, run: SectionRunner = (_, decode) => decode()): Dataset {
  const { manifest, counts, sections } = readContainer(bytes);
  const r = new SectionReader(sections);
  // Every user and rating costs at least one coded decision, and a decision costs at least log2(4096/4095)
  // bits, so n bytes of coded ratings hold at most ~22,711·n of them: a larger count is corrupt, and refusing
  // it up front bounds what a garbled header can make the decoder allocate. (Plain sections check their
  // lengths before they allocate.)
  const codedLimit = r.has('ratings') ? DECISIONS_PER_BYTE * (r.coded('ratings').length + 8) : Infinity;
  for (const [name, count] of [
    ['users', counts.users],
    ['ratings', counts.ratings],
  ] as const) {
    if (count > codedLimit) throw new SnapshotError(`snapshot is corrupt: ${count} ${name} cannot fit in the ratings`);
  }
  const items = run('items', () => readItems(r, counts.items, counts.genres));
  const titles = run('titles', () => readTitles(r, counts.items));
  const ratings = run('ratings', () =>
    r.has('ratings')
      ? decodeRatings(r.coded('ratings'), counts.users, counts.ratings, counts.items)
      : readPlainRatings(r, counts.users, counts.ratings, counts.items),
  );
  const tags = run('tags', () => readTags(r, counts.tags, counts.tagTexts, counts.items));
  // The years are read from the titles, as dataset-parse.ts reads them, so they are not stored.
  const years = Int16Array.from(titles, (t) => splitTitleYear(t).year);
  const links = run('links', () => readLinks(r, counts.items));
  return { manifest, ...items, titles, years, ...links, ...ratings, ...tags };
}
