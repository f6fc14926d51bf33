import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';
import {
  TopPerRow,
  packKey,
  partitionLargest,
  unpackIndex,
  unpackScore,
} from '../../../../src/engine/numeric/top-select.ts';

describe('packed keys', () => {
  it('order by score, then index, and give both back', () => {
    expect(packKey(0.5, 3)).toBeGreaterThan(packKey(0.25, 4_000_000));
    expect(packKey(0.5, 4)).toBeGreaterThan(packKey(0.5, 3));
    const key = packKey(0.123456789, 98_765);
    expect(unpackIndex(key)).toBe(98_765);
    expect(Math.abs(unpackScore(key) - 0.123456789)).toBeLessThan(2 ** -30);
    expect(unpackScore(packKey(1, 0))).toBe(1);
  });
});

describe('partitionLargest', () => {
  it('moves the m largest to the front of the window, leaving the rest of the array alone', () => {
    const rng = mulberry32(1);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rng() * 60);
      const m = Math.max(1, Math.floor(rng() * n));
      const values = Array.from({ length: n }, () => Math.floor(rng() * 20)); // many ties
      const keys = Float64Array.from([-7, ...values, -9]);
      if (m < n) partitionLargest(keys, 1, n, m);
      const expected = [...values].sort((a, b) => b - a).slice(0, m);
      expect([...keys.subarray(1, 1 + m)].sort((a, b) => b - a)).toEqual(expected);
      expect([...keys.subarray(1, 1 + n)].sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
      expect(keys[0]).toBe(-7);
      expect(keys[n + 1]).toBe(-9);
    }
  });
});

describe('TopPerRow', () => {
  it('keeps at least the `keep` largest offers of every row, whatever the order', () => {
    const rng = mulberry32(2);
    const rows = 4;
    const keep = 5;
    const top = new TopPerRow(rows, keep);
    const offered: number[][] = [[], [], [], []];
    for (let k = 0; k < 400; k++) {
      const row = Math.floor(rng() * rows);
      const key = packKey(rng(), k);
      offered[row]!.push(key);
      top.offer(row, key);
    }
    for (let row = 0; row < rows; row++) {
      const out = new Float64Array(top.capacity + 1);
      const n = top.drain(row, out, 1);
      const kept = [...out.subarray(1, n)].sort((a, b) => b - a).slice(0, keep);
      expect(kept).toEqual([...offered[row]!].sort((a, b) => b - a).slice(0, keep));
      expect(n - 1).toBeLessThanOrEqual(top.capacity);
    }
  });
});
