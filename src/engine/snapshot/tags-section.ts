/**
 * Tags section. Ratings mode keeps every row in file order: tagger, item, text (an index into the vocabulary), time.
 * Model mode ships the tag summary (dataset/tag-summary.ts): one row per distinct (item, text) with its count, all
 * the app uses tags for, at a fraction of the size on a large catalogue. Both in the plain layout.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { summariseTags } from '../dataset/tag-summary.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';

export type TagsPart = Pick<
  Dataset,
  'tagUserIds' | 'tagItems' | 'tagTexts' | 'tagVocabulary' | 'tagTimes' | 'tagCounts'
>;

/** Plain layout: taggers, items and times as differences from the previous tag, text indices, the vocabulary. */
export function writeTags(d: Dataset, w: SectionWriter): void {
  w.deltas('tags.users', d.tagUserIds);
  w.deltas('tags.items', d.tagItems);
  w.ints('tags.texts', d.tagTexts);
  w.texts('tags.vocabulary', d.tagVocabulary);
  w.deltas('tags.times', d.tagTimes);
}

/** The tag summary: items (sorted, as differences), text indices, counts, the vocabulary. Returns its row count. */
export function writeTagSummary(d: Dataset, w: SectionWriter): number {
  const s = summariseTags(d);
  w.deltas('tags.items', s.items);
  w.ints('tags.texts', s.texts);
  w.ints('tags.counts', s.counts);
  w.texts('tags.vocabulary', d.tagVocabulary);
  return s.items.length;
}

const bad = (what: string) => new SnapshotError(`snapshot tags are corrupt: ${what}`);

export function readTags(r: SectionReader, tagCount: number, vocabularyCount: number, itemCount: number): TagsPart {
  if (r.has('tags.counts')) return readTagSummary(r, tagCount, vocabularyCount, itemCount);
  const users = r.deltas('tags.users', tagCount);
  const { tagItems, tagTexts } = readItemTexts(r, tagCount, vocabularyCount, itemCount);
  const tagUserIds = new Int32Array(tagCount);
  for (let k = 0; k < tagCount; k++) {
    const user = users[k]!;
    if (!(user > 0 && user <= 0x7fffffff)) throw bad('user out of range');
    tagUserIds[k] = user;
  }
  const tagVocabulary = r.texts('tags.vocabulary', vocabularyCount);
  return { tagUserIds, tagItems, tagTexts, tagVocabulary, tagTimes: r.deltas('tags.times', tagCount) };
}

function readTagSummary(r: SectionReader, rows: number, vocabularyCount: number, itemCount: number): TagsPart {
  const { tagItems, tagTexts } = readItemTexts(r, rows, vocabularyCount, itemCount);
  const counts = r.ints('tags.counts', rows);
  const tagCounts = new Uint32Array(rows);
  for (let k = 0; k < rows; k++) {
    const c = counts[k]!;
    if (!(c >= 1 && c <= 0xffffffff)) throw bad(`row ${k} counts ${c} applications`);
    tagCounts[k] = c;
  }
  const tagVocabulary = r.texts('tags.vocabulary', vocabularyCount);
  return {
    tagUserIds: new Int32Array(0),
    tagItems,
    tagTexts,
    tagVocabulary,
    tagTimes: new Float64Array(0),
    tagCounts,
  };
}

function readItemTexts(
  r: SectionReader,
  rows: number,
  vocabularyCount: number,
  itemCount: number,
): Pick<Dataset, 'tagItems' | 'tagTexts'> {
  const items = r.deltas('tags.items', rows);
  const texts = r.ints('tags.texts', rows);
  const tagItems = new Int32Array(rows);
  const tagTexts = new Uint32Array(rows);
  for (let k = 0; k < rows; k++) {
    const item = items[k]!;
    const text = texts[k]!;
    if (!(item >= 0 && item < itemCount)) throw bad('item out of range');
    if (!(text >= 0 && text < vocabularyCount)) throw bad('tag text out of range');
    tagItems[k] = item;
    tagTexts[k] = text;
  }
  return { tagItems, tagTexts };
}
