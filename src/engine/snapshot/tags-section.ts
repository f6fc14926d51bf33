/**
 * Tags section, in file order: tagger, item, text, time. The tag vocabulary is coded inline: a tag text
 * is either the next new word (spelled out through the text coder, which is how the first-seen vocabulary
 * order comes back for free) or an earlier one, coded by its current popularity rank among tag texts.
 * Taggers and items repeat in runs (one user tags one film several times), so both are coded as signed
 * differences from the previous tag.
 */
import type { Dataset } from '../dataset.ts';
import { AdaptiveBits } from './adaptive-bits.ts';
import { SnapshotError } from './errors.ts';
import { bitLength, SignedCoder, UIntCoder } from './int-coder.ts';
import { PopularityRanks } from './popularity-ranks.ts';
import { RangeDecoder, RangeEncoder, type BitIO } from './range-coder.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';
import { tableBitsFor, TextCoder } from './text-coder.ts';
import { TEXT_BUDGET_RATIO } from './titles-section.ts';

const CONTEXTS = 56;
const MAX_TEXT_TABLE_BITS = 18; // ~19 KB of tag text

export interface TagsPart {
  tagUserIds: Int32Array;
  tagItems: Int32Array;
  tagTexts: Uint32Array;
  tagVocabulary: string[];
  tagTimes: Float64Array;
}

class TagsModel {
  readonly users = new SignedCoder(1);
  readonly items = new SignedCoder(2, 4);
  readonly isNew = new AdaptiveBits(2);
  readonly known = new UIntCoder(1, 4);
  readonly times = new SignedCoder(2 * CONTEXTS, 4, CONTEXTS);
  readonly text: TextCoder;
  readonly ranks: PopularityRanks;
  prevUser = 0;
  prevItem = 0;
  prevTime = 0;
  timeCtx = CONTEXTS - 1;
  vocabSize = 0;

  constructor(vocabularyCount: number, maxTextBytes = Infinity) {
    this.text = new TextCoder(tableBitsFor(vocabularyCount, MAX_TEXT_TABLE_BITS), maxTextBytes);
    this.ranks = new PopularityRanks(vocabularyCount);
  }

  /** Code one tag; the decoder gets back [user, item, textIndex, time]. */
  code(io: BitIO, user: number, item: number, textIndex: number, time: number, hasTimes: boolean, texts: string[]) {
    const du = this.users.code(io, 0, user - this.prevUser);
    user = this.prevUser + du;
    const sameUser = du === 0 ? 1 : 0;
    const di = this.items.code(io, sameUser, item - this.prevItem);
    item = this.prevItem + di;
    const sameItem = di === 0 ? 1 : 0;
    const fresh = this.isNew.code(io, sameUser, textIndex === this.vocabSize ? 1 : 0);
    if (fresh) {
      if (this.vocabSize >= this.ranks.itemAt.length)
        throw new SnapshotError('snapshot tags are corrupt: too many tag texts');
      const s = this.text.code(io, texts[textIndex] ?? '');
      if (texts.length === this.vocabSize) texts.push(s);
      textIndex = this.vocabSize++;
    } else {
      const rank = this.known.code(io, 0, this.ranks.rankOf[textIndex] ?? 0);
      if (rank >= this.vocabSize) throw new SnapshotError('snapshot tags are corrupt: tag text out of range');
      textIndex = this.ranks.itemAt[rank]!;
    }
    this.ranks.hit(textIndex);
    if (hasTimes) {
      const dt = this.times.code(io, sameItem * CONTEXTS + this.timeCtx, time - this.prevTime, this.timeCtx);
      this.timeCtx = Math.min(bitLength(Math.abs(dt)), CONTEXTS - 2);
      time = this.prevTime + dt;
      this.prevTime = time;
    }
    this.prevUser = user;
    this.prevItem = item;
    return [user, item, textIndex, time] as const;
  }
}

export function encodeTags(d: Dataset): Uint8Array {
  const io = new RangeEncoder();
  const n = d.tagItems.length;
  let timed = 0;
  for (let k = 0; k < n; k++) if (!Number.isNaN(d.tagTimes[k]!)) timed++;
  if (timed !== 0 && timed !== n) throw new RangeError('tags must all have a timestamp or none');
  const hasTimes = io.direct(1, timed > 0 ? 1 : 0) === 1;
  const m = new TagsModel(d.tagVocabulary.length);
  for (let k = 0; k < n; k++) {
    if (hasTimes && !Number.isSafeInteger(d.tagTimes[k]!))
      throw new RangeError(`tag time ${d.tagTimes[k]} is not a whole number`);
    m.code(io, d.tagUserIds[k]!, d.tagItems[k]!, d.tagTexts[k]!, d.tagTimes[k]!, hasTimes, d.tagVocabulary);
  }
  return io.finish();
}

export function decodeTags(bytes: Uint8Array, tagCount: number, vocabularyCount: number, itemCount: number): TagsPart {
  const io = new RangeDecoder(bytes, 'tags');
  const hasTimes = io.direct(1, 0) === 1;
  const m = new TagsModel(vocabularyCount, TEXT_BUDGET_RATIO * bytes.length + 4096);
  const tagUserIds = new Int32Array(tagCount);
  const tagItems = new Int32Array(tagCount);
  const tagTexts = new Uint32Array(tagCount);
  const tagTimes = new Float64Array(tagCount);
  const vocabulary: string[] = [];
  for (let k = 0; k < tagCount; k++) {
    const [user, item, text, time] = m.code(io, 0, 0, 0, 0, hasTimes, vocabulary);
    if (user <= 0 || user > 0x7fffffff || item < 0 || item >= itemCount) {
      throw new SnapshotError('snapshot tags are corrupt: user or item out of range');
    }
    tagUserIds[k] = user;
    tagItems[k] = item;
    tagTexts[k] = text;
    tagTimes[k] = hasTimes ? time : NaN;
  }
  if (vocabulary.length !== vocabularyCount) {
    throw new SnapshotError(
      `snapshot tags are corrupt: ${vocabulary.length} tag texts, the header announces ${vocabularyCount}`,
    );
  }
  io.finish();
  return { tagUserIds, tagItems, tagTexts, tagVocabulary: vocabulary, tagTimes };
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
