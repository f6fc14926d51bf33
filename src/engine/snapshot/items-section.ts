/**
 * Items section: external ids (as gaps), the genre vocabulary and each item's genre list.
 * Genre lists are coded as symbol sequences (genre + 1, then 0 to end) under the previous symbol: MovieLens
 * lists genres alphabetically, so "what follows Comedy" is a sharp distribution.
 */
import type { Dataset } from '../dataset.ts';
import { SnapshotError } from './errors.ts';
import { UIntCoder, bitLength, bucketDepthFor } from './int-coder.ts';
import { RangeDecoder, RangeEncoder, type BitIO } from './range-coder.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';
import { tableBitsFor, TextCoder } from './text-coder.ts';
import { TEXT_BUDGET_RATIO } from './titles-section.ts';

const GAP_CONTEXTS = 33;
const GENRE_CONTEXTS = 64; // previous symbol, capped: beyond 63 genres the context is shared
const MAX_VOCAB_TABLE_BITS = 16; // the genre vocabulary is a few hundred bytes

export interface ItemsPart {
  itemIds: Int32Array;
  genres: string[];
  genreOffsets: Uint32Array;
  itemGenres: Uint16Array;
}

class ItemsModel {
  readonly gaps = new UIntCoder(GAP_CONTEXTS, 3);
  readonly genreSymbols: UIntCoder;
  readonly text: TextCoder;
  prevGapBucket = GAP_CONTEXTS - 1;

  constructor(genreCount: number, maxTextBytes = Infinity) {
    // Symbols go up to genreCount: a bucket tree just deep enough for that (3 levels for MovieLens' 20
    // genres instead of 6) codes ~100,000 fewer decisions on ml-latest-small, for the same size.
    this.genreSymbols = new UIntCoder(GENRE_CONTEXTS, 6, GENRE_CONTEXTS, bucketDepthFor(genreCount));
    this.text = new TextCoder(tableBitsFor(genreCount, MAX_VOCAB_TABLE_BITS), maxTextBytes);
  }

  codeIdGap(io: BitIO, gap: number): number {
    const g = this.gaps.code(io, this.prevGapBucket, gap);
    this.prevGapBucket = Math.min(bitLength(g), GAP_CONTEXTS - 2);
    return g;
  }

  codeGenreSymbol(io: BitIO, prev: number, symbol: number): number {
    const ctx = Math.min(prev, GENRE_CONTEXTS - 1);
    return this.genreSymbols.code(io, ctx, symbol, ctx);
  }
}

export function encodeItems(d: Dataset): Uint8Array {
  const io = new RangeEncoder();
  const m = new ItemsModel(d.genres.length);
  let prev = 0;
  for (const id of d.itemIds) {
    m.codeIdGap(io, id - prev - 1);
    prev = id;
  }
  for (const g of d.genres) m.text.code(io, g);
  for (let i = 0; i < d.itemIds.length; i++) {
    let prevSymbol = 0;
    for (let k = d.genreOffsets[i]!; k < d.genreOffsets[i + 1]!; k++) {
      prevSymbol = m.codeGenreSymbol(io, prevSymbol, d.itemGenres[k]! + 1);
    }
    m.codeGenreSymbol(io, prevSymbol, 0);
  }
  return io.finish();
}

export function decodeItems(bytes: Uint8Array, itemCount: number, genreCount: number): ItemsPart {
  const io = new RangeDecoder(bytes, 'items');
  const m = new ItemsModel(genreCount, TEXT_BUDGET_RATIO * bytes.length + 4096);
  const bad = (what: string) => new SnapshotError(`snapshot items are corrupt: ${what}`);
  const itemIds = new Int32Array(itemCount);
  let prev = 0;
  for (let i = 0; i < itemCount; i++) {
    prev += m.codeIdGap(io, 0) + 1;
    if (prev > 0x7fffffff) throw bad('item id out of range');
    itemIds[i] = prev;
  }
  const genres: string[] = [];
  for (let g = 0; g < genreCount; g++) genres.push(m.text.code(io, ''));
  const genreOffsets = new Uint32Array(itemCount + 1);
  const list: number[] = [];
  for (let i = 0; i < itemCount; i++) {
    genreOffsets[i] = list.length;
    let prevSymbol = 0;
    for (;;) {
      const s = m.codeGenreSymbol(io, prevSymbol, 0);
      if (s === 0) break;
      if (s > genreCount) throw bad('genre index out of range');
      if (list.length - genreOffsets[i]! >= genreCount) throw bad('an item lists more genres than exist');
      list.push(s - 1);
      prevSymbol = s;
    }
  }
  genreOffsets[itemCount] = list.length;
  io.finish();
  return { itemIds, genres, genreOffsets, itemGenres: Uint16Array.from(list) };
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
