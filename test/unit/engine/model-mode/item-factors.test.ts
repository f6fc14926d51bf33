/** Checking and aligning factor rows (src/engine/model-mode/item-factors.ts), without files. */
import { describe, expect, it } from 'vitest';
import {
  alignItemFactors,
  factorTableFromColumns,
  FactorsError,
  type FactorColumns,
  type FactorTable,
} from '../../../../src/engine/model-mode/item-factors.ts';
import { randomRows } from '../../pipeline/spark-parquet.ts';

function part(source: string, ids: unknown[], features: unknown[]): FactorColumns {
  return { source, ids, features };
}

function errorOf(f: () => unknown): FactorsError {
  try {
    f();
  } catch (e) {
    if (e instanceof FactorsError) return e;
    throw e;
  }
  throw new Error('expected a FactorsError');
}

const v = (...xs: number[]) => xs;

describe('factorTableFromColumns', () => {
  it('packs the rows of every part, in order, row-major', () => {
    const a = randomRows([5, 1, 9], 4, 1);
    const b = randomRows([2, 7], 4, 2);
    const t = factorTableFromColumns([
      part('a', a.ids as number[], a.features),
      part('b', b.ids as number[], b.features),
    ]);
    expect(Array.from(t.ids)).toEqual([5, 1, 9, 2, 7]);
    expect(t.rank).toBe(4);
    const rows = [...a.features, ...b.features];
    for (let r = 0; r < rows.length; r++)
      expect(Array.from(t.factors.subarray(r * 4, r * 4 + 4))).toEqual(Array.from(rows[r]!));
  });

  it('takes the rank most rows share and reports the odd row with its file, row and id', () => {
    // The odd row is first: judging by the first row would blame all the others.
    const e = errorOf(() =>
      factorTableFromColumns([
        part('part-0', [3, 4, 5], [v(1, 2, 3), v(1, 2), v(3, 4)]),
        part('part-1', [6], [v(5, 6)]),
      ]),
    );
    expect(e.total).toBe(1);
    expect(e.message).toContain('part-0 row 1 (id 3): features has 3 values; expected rank 2');
  });

  it('holds every row to the rank the caller expects', () => {
    const e = errorOf(() =>
      factorTableFromColumns([part('p', [1, 2], [v(1, 2, 3), v(4, 5, 6)])], { rank: 4, rankSource: '--rank' }),
    );
    expect(e.total).toBe(2);
    expect(e.message).toContain('p row 2 (id 2): features has 3 values; expected the rank 4 of --rank');
  });

  it('refuses null vectors and values that are not finite, naming the position', () => {
    const e = errorOf(() =>
      factorTableFromColumns([part('p', [1, 2, 3, 4, 5], [v(1, 2), null, v(NaN, 1), v(1, Infinity), v(-Infinity, 0)])]),
    );
    expect(e.issues.map((i) => `${i.where}: ${i.message}`)).toEqual([
      'p row 2 (id 2): features is null',
      'p row 3 (id 3): features[0] is NaN: every value must be a finite number',
      'p row 4 (id 4): features[1] is Infinity: every value must be a finite number',
      'p row 5 (id 5): features[0] is -Infinity: every value must be a finite number',
    ]);
  });

  it('refuses an id seen before, naming both places', () => {
    const e = errorOf(() =>
      factorTableFromColumns([part('part-0', [8, 9], [v(1), v(2)]), part('part-1', [9], [v(3)])]),
    );
    expect(e.message).toContain('part-1 row 1 (id 9): id 9 appears again: first at part-0 row 2');
  });

  it('refuses ids that are not ints', () => {
    const e = errorOf(() => factorTableFromColumns([part('p', [null, 1.5, 2 ** 31, 7n], [v(1), v(1), v(1), v(1)])]));
    expect(e.issues.map((i) => i.where)).toEqual(['p row 1', 'p row 2', 'p row 3', 'p row 4']);
    expect(e.issues[3]!.message).toBe('id must be a whole number in int range, got 7 as a 64-bit integer');
  });

  it('refuses an input without rows', () => {
    expect(() => factorTableFromColumns([part('part-0', [], []), part('part-1', [], [])])).toThrow(
      'part-0, part-1: holds no factor rows',
    );
  });

  it('lists the first 20 problems and counts the rest', () => {
    const ids = Array.from({ length: 30 }, (_, i) => i + 1);
    const e = errorOf(() =>
      factorTableFromColumns([
        part(
          'p',
          ids,
          ids.map(() => v(NaN)),
        ),
      ]),
    );
    expect(e.total).toBe(30);
    expect(e.issues).toHaveLength(20);
    expect(e.message).toMatch(/^30 problems in the item factors:/);
    expect(e.message).toMatch(/… and 10 more$/);
  });
});

function table(ids: number[], rank: number, seed: number): FactorTable {
  const rows = randomRows(ids, rank, seed);
  return factorTableFromColumns([{ source: 'p', ids: rows.ids, features: rows.features }]);
}

describe('alignItemFactors', () => {
  const catalogue = Int32Array.from([2, 3, 5, 8, 13, 21, 34, 55]);

  it("puts each row at its item's dense index", () => {
    const t = table([55, 2, 13, 8, 3, 34, 21, 5], 3, 4);
    const a = alignItemFactors(t, catalogue);
    expect(a.ids).toBe(catalogue);
    expect(a.missing).toHaveLength(0);
    for (let r = 0; r < t.ids.length; r++) {
      const item = catalogue.indexOf(t.ids[r]!);
      expect(Array.from(a.factors.subarray(item * 3, item * 3 + 3))).toEqual(
        Array.from(t.factors.subarray(r * 3, r * 3 + 3)),
      );
    }
  });

  it('gives items without a row zero vectors and counts those that have ratings', () => {
    const t = table([2, 3, 5, 8, 13, 21], 2, 5);
    const ratingCounts = [4, 1, 1, 2, 9, 3, 0, 1]; // 34 unrated, 55 rated
    const a = alignItemFactors(t, catalogue, { ratingCounts });
    expect(Array.from(a.missing)).toEqual([6, 7]);
    expect(a.missingRated).toBe(1);
    expect(Array.from(a.factors.subarray(12))).toEqual([0, 0, 0, 0]);
  });

  it('refuses ids outside the catalogue', () => {
    const e = errorOf(() => alignItemFactors(table([2, 3, 5, 8, 13, 21, 34, 55, 89, 144], 2, 6), catalogue));
    expect(e.message).toContain('2 of 10 ids are not items of the dataset (89, 144)');
  });

  it('refuses factors that cover less than the threshold of the rated items', () => {
    const ratingCounts = [1, 1, 1, 1, 1, 1, 0, 0]; // six rated items
    const t = table([2, 3], 2, 7);
    const e = errorOf(() => alignItemFactors(t, catalogue, { ratingCounts, source: 'out/itemFactors' }));
    expect(e.message).toContain("out/itemFactors: only 2 of the dataset's 6 rated items have factors (33.3%");
    // Three of six is the default half: allowed.
    expect(alignItemFactors(table([2, 3, 5], 2, 7), catalogue, { ratingCounts }).missing).toHaveLength(5);
    expect(() => alignItemFactors(table([2, 3, 5], 2, 7), catalogue, { ratingCounts, minCoverage: 0.6 })).toThrow(
      FactorsError,
    );
  });

  it('judges coverage over the whole catalogue when no rating counts are given', () => {
    expect(() => alignItemFactors(table([2, 3, 5], 2, 8), catalogue)).toThrow("only 3 of the dataset's 8 items");
  });

  it('says when the rows look like userFactors', () => {
    const userIds = Int32Array.from({ length: 40 }, (_, i) => i + 1);
    const e = errorOf(() => alignItemFactors(table([1, 2, 3, 4, 6, 7, 9], 2, 9), catalogue, { userIds }));
    expect(e.message).toContain('this looks like userFactors, not itemFactors');
    // Item ids that happen to be user ids too get no such hint when something else is wrong.
    const other = errorOf(() => alignItemFactors(table([2, 3, 99], 2, 9), catalogue, { userIds }));
    expect(other.message).not.toContain('userFactors');
  });
});
