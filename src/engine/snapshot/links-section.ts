/**
 * Links section: IMDb and TMDB ids per item (0 = unknown). Each column is coded either as plain values or
 * as signed differences from the previous item's value, whichever the encoder finds smaller (one bit
 * tells the decoder): catalogues numbered in order of addition track the external databases' own order,
 * others do not.
 */
import type { Dataset } from '../dataset.ts';
import { SnapshotError } from './errors.ts';
import { bitLength, unzigzag, UIntCoder, zigzag } from './int-coder.ts';
import { RangeDecoder, RangeEncoder, type BitIO } from './range-coder.ts';

const CONTEXTS = 33;

export interface LinksPart {
  imdbIds: Int32Array;
  tmdbIds: Int32Array;
}

function codeColumn(io: BitIO, values: Int32Array, delta: boolean, decoding: boolean): void {
  const coder = new UIntCoder(CONTEXTS, 4, CONTEXTS);
  let prev = 0;
  let ctx = CONTEXTS - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const u = coder.code(io, ctx, decoding ? 0 : delta ? zigzag(v - prev) : v, ctx);
    const value = delta ? prev + unzigzag(u) : u;
    if (decoding) {
      if (value < 0 || value > 0x7fffffff) throw new SnapshotError('snapshot links are corrupt: id out of range');
      values[i] = value;
    }
    ctx = Math.min(bitLength(u), CONTEXTS - 2);
    prev = value;
  }
}

function encodeColumn(io: BitIO, values: Int32Array): void {
  const trial = (delta: boolean) => {
    const e = new RangeEncoder();
    codeColumn(e, values, delta, false);
    return e.finish().length;
  };
  const delta = trial(true) < trial(false);
  io.direct(1, delta ? 1 : 0);
  codeColumn(io, values, delta, false);
}

export function encodeLinks(d: Dataset): Uint8Array {
  const io = new RangeEncoder();
  encodeColumn(io, d.imdbIds);
  encodeColumn(io, d.tmdbIds);
  return io.finish();
}

export function decodeLinks(bytes: Uint8Array, itemCount: number): LinksPart {
  const io = new RangeDecoder(bytes, 'links');
  const imdbIds = new Int32Array(itemCount);
  const tmdbIds = new Int32Array(itemCount);
  codeColumn(io, imdbIds, io.direct(1, 0) === 1, true);
  codeColumn(io, tmdbIds, io.direct(1, 0) === 1, true);
  return { imdbIds, tmdbIds };
}
