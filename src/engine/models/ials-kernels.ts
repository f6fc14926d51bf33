/**
 * The arithmetic of implicit ALS (Hu, Koren & Volinsky 2008) as row-range kernels over flat typed arrays, so the
 * same code runs one half-step in one thread or split across worker_threads on SharedArrayBuffers
 * (src/pipeline/parallel-ials.ts). Nothing here allocates per row.
 *
 * One half-step solves, for every row u of one side (users, or items) with the other side's factors Y fixed,
 *   (YᵀY + Σ_{j∈u} (c_uj − 1) y_j y_jᵀ + λ_u I) x_u = Σ_{j∈u} c_uj p_uj y_j,
 * the normal equations of Σ_all c_uj (p_uj − x_u·y_j)² + λ_u |x_u|² with c = 1 and p = 0 off the data.
 * A row's entries carry a signed confidence s: c = |s|, p = 1 when s > 0 and 0 when s < 0, as in the `implicit`
 * library, so one Float32 per entry says both.
 *
 * λ_u = λ·W_u^ν with W_u = N + Σ_j (c_uj − 1) the row's total weight over all N columns: ν = 0 is Hu et al.'s
 * plain λ, ν = 1 the frequency-scaled regularisation of Rendle et al. 2021 ("Revisiting the performance of iALS",
 * their (|I_u| + α₀|I|)^ν written for this parametrisation). With lambdaScale "ratings", W_u is instead the count
 * of the row's entries with preference 1, as ALS-WR and Spark MLlib scale λ.
 *
 * The solver is conjugate gradient warm-started from the previous x_u (Takács et al. 2011; `implicit`'s
 * least_squares_cg): each step costs one product with YᵀY and two passes over the row's factors, instead of
 * building and factoring a k×k matrix per row.
 */
import { expectLength, ShapeError } from '../model-contracts.ts';
import { solveSpdInPlace } from '../numeric/cholesky.ts';
import { dot } from '../numeric/dot.ts';
import { FactorMatrix } from '../numeric/factor-matrix.ts';

/** One side's data in CSR form: row r's entries are offsets[r] .. offsets[r+1] of columns and confidences. */
export interface IalsRows {
  rowCount: number;
  /** How many columns (the other side's row count): N in the row's total weight. */
  columnCount: number;
  offsets: Uint32Array;
  columns: Int32Array;
  /** Signed confidence: c = |s| ≥ 1, preference 1 when s > 0, 0 when s < 0. */
  confidence: Float32Array;
}

/**
 * What λ_u scales with: "weight", the row's total weight W_u (Rendle et al.); "ratings", the row's count of entries
 * with preference 1 (ALS-WR, and Spark MLlib's implicit ALS, whose factors a user is then folded in against).
 */
export type LambdaScale = 'weight' | 'ratings';

export interface IalsHyper {
  factors: number;
  lambda: number;
  /** Exponent of the scale in λ_u (0: plain λ, 1: proportional). */
  nu: number;
  lambdaScale: LambdaScale;
  cgSteps: number;
}

/** Per-thread scratch for the CG kernel. */
export interface CgScratch {
  x: Float64Array;
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
}

export function cgScratch(k: number): CgScratch {
  return { x: new Float64Array(k), r: new Float64Array(k), p: new Float64Array(k), ap: new Float64Array(k) };
}

/** Rows per Gramian block: partial sums are added in block order, so any split over threads gives the same sum. */
export const GRAMIAN_BLOCK = 2048;

export function gramianBlockCount(rows: number): number {
  return Math.ceil(rows / GRAMIAN_BLOCK);
}

/**
 * Partial Gramians Σ y_i y_iᵀ of blocks [fromBlock, toBlock) of the rows of `y` (rows × k, row-major), each into
 * its own k×k slot of `partials` (upper triangle only).
 */
export function gramianBlocks(
  y: Float32Array,
  rows: number,
  k: number,
  fromBlock: number,
  toBlock: number,
  partials: Float64Array,
): void {
  expectLength('factor matrix', y.length, rows * k);
  const kk = k * k;
  const row = new Float64Array(k);
  for (let b = fromBlock; b < toBlock; b++) {
    const g = b * kk;
    partials.fill(0, g, g + kk);
    const end = Math.min(rows, (b + 1) * GRAMIAN_BLOCK);
    for (let i = b * GRAMIAN_BLOCK; i < end; i++) {
      const o = i * k;
      for (let c = 0; c < k; c++) row[c] = y[o + c]!;
      for (let a = 0; a < k; a++) {
        const ya = row[a]!;
        if (ya === 0) continue;
        const ga = g + a * k;
        for (let c = a; c < k; c++) partials[ga + c]! += ya * row[c]!;
      }
    }
  }
}

/** YᵀY (k×k, both triangles) from the block partials, summed in block order. */
export function sumGramian(partials: Float64Array, blocks: number, k: number, out: Float64Array): void {
  expectLength('Gramian', out.length, k * k);
  out.fill(0);
  const kk = k * k;
  for (let b = 0; b < blocks; b++) for (let t = 0; t < kk; t++) out[t]! += partials[b * kk + t]!;
  for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) out[a * k + c] = out[c * k + a]!;
}

/** YᵀY of a whole factor matrix in one thread (the same blocks and order as the parallel driver). */
export function gramian(y: Float32Array, rows: number, k: number): Float64Array {
  const blocks = gramianBlockCount(rows);
  const partials = new Float64Array(Math.max(1, blocks) * k * k);
  gramianBlocks(y, rows, k, 0, blocks, partials);
  const out = new Float64Array(k * k);
  sumGramian(partials, blocks, k, out);
  return out;
}

/** λ_u for a row whose confidences are confidence[from..to). */
function rowLambda(confidence: ArrayLike<number>, from: number, to: number, columnCount: number, h: IalsHyper): number {
  if (h.nu === 0) return h.lambda;
  let w = 0;
  if (h.lambdaScale === 'ratings') for (let e = from; e < to; e++) w += confidence[e]! > 0 ? 1 : 0;
  else {
    w = columnCount;
    for (let e = from; e < to; e++) w += Math.abs(confidence[e]!) - 1;
  }
  return h.lambda * Math.pow(w, h.nu);
}

/** Σ y[yo+c]·v[c] over c < k, four partial sums (one running sum waits on every add). */
function dotRow(y: Float32Array, yo: number, v: Float64Array, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  for (; c + 3 < k; c += 4) {
    s0 += y[yo + c]! * v[c]!;
    s1 += y[yo + c + 1]! * v[c + 1]!;
    s2 += y[yo + c + 2]! * v[c + 2]!;
    s3 += y[yo + c + 3]! * v[c + 3]!;
  }
  for (; c < k; c++) s0 += y[yo + c]! * v[c]!;
  return s0 + s1 + (s2 + s3);
}

/** out = (G + λI)·v for the symmetric k×k G. */
function gramTimes(g: Float64Array, v: Float64Array, lambda: number, k: number, out: Float64Array): void {
  for (let a = 0; a < k; a++) out[a] = dot(g, a * k, v, 0, k) + lambda * v[a]!;
}

/** out += t·y[yo .. yo+k), four lanes per iteration (a quarter faster than one in V8). */
function addScaledRow(out: Float64Array, t: number, y: Float32Array, yo: number, k: number): void {
  let c = 0;
  for (; c + 3 < k; c += 4) {
    out[c]! += t * y[yo + c]!;
    out[c + 1]! += t * y[yo + c + 1]!;
    out[c + 2]! += t * y[yo + c + 2]!;
    out[c + 3]! += t * y[yo + c + 3]!;
  }
  for (; c < k; c++) out[c]! += t * y[yo + c]!;
}

/** Squared residual below which a row counts as solved (as in `implicit`). */
const CG_TOLERANCE = 1e-20;

/**
 * Throw a ShapeError unless one half-step's arrays agree: the side's CSR, its factors x (rowCount × k), the fixed
 * factors y (columnCount × k), their Gramian (k × k), and rows [from, to) inside the side.
 */
function checkHalfStep(
  from: number,
  to: number,
  side: IalsRows,
  x: Float32Array,
  y: Float32Array,
  g: Float64Array,
  k: number,
): void {
  expectLength('iALS offsets', side.offsets.length, side.rowCount + 1);
  expectLength('iALS confidences', side.confidence.length, side.columns.length);
  if (side.offsets[side.rowCount] !== side.columns.length)
    throw new ShapeError(`iALS offsets end at ${side.offsets[side.rowCount]}, not at ${side.columns.length} entries`);
  expectLength('iALS solved factors', x.length, side.rowCount * k);
  expectLength('iALS fixed factors', y.length, side.columnCount * k);
  expectLength('iALS Gramian', g.length, k * k);
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= side.rowCount))
    throw new ShapeError(`iALS rows ${from}..${to} are not inside 0..${side.rowCount}`);
}

/**
 * Solve rows [from, to) of one side by `h.cgSteps` conjugate-gradient steps each, warm-started from and written
 * back to x (rowCount × k). `y` holds the other side's factors, `g` their Gramian YᵀY (k×k, no λ).
 */
export function solveRowsCg(
  from: number,
  to: number,
  side: IalsRows,
  x: Float32Array,
  y: Float32Array,
  g: Float64Array,
  h: IalsHyper,
  s: CgScratch,
): void {
  const k = h.factors;
  checkHalfStep(from, to, side, x, y, g, k);
  const { offsets, columns, confidence } = side;
  const { x: xu, r, p, ap } = s;
  for (let u = from; u < to; u++) {
    const start = offsets[u]!;
    const end = offsets[u + 1]!;
    const xo = u * k;
    if (start === end) {
      x.fill(0, xo, xo + k);
      continue;
    }
    const lambda = rowLambda(confidence, start, end, side.columnCount, h);
    for (let c = 0; c < k; c++) xu[c] = x[xo + c]!;
    // r = b − A x
    gramTimes(g, xu, lambda, k, r);
    for (let c = 0; c < k; c++) r[c] = -r[c]!;
    for (let e = start; e < end; e++) {
      const sc = confidence[e]!;
      const conf = Math.abs(sc);
      const yo = columns[e]! * k;
      addScaledRow(r, (sc > 0 ? conf : 0) - (conf - 1) * dotRow(y, yo, xu, k), y, yo, k);
    }
    let rs = 0;
    for (let c = 0; c < k; c++) {
      p[c] = r[c]!;
      rs += r[c]! * r[c]!;
    }
    for (let step = 0; step < h.cgSteps && rs >= CG_TOLERANCE; step++) {
      gramTimes(g, p, lambda, k, ap);
      for (let e = start; e < end; e++) {
        const conf = Math.abs(confidence[e]!);
        const yo = columns[e]! * k;
        addScaledRow(ap, (conf - 1) * dotRow(y, yo, p, k), y, yo, k);
      }
      let pap = 0;
      for (let c = 0; c < k; c++) pap += p[c]! * ap[c]!;
      const alpha = rs / pap;
      let rsNew = 0;
      for (let c = 0; c < k; c++) {
        xu[c]! += alpha * p[c]!;
        r[c]! -= alpha * ap[c]!;
        rsNew += r[c]! * r[c]!;
      }
      const beta = rsNew / rs;
      for (let c = 0; c < k; c++) p[c] = r[c]! + beta * p[c]!;
      rs = rsNew;
    }
    for (let c = 0; c < k; c++) x[xo + c] = xu[c]!;
  }
}

/** Entries per chunk of rowSystem's column buffers: two k × 64 float64 blocks stay in cache. */
const SYSTEM_CHUNK = 64;

/** Scratch for building and solving one row's k×k system. */
export interface ExactScratch {
  a: Float64Array;
  b: Float64Array;
  yj: Float64Array;
  /** A chunk of the row's factors, column-major (k × SYSTEM_CHUNK), and the same weighted by c − 1. */
  cols: Float64Array;
  weighted: Float64Array;
}

export function exactScratch(k: number): ExactScratch {
  return {
    a: new Float64Array(k * k),
    b: new Float64Array(k),
    yj: new Float64Array(k),
    cols: new Float64Array(k * SYSTEM_CHUNK),
    weighted: new Float64Array(k * SYSTEM_CHUNK),
  };
}

/**
 * The k×k system of one row, A = G + Σ (c_j − 1) y_j y_jᵀ + λ_u I and b = Σ c_j p_j y_j, into `s.a` (both
 * triangles) and `s.b`, from entries `columns[e]` / `confidence[e]` for e in [from, to). Returns λ_u.
 * Σ (c_j − 1) y_j y_jᵀ is taken over chunks of entries laid out column-major, so each element of A is one dot
 * product of two contiguous runs: about twice as fast as adding outer products one entry at a time.
 */
export function rowSystem(
  columns: ArrayLike<number>,
  confidence: ArrayLike<number>,
  from: number,
  to: number,
  columnCount: number,
  y: Pick<FactorMatrix, 'row'>,
  g: Float64Array,
  h: IalsHyper,
  s: ExactScratch,
): number {
  const k = h.factors;
  const { a, b, yj, cols, weighted } = s;
  expectLength('row system matrix', a.length, k * k);
  expectLength('row system right-hand side', b.length, k);
  expectLength('row system chunk', cols.length, k * SYSTEM_CHUNK);
  expectLength('Gramian', g.length, k * k);
  const lambda = rowLambda(confidence, from, to, columnCount, h);
  const m = SYSTEM_CHUNK;
  a.set(g);
  b.fill(0);
  for (let start = from; start < to; start += m) {
    const n = Math.min(m, to - start);
    for (let t = 0; t < n; t++) {
      const sc = confidence[start + t]!;
      const conf = Math.abs(sc);
      const w = conf - 1;
      const p = sc > 0 ? conf : 0;
      y.row(columns[start + t]!, yj);
      for (let c = 0, o = t; c < k; c++, o += m) {
        const v = yj[c]!;
        cols[o] = v;
        weighted[o] = w * v;
        b[c]! += p * v;
      }
    }
    for (let r = 0; r < k; r++) for (let c = r; c < k; c++) a[r * k + c]! += dot(weighted, r * m, cols, c * m, n);
  }
  for (let r = 0; r < k; r++) {
    a[r * k + r]! += lambda;
    for (let c = 0; c < r; c++) a[r * k + c] = a[c * k + r]!;
  }
  return lambda;
}

/** Solve rows [from, to) exactly, one k×k Cholesky solve each (the reference the CG solver approximates). */
export function solveRowsExact(
  from: number,
  to: number,
  side: IalsRows,
  x: Float32Array,
  y: Float32Array,
  g: Float64Array,
  h: IalsHyper,
  s: ExactScratch,
): void {
  const k = h.factors;
  checkHalfStep(from, to, side, x, y, g, k);
  const rows = FactorMatrix.fromFloat32(y, side.columnCount, k);
  for (let u = from; u < to; u++) {
    const start = side.offsets[u]!;
    const end = side.offsets[u + 1]!;
    if (start === end) {
      x.fill(0, u * k, u * k + k);
      continue;
    }
    rowSystem(side.columns, side.confidence, start, end, side.columnCount, rows, g, h, s);
    solveSpdInPlace(s.a, s.b, k);
    for (let c = 0; c < k; c++) x[u * k + c] = s.b[c]!;
  }
}
