/** Plain sections: named typed arrays and texts in the snapshot container, checked on the way back. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readContainer, writeContainer } from '../../../../src/engine/snapshot/container.ts';
import { SectionReader, SectionWriter } from '../../../../src/engine/snapshot/plain-sections.ts';
import type { TypedColumn } from '../../../../src/engine/snapshot/element-types.ts';
import { SnapshotError } from '../../../../src/engine/snapshot/index.ts';

const manifest = { name: 'sections', itemNoun: 'thing', ratingScale: { min: 1, max: 5, step: 1 }, license: 'test' };
const counts = { items: 0, users: 0, ratings: 0, tags: 0, genres: 0, tagTexts: 0 };

/** Written, put through the container's bytes, and read back. */
function roundTrip(write: (w: SectionWriter) => void): SectionReader {
  const w = new SectionWriter();
  write(w);
  return new SectionReader(readContainer(writeContainer({ manifest, counts, sections: w.sections })).sections);
}

describe('plain sections', () => {
  it('gives back every kind of typed array, value for value', () => {
    const columns: TypedColumn[] = [
      Uint8Array.of(0, 255, 7),
      Int8Array.of(-128, 127, 0),
      Uint16Array.of(65535, 1),
      Int16Array.of(-32768, 32767),
      Uint32Array.of(0xffffffff, 0),
      Int32Array.of(-0x80000000, 0x7fffffff, 5),
      Float32Array.of(-0, 0.5, Infinity, NaN),
      Float64Array.of(Math.PI, -1e300, Number.MIN_VALUE),
    ];
    const r = roundTrip((w) => columns.forEach((c, i) => w.typed(`model.c${i}`, c)));
    columns.forEach((c, i) => {
      const back = r.typed(`model.c${i}`, c.constructor as never, c.length);
      expect(back.constructor).toBe(c.constructor);
      expect([...back]).toEqual([...c]);
    });
  });

  it('refuses a typed array of an unknown element type rather than storing it as coded bytes', () => {
    expect(() => new SectionWriter().typed('x', Buffer.from([1, 2]))).toThrow(/cannot store a Buffer/);
  });

  it('names the section, the expected and the actual length when a length disagrees', () => {
    const r = roundTrip((w) => w.typed('model.factors', new Int8Array(12)));
    expect(() => r.typed('model.factors', Int8Array, 16)).toThrow(
      new SnapshotError(
        'snapshot section "model.factors" is corrupt: 12 bytes where 16 Int8 values (16 bytes) were expected',
      ),
    );
    expect(() => r.typed('model.factors', Int8Array, 11)).toThrow(/"model\.factors".*12 bytes where 11 Int8 values/);
  });

  it('refuses a section read as another element type, or one that is not there', () => {
    const r = roundTrip((w) => w.typed('model.scales', new Float32Array(4)));
    expect(() => r.typed('model.scales', Int32Array, 4)).toThrow(
      /section "model\.scales" holds Float32 values, expected Int32/,
    );
    expect(() => r.ints('model.scales', 4)).toThrow(/holds Float32 values, expected whole numbers/);
    expect(() => r.typed('model.bias', Float32Array, 4)).toThrow(/snapshot has no "model\.bias" section/);
    expect(() => r.coded('model.scales')).toThrow(SnapshotError);
  });

  it('stores whole numbers in the narrowest element type that holds them, exactly', () => {
    const cases: [number[], number][] = [
      [[0, 255], 1],
      [[-1, 127], 1],
      [[0, 256], 2],
      [[-129, 5], 2],
      [[0, 65536], 4],
      [[-1, 0x7fffffff], 4],
      [[2 ** 40, -3], 8],
      [[NaN, 1], 8],
      [[0.5], 8],
    ];
    for (const [values, bytesEach] of cases) {
      const w = new SectionWriter();
      w.ints('x', values);
      expect(w.sections[0]!.bytes.length, String(values)).toBe(bytesEach * values.length);
      expect([...new SectionReader(w.sections).ints('x', values.length)]).toEqual(values);
    }
  });

  it('keeps any whole numbers (and NaN) through deltas', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.constant(NaN))), (raw) => {
        const values = raw.some(Number.isNaN) ? raw.map(() => NaN) : raw; // all or none, as deltas() requires
        const w = new SectionWriter();
        w.deltas('t', values);
        expect([...new SectionReader(w.sections).deltas('t', values.length)]).toEqual(values);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('gives back texts exactly, empty ones, a leading byte-order mark and astral characters included', () => {
    const texts = ['', '\uFEFFfirst', 'Amélie', '🎲 dice', 'tab\there', ''];
    expect(roundTrip((w) => w.texts('t', texts)).texts('t', texts.length)).toEqual(texts);
    expect(roundTrip((w) => w.texts('t', [])).texts('t', 0)).toEqual([]);
  });

  it('refuses to write a text it could not give back', () => {
    expect(() => new SectionWriter().texts('titles', ['ok', 'bad\0title'])).toThrow(/NUL/);
    expect(() => new SectionWriter().texts('titles', ['half \uD83C pair'])).toThrow(/unpaired UTF-16 surrogate/);
  });

  it('reports a text count that disagrees, and bytes that are not UTF-8', () => {
    const r = roundTrip((w) => w.texts('tags.vocabulary', ['a', 'b']));
    expect(() => r.texts('tags.vocabulary', 3)).toThrow(/"tags\.vocabulary" is corrupt: 2 texts where 3 were expected/);
    const w = new SectionWriter();
    w.typed('t', Uint8Array.of(0xff, 0));
    expect(() => new SectionReader(w.sections).texts('t', 1)).toThrow(/"t" is corrupt: its text is not valid UTF-8/);
  });
});
