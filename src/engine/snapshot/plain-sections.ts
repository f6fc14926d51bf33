/**
 * Plain sections: named typed arrays (little-endian, byte planes split, see splitBytes) and lists of texts, left to
 * the gzip wrapper. The snapshot uses them wherever a model of its own would not save enough to earn its code
 * (`npm run snapshot` prints the comparison), and anything that is a typed array already can use them as they are.
 * Reading checks each section's element type and length, so a damaged or mismatched file ends in a SnapshotError
 * that names the section.
 */
import type { Section } from './container.ts';
import { CODED, ELEMENT_TYPES, type ColumnType, type TypedColumn } from './element-types.ts';
import { SnapshotError } from './errors.ts';
import { unstorableText } from '../dataset/storable.ts';

/** Integer element types with their ranges, narrowest first: ints() stores a column in the first that fits. */
const INT_TYPES: readonly [ColumnType, number, number][] = [
  [Uint8Array, 0, 0xff],
  [Int8Array, -0x80, 0x7f],
  [Uint16Array, 0, 0xffff],
  [Int16Array, -0x8000, 0x7fff],
  [Uint32Array, 0, 0xffffffff],
  [Int32Array, -0x80000000, 0x7fffffff],
];
const WHOLE_NUMBER_TYPES = new Set<ColumnType>([...INT_TYPES.map(([type]) => type), Float64Array]);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const encoder = new TextEncoder();
/** Fatal: invalid UTF-8 is damage. ignoreBOM: a text may start with U+FEFF, and it must come back. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Multi-byte values are stored byte plane by byte plane (all lowest bytes, then all next bytes, …: Parquet's
 * BYTE_STREAM_SPLIT), so that gzip sees the mostly-zero high bytes of small numbers together instead of one in
 * every few bytes.
 */
function splitBytes(values: Uint8Array, size: number, out: Uint8Array): void {
  const n = values.length / size;
  for (let b = 0; b < size; b++) for (let i = 0; i < n; i++) out[b * n + i] = values[i * size + b]!;
}

function joinBytes(planes: Uint8Array, size: number, out: Uint8Array): void {
  const n = planes.length / size;
  for (let b = 0; b < size; b++) for (let i = 0; i < n; i++) out[i * size + b] = planes[b * n + i]!;
}

const label = (type: ColumnType) => type.name.replace(/Array$/, '');

export class SectionWriter {
  readonly sections: Section[] = [];

  /** Bytes from the range coder (read back with SectionReader.coded). */
  coded(name: string, bytes: Uint8Array): void {
    this.add(name, CODED, bytes);
  }

  /** A typed array as it is (read back with SectionReader.typed and the same type). */
  typed(name: string, column: TypedColumn): void {
    const type = column.constructor as ColumnType;
    const code = ELEMENT_TYPES.indexOf(type) + 1; // 0 for a subclass such as Node's Buffer: not a known type
    if (code === CODED)
      throw new RangeError(`cannot store a ${type.name} as ${name}: convert it to a plain typed array`);
    if (!LITTLE_ENDIAN && type.BYTES_PER_ELEMENT > 1) throw new RangeError('snapshots are written little-endian only');
    const bytes = new Uint8Array(column.byteLength);
    splitBytes(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), type.BYTES_PER_ELEMENT, bytes);
    this.add(name, code, bytes);
  }

  /** Whole numbers (or NaN) in the narrowest element type that holds them all (read back with ints()). */
  ints(name: string, values: ArrayLike<number>): void {
    let lo = 0;
    let hi = 0;
    let whole = true;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v)) whole = false;
      else if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    const type = (whole && INT_TYPES.find(([, min, max]) => lo >= min && hi <= max)?.[0]) || Float64Array;
    const column = new type(values.length);
    column.set(values);
    this.typed(name, column);
  }

  /**
   * Each value minus the one before (the first as it is), through ints(): ascending ids and times become small
   * numbers. Read back with deltas(). The values must be whole numbers whose differences are exact in a double,
   * all of them or none NaN.
   */
  deltas(name: string, values: ArrayLike<number>): void {
    const out = new Float64Array(values.length);
    let prev = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      out[i] = v - prev;
      const back = prev + out[i]!;
      if (back !== v && !(Number.isNaN(back) && Number.isNaN(v))) {
        throw new RangeError(`cannot store ${name} as differences: ${v} after ${prev}`);
      }
      prev = v;
    }
    this.ints(name, out);
  }

  /** Texts, as UTF-8 with a NUL after each (read back with texts()). */
  texts(name: string, texts: readonly string[]): void {
    for (const t of texts) {
      const problem = unstorableText(t);
      if (problem) throw new RangeError(`cannot store the text ${JSON.stringify(t)} in ${name}: it ${problem}`);
    }
    this.add(name, ELEMENT_TYPES.indexOf(Uint8Array) + 1, encoder.encode(texts.length ? texts.join('\0') + '\0' : ''));
  }

  private add(name: string, type: number, bytes: Uint8Array): void {
    if (!/^[\x21-\x7e]{1,255}$/.test(name)) throw new RangeError(`bad section name ${JSON.stringify(name)}`);
    if (this.sections.some((s) => s.name === name)) throw new RangeError(`two sections named ${name}`);
    this.sections.push({ name, type, bytes });
  }
}

export class SectionReader {
  private readonly byName = new Map<string, Section>();

  constructor(sections: readonly Section[]) {
    for (const s of sections) this.byName.set(s.name, s);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Bytes of a range-coded section. */
  coded(name: string): Uint8Array {
    const s = this.section(name);
    if (s.type !== CODED) throw new SnapshotError(`snapshot section "${name}" is a typed array, expected coded bytes`);
    return s.bytes;
  }

  /** A typed array of exactly `length` elements of `type`; a fresh copy, free to modify. */
  typed<T extends TypedColumn>(name: string, type: ColumnType<T>, length: number): T {
    const stored = this.typeOf(name);
    if (stored !== type) {
      throw new SnapshotError(`snapshot section "${name}" holds ${label(stored)} values, expected ${label(type)}`);
    }
    return this.read(name, type, length);
  }

  /** A plain typed array of exactly `length` elements of whichever type the writer stored (a model's state). */
  column(name: string, length: number): TypedColumn {
    return this.read(name, this.typeOf(name), length);
  }

  /** Number of `type` elements in a section whose length the reader cannot know in advance (e.g. a palette). */
  lengthOf(name: string, type: ColumnType): number {
    const n = this.section(name).bytes.length / type.BYTES_PER_ELEMENT;
    if (!Number.isInteger(n)) {
      throw new SnapshotError(`snapshot section "${name}" is corrupt: not a whole number of ${label(type)} values`);
    }
    return n;
  }

  /** A column written by ints(): whole numbers (or NaN) in whichever element type the writer chose. */
  ints(name: string, length: number): TypedColumn {
    const type = this.typeOf(name);
    if (!WHOLE_NUMBER_TYPES.has(type)) {
      throw new SnapshotError(`snapshot section "${name}" holds ${label(type)} values, expected whole numbers`);
    }
    return this.read(name, type, length);
  }

  /** A column written by deltas(), summed back. */
  deltas(name: string, length: number): Float64Array {
    const d = this.ints(name, length);
    const out = new Float64Array(length);
    let v = 0;
    for (let i = 0; i < length; i++) out[i] = v += d[i]!;
    return out;
  }

  /** Exactly `count` texts written by texts(). */
  texts(name: string, count: number): string[] {
    const bytes = this.typed(name, Uint8Array, this.section(name).bytes.length);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new SnapshotError(`snapshot section "${name}" is corrupt: its text is not valid UTF-8`);
    }
    const texts = text.split('\0');
    if (texts.pop() !== '' || texts.length !== count) {
      throw new SnapshotError(
        `snapshot section "${name}" is corrupt: ${texts.length} texts where ${count} were expected`,
      );
    }
    return texts;
  }

  private section(name: string): Section {
    const s = this.byName.get(name);
    if (!s) throw new SnapshotError(`snapshot has no "${name}" section`);
    return s;
  }

  private typeOf(name: string): ColumnType {
    const s = this.section(name);
    if (s.type === CODED)
      throw new SnapshotError(`snapshot section "${name}" holds coded bytes, expected a typed array`);
    return ELEMENT_TYPES[s.type - 1]!;
  }

  private read<T extends TypedColumn>(name: string, type: ColumnType<T>, length: number): T {
    const { bytes } = this.section(name);
    const size = type.BYTES_PER_ELEMENT;
    if (bytes.length !== length * size) {
      throw new SnapshotError(
        `snapshot section "${name}" is corrupt: ${bytes.length} bytes where ${length} ${label(type)} values (${length * size} bytes) were expected`,
      );
    }
    if (!LITTLE_ENDIAN && size > 1) throw new SnapshotError('snapshots are little-endian: this platform is not');
    const out = new Uint8Array(bytes.length);
    joinBytes(bytes, size, out);
    return new type(out.buffer);
  }
}
