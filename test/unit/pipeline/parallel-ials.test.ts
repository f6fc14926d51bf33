/** The worker_threads driver of the build gives the single-thread fit's factors exactly, for any worker count. */
import { describe, expect, it } from 'vitest';
import { CHUNKS_PER_WORKER, fitIalsParallel, solveChunks } from '../../../src/pipeline/parallel-ials.ts';
import { ShapeError } from '../../../src/engine/model-contracts.ts';
import { IalsModel, ialsRows, type IalsOptions } from '../../../src/engine/models/ials.ts';
import { randomTrain } from '../engine/models/fixtures.ts';

// More users than one Gramian block and many solve chunks, so the threads really share the work.
const train = randomTrain(2500, 120, 0.04, 17);

describe('parallel iALS driver', () => {
  it.each([
    ['CG, 2 workers', { factors: 8, epochs: 3, confidence: 'liked', nu: 1, lambda: 0.01, encoding: 'float32' }, 2],
    ['exact, 3 workers', { factors: 5, epochs: 2, solver: 'exact', encoding: 'float32' }, 3],
  ] as [string, Partial<IalsOptions>, number][])(
    'matches the single-thread fit bit for bit (%s)',
    async (_n, o, workers) => {
      const single = new IalsModel(o);
      single.fit(train, { seed: 8 });
      const fractions: number[] = [];
      const parallel = await fitIalsParallel(train, o, { seed: 8, workers, onProgress: (f) => fractions.push(f) });
      expect(parallel.itemFactors.toFloat32()).toEqual(single.itemFactors.toFloat32());
      expect(parallel.trainUserFactors).toEqual(single.trainUserFactors);
      expect(parallel.gram).toEqual(single.gram);
      expect(fractions.at(-1)).toBe(1);
      expect(fractions).toHaveLength(2 * o.epochs!);
    },
  );

  it('checks its input before starting any worker', async () => {
    await expect(fitIalsParallel(train, { factors: 0 }, { seed: 1 })).rejects.toThrow(RangeError);
    const broken = { ...train, values: train.values.subarray(1) };
    await expect(fitIalsParallel(broken, {}, { seed: 1 })).rejects.toThrow(ShapeError);
    await expect(fitIalsParallel(train, {}, { seed: 1, workers: 0 })).rejects.toThrow(/workers/);
  });

  it('cuts each side into consecutive chunks of about equal work, a heavy row alone', () => {
    const k = 16;
    const { users, items } = ialsRows(train, new IalsModel({ factors: k }).options);
    // One item rated by everyone next to items rated by few: the rows' work differs by orders of magnitude.
    const skewed = { ...items, offsets: Uint32Array.from(items.offsets, (o, i) => (i === 0 ? 0 : o + 2400)) };
    for (const side of [users, items, skewed]) {
      const bounds = solveChunks(side, k, 2);
      expect(bounds[0]).toBe(0);
      expect(bounds.at(-1)).toBe(side.rowCount);
      for (let c = 1; c < bounds.length; c++) expect(bounds[c]!).toBeGreaterThan(bounds[c - 1]!);
      const work = (from: number, to: number) => side.offsets[to]! - side.offsets[from]! + ((to - from) * k) / 2;
      const share = work(0, side.rowCount) / (2 * CHUNKS_PER_WORKER);
      for (let c = 1; c < bounds.length; c++) {
        const [from, to] = [bounds[c - 1]!, bounds[c]!];
        // A chunk ends at the row that reaches its share: without that row it falls short.
        expect(work(from, to - 1)).toBeLessThan(share);
        if (c < bounds.length - 1) expect(work(from, to)).toBeGreaterThanOrEqual(share);
      }
    }
    expect(solveChunks(skewed, k, 2)[1]).toBe(1);
  });
});
