/**
 * encodeSnapshot / decodeSnapshot: Dataset ↔ the uncompressed snapshot bytes. Pure TypeScript, used by the
 * build (encode), the worker, the CLIs and the tests (decode). The file on disk is these bytes gzipped
 * (see decompress.ts for reading it in a browser, src/build/snapshot-file.ts for writing it in Node).
 */
import type { Dataset } from '../dataset.ts';
import { readContainer, writeContainer, type Section } from './container.ts';
import { SnapshotError } from './errors.ts';
import { decodeItems, encodeItems } from './items-section.ts';
import { decodeLinks, encodeLinks } from './links-section.ts';
import { decodeRatings, encodeRatings } from './ratings-section.ts';
import { decodeTags, encodeTags } from './tags-section.ts';
import { decodeTitles, encodeTitles } from './titles-section.ts';

/** Release year from a trailing "(YYYY)", exactly as dataset-parse.ts derives it (so it is not stored). */
const YEAR_AT_END = /\((\d{4})\)\s*$/;
/** 8 / log2(4096/4095): the most 12-bit-probability decisions one coded byte can carry. */
const DECISIONS_PER_BYTE = 22_712;

export interface EncodedSnapshot {
  bytes: Uint8Array;
  /** Coded size of each section, for the build's size report. */
  sections: { name: string; bytes: number }[];
}

export function encodeSnapshotWithReport(d: Dataset): EncodedSnapshot {
  const sections: Section[] = [
    { name: 'items', bytes: encodeItems(d) },
    { name: 'titles', bytes: encodeTitles(d.titles) },
    { name: 'links', bytes: encodeLinks(d) },
    { name: 'ratings', bytes: encodeRatings(d) },
    { name: 'tags', bytes: encodeTags(d) },
  ];
  const counts = {
    items: d.itemIds.length,
    users: d.userIds.length,
    ratings: d.ratingItems.length,
    tags: d.tagItems.length,
    genres: d.genres.length,
    tagTexts: d.tagVocabulary.length,
  };
  const bytes = writeContainer({ manifest: d.manifest, counts, sections });
  return { bytes, sections: sections.map((s) => ({ name: s.name, bytes: s.bytes.length })) };
}

export function encodeSnapshot(d: Dataset): Uint8Array {
  return encodeSnapshotWithReport(d).bytes;
}

/** Runs one section's decoder; a caller can pass one that measures each section (npm run snapshot does). */
export type SectionRunner = <T>(name: string, decode: () => T) => T;

/** Decode uncompressed snapshot bytes. Throws SnapshotError naming what is wrong; never loops on bad data. */
export function decodeSnapshot(bytes: Uint8Array, run: SectionRunner = (_, decode) => decode()): Dataset {
  const { manifest, counts, sections } = readContainer(bytes);
  const section = (name: string) => {
    const s = sections.find((x) => x.name === name);
    if (!s) throw new SnapshotError(`snapshot has no "${name}" section`);
    return s.bytes;
  };
  // Every counted thing costs at least one coded decision, and a decision costs at least log2(4096/4095)
  // bits, so a section of n bytes holds at most ~22,711·n of anything: a larger count is corrupt, and
  // refusing it up front bounds what a garbled header can make the decoder allocate.
  const bound = (name: string, count: number, sectionName: string) => {
    const limit = DECISIONS_PER_BYTE * (section(sectionName).length + 8);
    if (count > limit) {
      throw new SnapshotError(`snapshot is corrupt: ${count} ${name} cannot fit in the ${sectionName} section`);
    }
  };
  bound('items', counts.items, 'items');
  bound('genres', counts.genres, 'items');
  bound('users', counts.users, 'ratings');
  bound('ratings', counts.ratings, 'ratings');
  bound('tags', counts.tags, 'tags');
  if (counts.tagTexts > counts.tags) {
    throw new SnapshotError(`snapshot is corrupt: ${counts.tagTexts} tag texts for only ${counts.tags} tags`);
  }
  const items = run('items', () => decodeItems(section('items'), counts.items, counts.genres));
  const titles = run('titles', () => decodeTitles(section('titles'), counts.items));
  const ratings = run('ratings', () => decodeRatings(section('ratings'), counts.users, counts.ratings, counts.items));
  const tags = run('tags', () => decodeTags(section('tags'), counts.tags, counts.tagTexts, counts.items));
  const years = new Int16Array(counts.items);
  titles.forEach((t, i) => {
    const m = YEAR_AT_END.exec(t);
    years[i] = m ? Number(m[1]) : 0;
  });
  const links = run('links', () => decodeLinks(section('links'), years));
  return { manifest, ...items, titles, years, ...links, ...ratings, ...tags };
}
