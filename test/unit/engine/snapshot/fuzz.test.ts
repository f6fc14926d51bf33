/**
 * The snapshot decoder against hostile bytes: random files, every truncation, bit flips with and without a valid
 * checksum, garbled counts and garbled sections. Every decode must end, and end either in a Dataset or in a
 * SnapshotError that says what is wrong: never another exception, never a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { fnv1a, readContainer } from '../../../../src/engine/snapshot/container.ts';
import { groupOf } from '../../../../src/engine/snapshot/codec.ts';
import { decodeSnapshot, encodeSnapshot, SnapshotError } from '../../../../src/engine/snapshot/index.ts';

const fixture = loadDatasetFolder('test/fixtures/board-games');
const FIXED_HEADER = 16;
const COUNT_NAMES = ['items', 'users', 'ratings', 'tags', 'genres', 'tagTexts'];

/**
 * A decode that takes longer than this is looping, not decoding: the 1.8 KB fixture decodes in about 40 ms even on
 * a busy two-core machine (most of it allocating the text coder's tables), so this is 50 times that.
 */
const HANG_LIMIT_MS = 2000;

/** Where the container puts things in a snapshot (read with the container's own reader). */
function layoutOf(good: Uint8Array) {
  const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
  const countsAt = FIXED_HEADER + 4 + view.getUint32(FIXED_HEADER, true);
  const sections = readContainer(good).sections.map((s) => ({
    name: s.name,
    at: s.bytes.byteOffset - good.byteOffset,
    length: s.bytes.length,
  }));
  // The section table: after the counts, one byte for the section count, then per section name length, name,
  // element type, u32 byte length.
  const lengthFieldAt: number[] = [];
  let at = countsAt + 4 * COUNT_NAMES.length + 1;
  for (const s of sections) {
    at += 1 + s.name.length + 1;
    lengthFieldAt.push(at);
    at += 4;
  }
  return { countsAt, sections, lengthFieldAt };
}

function withValidChecksum(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(
    12,
    fnv1a(bytes.subarray(FIXED_HEADER)),
    true,
  );
  return bytes;
}

function setUint32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value, true);
}

/** Bytes with a body length that matches and a checksum that holds: the decoder must get past the header. */
function asWellFormedFile(bytes: Uint8Array): Uint8Array {
  setUint32(bytes, 8, bytes.length - FIXED_HEADER);
  return withValidChecksum(bytes);
}

/** Decodes, checking the outcome: a Dataset whose arrays agree with each other, or a SnapshotError with a message. */
function decodeOutcome(bytes: Uint8Array): 'decoded' | 'rejected' {
  const start = performance.now();
  let dataset: Dataset | null = null;
  try {
    dataset = decodeSnapshot(bytes);
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(SnapshotError);
    expect((e as Error).message.length).toBeGreaterThan(10);
  }
  const ms = performance.now() - start;
  expect(ms, `decode took ${ms.toFixed(0)} ms`).toBeLessThan(HANG_LIMIT_MS);
  if (dataset === null) return 'rejected';
  const items = dataset.itemIds.length;
  expect(dataset.titles).toHaveLength(items);
  expect(dataset.genreOffsets).toHaveLength(items + 1);
  expect(dataset.userOffsets).toHaveLength(dataset.userIds.length + 1);
  expect(dataset.userOffsets[dataset.userIds.length]).toBe(dataset.ratingItems.length);
  for (const item of dataset.ratingItems) expect(item >= 0 && item < items).toBe(true);
  return 'decoded';
}

describe.each(['coded', 'plain'] as const)('snapshot decoder on hostile bytes (%s layout)', (name) => {
  const good = encodeSnapshot(fixture, name);
  const layout = layoutOf(good);

  it('decodes the undamaged fixture (the baseline every case below starts from)', () => {
    expect(decodeOutcome(good)).toBe('decoded');
    expect([...new Set(layout.sections.map((s) => groupOf(s.name)))].sort()).toEqual([
      'items',
      'links',
      'ratings',
      'tags',
      'titles',
    ]);
  });

  it('rejects random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(decodeOutcome(bytes)).toBe('rejected');
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('random bodies behind a valid header end in a result or an error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), (body) => {
        const bytes = new Uint8Array(FIXED_HEADER + body.length);
        bytes.set(good.subarray(0, 8)); // magic and version
        bytes.set(body, FIXED_HEADER);
        decodeOutcome(asWellFormedFile(bytes));
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('rejects the file cut at every length', () => {
    for (let keep = 0; keep < good.length; keep++) expect(decodeOutcome(good.slice(0, keep))).toBe('rejected');
  });

  it('rejects every cut even when the header is rewritten to match it', () => {
    for (let keep = FIXED_HEADER; keep < good.length; keep++) {
      expect(decodeOutcome(asWellFormedFile(good.slice(0, keep)))).toBe('rejected');
    }
  });

  // Not always an error: the last bytes of a range-coded section are flush padding, and a cut there can still
  // decode (23 of the fixture's 4551 cuts of 1-3 bytes did when written). The checksum, recomputed here, guards the file.
  it('a section cut short and announced as shorter ends in a result or an error', () => {
    fc.assert(
      fc.property(fc.nat(layout.sections.length - 1), fc.nat(), fc.integer({ min: 1, max: 64 }), (s, where, cut) => {
        const section = layout.sections[s]!;
        const n = Math.min(cut, section.length);
        const from = section.at + (where % (section.length - n + 1));
        const bytes = new Uint8Array(good.length - n);
        bytes.set(good.subarray(0, from));
        bytes.set(good.subarray(from + n), from);
        setUint32(bytes, layout.lengthFieldAt[s]!, section.length - n);
        decodeOutcome(asWellFormedFile(bytes));
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  it('rejects bit flips anywhere through the header checks and the checksum (the reserved u16 carries nothing)', () => {
    const RESERVED = [6, 7];
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        const bytes = good.slice();
        bytes[at]! ^= 1 << bit;
        expect(decodeOutcome(bytes)).toBe(RESERVED.includes(at) ? 'decoded' : 'rejected');
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('bit flips anywhere behind a recomputed checksum end in a result or an error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1 - FIXED_HEADER), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (flips) => {
          const bytes = good.slice();
          for (const [at, bit] of flips) bytes[FIXED_HEADER + at]! ^= 1 << bit;
          decodeOutcome(withValidChecksum(bytes));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('a section replaced by random bytes ends in a result or an error', () => {
    fc.assert(
      fc.property(fc.nat(layout.sections.length - 1), fc.uint8Array({ maxLength: 2048 }), (s, junk) => {
        const section = layout.sections[s]!;
        const bytes = new Uint8Array(good.length - section.length + junk.length);
        bytes.set(good.subarray(0, section.at));
        bytes.set(junk, section.at);
        bytes.set(good.subarray(section.at + section.length), section.at + junk.length);
        setUint32(bytes, layout.lengthFieldAt[s]!, junk.length);
        decodeOutcome(asWellFormedFile(bytes));
      }),
      { numRuns: 200, seed: 6 },
    );
  });

  it('rejects garbled counts in the header quickly', () => {
    const original = (k: number) => new DataView(good.buffer, good.byteOffset).getUint32(layout.countsAt + 4 * k, true);
    // Besides random counts, each count at 2^24 and at the header's sanity bound 2^28: the decoder must not size its
    // work by a count before the data confirms it.
    const examples = COUNT_NAMES.flatMap((_, k) => [1 << 24, 1 << 28].map((count): [number, number] => [k, count]));
    fc.assert(
      fc.property(fc.nat(COUNT_NAMES.length - 1), fc.nat({ max: 0xffffffff }), (k, count) => {
        fc.pre(count !== original(k));
        const bytes = good.slice();
        setUint32(bytes, layout.countsAt + 4 * k, count);
        expect(decodeOutcome(withValidChecksum(bytes))).toBe('rejected');
      }),
      { numRuns: 200, seed: 7, examples },
    );
  });
});
