/**
 * A dense rows × cols matrix of latent factors as a model ships it: float32, or quantised with one scale per
 * row, as int8 (codes −127..127 times max|row|/127) or float16 (half floats of row/max|row|). A per-row scale
 * keeps every row's full code range whatever its norm (popular items have long vectors, rare ones short).
 * Scoring reads the codes directly, so a quantised model is also smaller in memory, not only on the wire.
 */
import { ShapeError, expectLength, type ModelState } from '../model-contracts.ts';
import { stateArray, stateObject, stateString } from '../model-state.ts';

export type FactorEncoding = 'float32' | 'float16' | 'int8';

export const FACTOR_ENCODINGS: readonly FactorEncoding[] = ['float32', 'float16', 'int8'];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE half-precision bits nearest to v (round to nearest even; overflow to ±Infinity). */
export function toHalfBits(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let h = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa moves to the next exponent, and past the largest one to Infinity: both right.
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

/** The number a half-precision bit pattern stands for. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m !== 0 ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

let halfTable: Float32Array | null = null;

/** Every half value by its bits: decoding in the scoring loop is then one load. */
function halfValues(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = fromHalfBits(h);
  }
  return halfTable;
}

type Codes = Float32Array | Uint16Array | Int8Array;

export class FactorMatrix {
  private constructor(
    readonly rows: number,
    readonly cols: number,
    readonly encoding: FactorEncoding,
    /** Row-major codes (the values themselves for float32). */
    readonly codes: Codes,
    /** Per-row scale (empty for float32). */
    readonly scales: Float32Array,
  ) {}

  static fromFloat32(values: Float32Array, rows: number, cols: number): FactorMatrix {
    if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(cols) && cols > 0))
      throw new ShapeError(`factor matrix: bad shape ${rows} × ${cols}`);
    expectLength('factor matrix', values.length, rows * cols);
    return new FactorMatrix(rows, cols, 'float32', values, new Float32Array(0));
  }

  /** This matrix in another encoding (quantising from the dequantised values when it is already quantised). */
  encode(encoding: FactorEncoding): FactorMatrix {
    if (encoding === this.encoding) return this;
    const values = this.toFloat32();
    const { rows, cols } = this;
    if (encoding === 'float32') return FactorMatrix.fromFloat32(values, rows, cols);
    const scales = new Float32Array(rows);
    const codes = encoding === 'int8' ? new Int8Array(rows * cols) : new Uint16Array(rows * cols);
    const top = encoding === 'int8' ? 127 : 1;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let max = 0;
      for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(values[o + c]!));
      if (!Number.isFinite(max)) throw new ShapeError(`factor matrix: row ${i} is not finite`);
      const scale = max / top;
      scales[i] = scale;
      if (scale === 0) continue;
      // Codes are taken against the float32 scale actually stored, so decoding multiplies by the same number.
      const inv = 1 / scales[i]!;
      for (let c = 0; c < cols; c++)
        codes[o + c] = encoding === 'int8' ? Math.round(values[o + c]! * inv) : toHalfBits(values[o + c]! * inv);
    }
    return new FactorMatrix(rows, cols, encoding, codes, scales);
  }

  /** Row i as float64 into `out` (cols entries). */
  row(i: number, out: Float64Array): void {
    const { cols, codes } = this;
    const o = i * cols;
    if (this.encoding === 'float32') {
      for (let c = 0; c < cols; c++) out[c] = codes[o + c]!;
      return;
    }
    const s = this.scales[i]!;
    const table = this.encoding === 'float16' ? halfValues() : null;
    for (let c = 0; c < cols; c++) out[c] = s * (table ? table[codes[o + c]!]! : codes[o + c]!);
  }

  /** out[i] = row i · v for every row: a whole catalogue scored against one user vector. */
  timesVector(v: Float64Array, out: Float32Array): void {
    const { rows, cols } = this;
    expectLength('factor vector', v.length, cols);
    expectLength('scores', out.length, rows);
    if (this.encoding === 'float16') {
      const table = halfValues();
      const codes = this.codes as Uint16Array;
      for (let i = 0, o = 0; i < rows; i++, o += cols) {
        let s0 = 0;
        let s1 = 0;
        let c = 0;
        for (; c + 1 < cols; c += 2) {
          s0 += table[codes[o + c]!]! * v[c]!;
          s1 += table[codes[o + c + 1]!]! * v[c + 1]!;
        }
        for (; c < cols; c++) s0 += table[codes[o + c]!]! * v[c]!;
        out[i] = this.scales[i]! * (s0 + s1);
      }
      return;
    }
    const codes = this.codes as Float32Array | Int8Array;
    const scaled = this.encoding === 'int8';
    for (let i = 0, o = 0; i < rows; i++, o += cols) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let c = 0;
      for (; c + 3 < cols; c += 4) {
        s0 += codes[o + c]! * v[c]!;
        s1 += codes[o + c + 1]! * v[c + 1]!;
        s2 += codes[o + c + 2]! * v[c + 2]!;
        s3 += codes[o + c + 3]! * v[c + 3]!;
      }
      for (; c < cols; c++) s0 += codes[o + c]! * v[c]!;
      const dot = s0 + s1 + (s2 + s3);
      out[i] = scaled ? this.scales[i]! * dot : dot;
    }
  }

  /** The (dequantised) values as a row-major Float32Array. */
  toFloat32(): Float32Array {
    if (this.encoding === 'float32') return this.codes as Float32Array;
    const out = new Float32Array(this.rows * this.cols);
    const row = new Float64Array(this.cols);
    for (let i = 0; i < this.rows; i++) {
      this.row(i, row);
      out.set(row, i * this.cols);
    }
    return out;
  }

  /** Bytes of codes and scales: what the matrix costs to ship and to hold. */
  get byteLength(): number {
    return this.codes.byteLength + this.scales.byteLength;
  }

  /** The matrix as a model keeps it in its state: its encoding, its codes and (quantised) one scale per row. */
  toState(): ModelState {
    const state: ModelState = { encoding: this.encoding, codes: this.codes };
    if (this.encoding !== 'float32') state.scale = this.scales;
    return state;
  }

  /** The matrix written by toState(), checked against the expected shape. */
  static fromState(state: ModelState, rows: number, cols: number): FactorMatrix {
    const encoding = stateString(state, 'encoding');
    if (encoding === 'float32')
      return FactorMatrix.fromFloat32(stateArray(state, 'codes', Float32Array, rows * cols), rows, cols);
    if (encoding !== 'int8' && encoding !== 'float16')
      throw new ShapeError(`model state: factor encoding "${encoding}" is not one of ${FACTOR_ENCODINGS.join(', ')}`);
    const codes =
      encoding === 'int8'
        ? stateArray(state, 'codes', Int8Array, rows * cols)
        : stateArray(state, 'codes', Uint16Array, rows * cols);
    const scales = stateArray(state, 'scale', Float32Array, rows);
    return new FactorMatrix(rows, cols, encoding, codes, scales);
  }
}

/**
 * A model state whose float32 factor matrix under `key` (rows × cols) is re-encoded: how a model whose own load()
 * reads float32 factors (biased MF) is shipped quantised. `dequantiseState` undoes it for that load().
 */
export function quantiseState(
  state: ModelState,
  key: string,
  rows: number,
  cols: number,
  encoding: FactorEncoding,
): ModelState {
  const matrix = FactorMatrix.fromFloat32(stateArray(state, key, Float32Array, rows * cols), rows, cols);
  return { ...state, [key]: matrix.encode(encoding).toState() };
}

export function dequantiseState(state: ModelState, key: string, rows: number, cols: number): ModelState {
  return { ...state, [key]: FactorMatrix.fromState(stateObject(state, key), rows, cols).toFloat32() };
}
