/**
 * Titles section: every item's title, exactly as parsed. A title ending in " (YYYY)" is split: the year is
 * coded as a number (difference from the previous titled year: catalogues are numbered roughly by age) and
 * only the rest goes through the text coder. On ml-latest-small this takes 22% of the bytes away from the
 * (slowest) text coder and saves a little too (82.5 → 82.3 KB, measured with the earlier mixing coder).
 */
import { AdaptiveBits } from './adaptive-bits.ts';
import { SnapshotError } from './errors.ts';
import { bitLength, unzigzag, UIntCoder, zigzag } from './int-coder.ts';
import { RangeDecoder, RangeEncoder, type BitIO } from './range-coder.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';
import { tableBitsFor, TextCoder, utf8Text } from './text-coder.ts';

/**
 * Hashed context tables of up to 2^MAX_TABLE_BITS slots each (4 bytes a slot, two tables). Measured on the
 * titles: 2^18 → 97.9 KB unchecked; with checked slots 2^18 → 85.2 KB (2 MB, ~43 ms to decode), 2^19 →
 * 84.2 KB (4 MB, ~51 ms), 2^20 → 83.6 KB (8 MB): past the CPU caches, each table miss costs more than it saves.
 */
const MAX_TABLE_BITS = 18;
const YEAR_SUFFIX = /^(.*) \((\d{4})\)$/s;
const YEAR_CONTEXTS = 16;
/** Decoded text may be at most this many times the section's size before it counts as corrupt. */
const TEXT_BUDGET_RATIO = 64;

class TitlesModel {
  readonly text: TextCoder;
  readonly hasYear = new AdaptiveBits(2);
  readonly years = new UIntCoder(YEAR_CONTEXTS, 4, YEAR_CONTEXTS);
  prevHasYear = 1;
  prevYear = 1990;
  yearCtx = 0;

  constructor(itemCount: number, maxTextBytes = Infinity) {
    this.text = new TextCoder(tableBitsFor(itemCount, MAX_TABLE_BITS), maxTextBytes);
  }

  code(io: BitIO, title: string): string {
    const m = YEAR_SUFFIX.exec(title);
    const withYear = this.codeHasYear(io, m ? 1 : 0);
    const rest = this.text.code(io, m ? m[1]! : title);
    return withYear ? `${rest} (${yearText(this.codeYear(io, m ? Number(m[2]) : 0))})` : rest;
  }

  codeHasYear(io: BitIO, withYear: number): number {
    return (this.prevHasYear = this.hasYear.code(io, this.prevHasYear, withYear));
  }

  codeYear(io: BitIO, year: number): number {
    const delta = unzigzag(this.years.code(io, this.yearCtx, zigzag(year - this.prevYear), this.yearCtx));
    year = this.prevYear + delta;
    // Only a decoder can get here with such a year (the encoder's are four digits): corrupt data.
    if (year < 0 || year > 9999) throw new SnapshotError(`snapshot titles are corrupt: year ${year} out of range`);
    this.yearCtx = Math.min(bitLength(Math.abs(delta)), YEAR_CONTEXTS - 1);
    this.prevYear = year;
    return year;
  }
}

const yearText = (year: number) => String(year).padStart(4, '0');

export function encodeTitles(titles: string[]): Uint8Array {
  const io = new RangeEncoder();
  const model = new TitlesModel(titles.length);
  for (const t of titles) model.code(io, t);
  return io.finish();
}

/**
 * The decoder collects every title's text part into one buffer, NUL-separated (the text coder refuses NUL),
 * and turns it into strings with one TextDecoder call and a split instead of one call per title (9,742 on
 * ml-latest-small; within noise in Node, where the call is cheap, but no per-call cost in any engine).
 */
export function decodeTitles(bytes: Uint8Array, itemCount: number): string[] {
  const io = new RangeDecoder(bytes, 'titles');
  const model = new TitlesModel(itemCount, TEXT_BUDGET_RATIO * bytes.length + 4096);
  const years = new Int16Array(itemCount).fill(-1); // -1: no year suffix
  let text = new Uint8Array(Math.min(TEXT_BUDGET_RATIO * bytes.length, 32 * itemCount) + 4096);
  let length = 0;
  for (let i = 0; i < itemCount; i++) {
    const withYear = model.codeHasYear(io, 0);
    const rest = model.text.decodeUtf8(io);
    if (length + rest.length + 1 > text.length) {
      const bigger = new Uint8Array(2 * (length + rest.length + 1));
      bigger.set(text.subarray(0, length));
      text = bigger;
    }
    text.set(rest, length);
    length += rest.length;
    text[length++] = 0;
    if (withYear) years[i] = model.codeYear(io, 0);
  }
  const rests = utf8Text(text.subarray(0, length)).split('\0');
  const titles = new Array<string>(itemCount);
  for (let i = 0; i < itemCount; i++) {
    const y = years[i]!;
    titles[i] = y < 0 ? rests[i]! : `${rests[i]!} (${yearText(y)})`;
  }
  io.finish();
  return titles;
}

/**
 * Plain layout: the titles as texts, less a final " (YYYY)", and those years as numbers (-1: none), which gzip
 * stores in fewer bytes than their digits.
 */
export function writeTitles(titles: readonly string[], w: SectionWriter): void {
  const years = new Int16Array(titles.length);
  const rests = titles.map((t, i) => {
    const m = YEAR_SUFFIX.exec(t);
    years[i] = m ? Number(m[2]) : -1;
    return m ? m[1]! : t;
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
