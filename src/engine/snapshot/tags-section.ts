/** Tags section, in file order: tagger, item, text (an index into the vocabulary), time; in the plain layout. */
import type { Dataset } from '../dataset.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';

export interface TagsPart {
  tagUserIds: Int32Array;
  tagItems: Int32Array;
  tagTexts: Uint32Array;
  tagVocabulary: string[];
  tagTimes: Float64Array;
}

/** Plain layout: taggers, items and times as differences from the previous tag, text indices, the vocabulary. */
export function writeTags(d: Dataset, w: SectionWriter): void {
  w.deltas('tags.users', d.tagUserIds);
  w.deltas('tags.items', d.tagItems);
  w.ints('tags.texts', d.tagTexts);
  w.texts('tags.vocabulary', d.tagVocabulary);
  w.deltas('tags.times', d.tagTimes);
}

export function readTags(r: SectionReader, tagCount: number, vocabularyCount: number, itemCount: number): TagsPart {
  const bad = (what: string) => new SnapshotError(`snapshot tags are corrupt: ${what}`);
  const users = r.deltas('tags.users', tagCount);
  const items = r.deltas('tags.items', tagCount);
  const texts = r.ints('tags.texts', tagCount);
  const tagUserIds = new Int32Array(tagCount);
  const tagItems = new Int32Array(tagCount);
  const tagTexts = new Uint32Array(tagCount);
  for (let k = 0; k < tagCount; k++) {
    const user = users[k]!;
    const item = items[k]!;
    const text = texts[k]!;
    if (!(user > 0 && user <= 0x7fffffff && item >= 0 && item < itemCount)) throw bad('user or item out of range');
    if (!(text >= 0 && text < vocabularyCount)) throw bad('tag text out of range');
    tagUserIds[k] = user;
    tagItems[k] = item;
    tagTexts[k] = text;
  }
  const tagVocabulary = r.texts('tags.vocabulary', vocabularyCount);
  return { tagUserIds, tagItems, tagTexts, tagVocabulary, tagTimes: r.deltas('tags.times', tagCount) };
}
