import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../../src/engine/model-contracts.ts';
import { FactorMatrix, fromHalfBits, toHalfBits } from '../../../../src/engine/numeric/factor-matrix.ts';
import { gaussian, mulberry32 } from '../../../../src/engine/numeric/random.ts';

function randomFactors(rows: number, cols: number, seed: number): Float32Array {
  const normal = gaussian(mulberry32(seed));
  // Rows of very different norms, as popular and rare items have.
  return Float32Array.from({ length: rows * cols }, (_, t) => normal() * 10 ** ((Math.floor(t / cols) % 7) - 4));
}

describe('half-precision conversion', () => {
  it('round-trips every finite half value bit for bit', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const v = fromHalfBits(h);
      if (!Number.isNaN(v) && toHalfBits(v) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it('rounds to the nearest half, ties to even, and overflows to Infinity', () => {
    const ulp = 2 ** -10;
    expect(fromHalfBits(toHalfBits(1 + ulp / 2))).toBe(1);
    expect(fromHalfBits(toHalfBits(1 + (3 * ulp) / 2))).toBe(1 + 2 * ulp);
    expect(fromHalfBits(toHalfBits(1 + 0.6 * ulp))).toBe(1 + ulp);
    expect(fromHalfBits(toHalfBits(2 ** -24 * 0.5))).toBe(0);
    expect(fromHalfBits(toHalfBits(2 ** -24 * 1.5))).toBe(2 * 2 ** -24);
    expect(fromHalfBits(toHalfBits(70000))).toBe(Infinity);
    expect(fromHalfBits(toHalfBits(-1.5))).toBe(-1.5);
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
  });
});

describe('FactorMatrix', () => {
  const rows = 40;
  const cols = 9;
  const values = randomFactors(rows, cols, 3);

  it.each([
    ['int8', 0.5 / 127],
    ['float16', 2 ** -11],
  ] as const)('%s codes stay within half a step of each row’s scale', (encoding, step) => {
    const q = FactorMatrix.fromFloat32(values, rows, cols).encode(encoding);
    const back = q.toFloat32();
    for (let i = 0; i < rows; i++) {
      let max = 0;
      for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(values[i * cols + c]!));
      for (let c = 0; c < cols; c++)
        expect(Math.abs(back[i * cols + c]! - values[i * cols + c]!)).toBeLessThanOrEqual(max * step * 1.0001);
    }
  });

  it.each(['float32', 'float16', 'int8'] as const)('scores every row against a vector as its rows say (%s)', (e) => {
    const q = FactorMatrix.fromFloat32(values, rows, cols).encode(e);
    const v = Float64Array.from({ length: cols }, (_, c) => c - 4);
    const out = new Float32Array(rows);
    q.timesVector(v, out);
    const row = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      q.row(i, row);
      const dot = row.reduce((s, x, c) => s + x * v[c]!, 0);
      expect(Math.abs(out[i]! - dot)).toBeLessThanOrEqual(1e-6 * Math.abs(dot));
    }
  });

  it('keeps an all-zero row at zero and rejects bad shapes and non-finite rows', () => {
    const z = new Float32Array(2 * cols);
    z[cols] = 1;
    const q = FactorMatrix.fromFloat32(z, 2, cols).encode('int8');
    expect(Array.from(q.toFloat32().subarray(0, cols))).toEqual(new Array(cols).fill(0));
    expect(() => FactorMatrix.fromFloat32(new Float32Array(5), 2, 3)).toThrow(ShapeError);
    z[0] = NaN;
    expect(() => FactorMatrix.fromFloat32(z, 2, cols).encode('float16')).toThrow(/row 0 is not finite/);
    expect(() => q.timesVector(new Float64Array(cols - 1), new Float32Array(2))).toThrow(ShapeError);
  });

  it('state round trip keeps codes and scales, and checks them', () => {
    const q = FactorMatrix.fromFloat32(values, rows, cols).encode('int8');
    const back = FactorMatrix.fromState(structuredClone(q.toState()), rows, cols);
    expect(back.encoding).toBe('int8');
    expect(back.toFloat32()).toEqual(q.toFloat32());
    expect(() => FactorMatrix.fromState(q.toState(), rows + 1, cols)).toThrow(ShapeError);
    expect(() => FactorMatrix.fromState({ ...q.toState(), encoding: 'int4' }, rows, cols)).toThrow(/not one of/);
    expect(() => FactorMatrix.fromState({ ...q.toState(), scale: new Float32Array(1) }, rows, cols)).toThrow(
      ShapeError,
    );
    const damaged = q.toState();
    (damaged.scale as Float32Array)[2] = NaN;
    expect(() => FactorMatrix.fromState(damaged, rows, cols)).toThrow(/not finite/);
  });
});
