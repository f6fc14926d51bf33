/**
 * Round trip of random datasets that respect the Dataset invariants but nothing MovieLens-like: huge or
 * negative timestamps, no timestamps at all, one-value palettes, empty genre lists, NUL-free Unicode text,
 * ids near 2^31, users tagging without rating. Every one must decode to exactly what was encoded.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../../src/engine/snapshot/index.ts';
import { splitTitleYear } from '../../../../src/engine/text/normalize-title.ts';
import { expectSameDataset } from './helpers.ts';

const ALPHABET = [
  'a',
  'Z',
  ' ',
  ',',
  '"',
  '(',
  ')',
  '1',
  '9',
  '-',
  '–',
  'é',
  'ж',
  '日',
  '本',
  '🎲',
  '|',
  '\t',
  "'",
  '\uFEFF',
];

/** Small deterministic PRNG (mulberry32): one seed gives one dataset. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDataset(seed: number): Dataset {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const text = (max: number) => {
    let s = '';
    for (let i = int(1, max); i > 0; i--) s += ALPHABET[int(0, ALPHABET.length - 1)];
    const year = String(int(0, 9999)).padStart(4, '0');
    if (rnd() < 0.4) s += [` (${year})`, `(${year})`, ` (${year}–${int(0, 9999)})`, ` (${year}-)`][int(0, 3)];
    return s;
  };
  const ascending = (n: number, maxGap: number, start: number) => {
    const out = new Int32Array(n);
    let v = start;
    for (let i = 0; i < n; i++) out[i] = v += int(1, maxGap);
    return out;
  };
  const itemCount = int(1, 60);
  const nearTop = rnd() < 0.1; // ids just below 2^31
  const itemIds = ascending(
    itemCount,
    nearTop ? 5 : rnd() < 0.3 ? 30_000_000 : 5,
    nearTop ? 0x7fffffff - 5 * itemCount : 0,
  );
  const titles = Array.from({ length: itemCount }, () => text(30));
  const years = Int16Array.from(titles, (t) => splitTitleYear(t).year);
  const genres = [...new Set(Array.from({ length: int(0, 12) }, () => text(8)))];
  const genreOffsets = new Uint32Array(itemCount + 1);
  const itemGenres: number[] = [];
  for (let i = 0; i < itemCount; i++) {
    genreOffsets[i] = itemGenres.length;
    const picks = new Set(Array.from({ length: genres.length ? int(0, 4) : 0 }, () => int(0, genres.length - 1)));
    itemGenres.push(...picks);
  }
  genreOffsets[itemCount] = itemGenres.length;
  const link = () => (rnd() < 0.2 ? 0 : int(1, rnd() < 0.5 ? 0x7fffffff : 999_999));
  const scale = rnd() < 0.5 ? { min: 0.5, max: 5, step: 0.5 } : { min: -3, max: 3, step: 1 / 3 };
  const steps = Math.round((scale.max - scale.min) / scale.step);
  const paletteSize = rnd() < 0.2 ? 1 : steps + 1;
  const timed = rnd() < 0.8;
  const timeBase = int(-2e12, 2e12);
  const userCount = int(1, 25);
  const userIds = ascending(userCount, rnd() < 0.5 ? 3 : 100_000, 0);
  const userOffsets = new Uint32Array(userCount + 1);
  const items: number[] = [];
  const values: number[] = [];
  const times: number[] = [];
  for (let u = 0; u < userCount; u++) {
    userOffsets[u] = items.length;
    const rated = [...new Set(Array.from({ length: int(1, Math.min(itemCount, 30)) }, () => int(0, itemCount - 1)))];
    rated.sort((a, b) => a - b);
    let t = timeBase + int(0, 1e9);
    for (const i of rated) {
      items.push(i);
      const value = Math.fround(scale.min + int(0, paletteSize - 1) * scale.step);
      values.push(value === 0 && rnd() < 0.5 ? -0 : value); // -0 and 0 are distinct values to keep
      t += rnd() < 0.3 ? 0 : int(0, rnd() < 0.1 ? 1e10 : 1000);
      times.push(timed ? t : NaN);
    }
    // Time order need not follow item order: shuffle this user's times.
    const own = times.splice(userOffsets[u]!);
    for (let k = own.length - 1; k > 0; k--) {
      const j = int(0, k);
      [own[k], own[j]] = [own[j]!, own[k]!];
    }
    times.push(...own);
  }
  userOffsets[userCount] = items.length;
  const tagCount = int(0, 40);
  const vocabulary: string[] = [];
  const tagTexts: number[] = [];
  for (let k = 0; k < tagCount; k++) {
    if (vocabulary.length === 0 || rnd() < 0.4) {
      const t = text(12);
      const at = vocabulary.indexOf(t);
      tagTexts.push(at >= 0 ? at : vocabulary.push(t) - 1);
    } else tagTexts.push(int(0, vocabulary.length - 1));
  }
  const tagTimed = rnd() < 0.7;
  return {
    manifest: { name: `random ${seed}`, itemNoun: 'thing', ratingScale: scale, license: 'test' },
    itemIds,
    titles,
    years,
    genres,
    genreOffsets,
    itemGenres: Uint16Array.from(itemGenres),
    imdbIds: Int32Array.from({ length: itemCount }, link),
    tmdbIds: Int32Array.from({ length: itemCount }, link),
    userIds,
    userOffsets,
    ratingItems: Int32Array.from(items),
    ratingValues: Float32Array.from(values),
    ratingTimes: Float64Array.from(times),
    tagUserIds: Int32Array.from({ length: tagCount }, () => int(1, 0x7fffffff)),
    tagItems: Int32Array.from({ length: tagCount }, () => int(0, itemCount - 1)),
    tagTexts: Uint32Array.from(tagTexts),
    tagVocabulary: vocabulary,
    tagTimes: Float64Array.from({ length: tagCount }, () => (tagTimed ? int(-1e12, 1e12) : NaN)),
  };
}

describe('snapshot round trip of random datasets', () => {
  it.each(['coded', 'plain'] as const)(
    'decodes every random dataset to exactly what was encoded (%s layout)',
    (layout) => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const d = randomDataset(seed);
          expectSameDataset(decodeSnapshot(encodeSnapshot(d, layout)), d);
        }),
        { numRuns: 60, seed: 7 },
      );
    },
  );
});
