/**
 * Item factors fitted elsewhere (Apache Spark MLlib's ALS), checked and aligned to the catalogue. Pure: the Node
 * reader (src/pipeline/spark-factors.ts) decodes the Parquet files into columns and hands them here, so every check
 * below runs the same in tests without files.
 */
import { indexOfId } from '../dataset/dataset.ts';
import { ISSUE_CAP } from '../dataset/issues.ts';

/** Factor rows as read: `factors` is row-major, ids.length × rank, row r belonging to ids[r]. */
export interface FactorTable {
  ids: Int32Array;
  rank: number;
  factors: Float32Array;
}

/** One source's decoded columns (a Parquet part file): `id` and `features`, one entry per row. */
export interface FactorColumns {
  /** Named in errors: the part file's name. */
  source: string;
  ids: ArrayLike<unknown>;
  /** Each entry an array of numbers (null when the row has no vector). */
  features: ArrayLike<unknown>;
}

export interface FactorsIssue {
  /** File, and row when one row is at fault: `part-00001-….snappy.parquet row 17 (id 42)`. */
  where: string;
  message: string;
}

export class FactorsError extends Error {
  constructor(
    /** The first ISSUE_CAP issues. */
    readonly issues: FactorsIssue[],
    /** How many were found in all. */
    readonly total: number,
  ) {
    const more = total > issues.length ? `\n… and ${total - issues.length} more` : '';
    const lines = issues.map((i) => `${i.where}: ${i.message}`).join('\n');
    super(`${total} problem${total === 1 ? '' : 's'} in the item factors:\n${lines}${more}`);
    this.name = 'FactorsError';
  }
}

export class FactorsIssues {
  readonly kept: FactorsIssue[] = [];
  total = 0;

  add(where: string, message: string): void {
    this.total++;
    if (this.kept.length < ISSUE_CAP) this.kept.push({ where, message });
  }

  throwIfAny(): void {
    if (this.total > 0) throw new FactorsError(this.kept, this.total);
  }
}

/** Throw a FactorsError with a single issue. */
export function factorsError(where: string, message: string): FactorsError {
  return new FactorsError([{ where, message }], 1);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isVector(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** The length most rows share: with no rank given, one odd row is then the one reported, not all the others. */
function commonLength(parts: readonly FactorColumns[]): number {
  const counts = new Map<number, number>();
  for (const p of parts)
    for (let r = 0; r < p.features.length; r++) {
      const f = p.features[r];
      if (isVector(f)) counts.set(f.length, (counts.get(f.length) ?? 0) + 1);
    }
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts)
    if (count > bestCount) {
      best = length;
      bestCount = count;
    }
  return best;
}

export interface FactorTableOptions {
  /** The rank the rows must have; by default the length most rows share. */
  rank?: number;
  /** Says where `rank` came from, in errors: "--rank", "the saved model's metadata". */
  rankSource?: string;
}

/**
 * Check the decoded rows and pack them into one table: every row has an int id, no id repeats, every `features`
 * is a vector of `rank` finite numbers. Throws FactorsError listing the problems, each with its file and row.
 */
export function factorTableFromColumns(parts: readonly FactorColumns[], options: FactorTableOptions = {}): FactorTable {
  const issues = new FactorsIssues();
  let total = 0;
  for (const p of parts) {
    if (p.ids.length !== p.features.length)
      issues.add(p.source, `${p.ids.length} ids but ${p.features.length} feature vectors`);
    total += Math.min(p.ids.length, p.features.length);
  }
  issues.throwIfAny();
  if (total === 0) throw factorsError(parts.map((p) => p.source).join(', ') || '(no files)', 'holds no factor rows');

  const rank = options.rank ?? commonLength(parts);
  if (!Number.isInteger(rank) || rank < 1)
    throw factorsError(options.rankSource ?? 'rank', `rank must be a whole number ≥ 1, got ${rank}`);
  const expected = options.rank
    ? `the rank ${rank} of ${options.rankSource ?? 'the caller'}`
    : `rank ${rank}, the length most rows have`;

  const ids = new Int32Array(total);
  const factors = new Float32Array(total * rank);
  const firstSeen = new Map<number, string>();
  let row = 0;
  for (const p of parts)
    for (let r = 0; r < p.ids.length && r < p.features.length; r++, row++) {
      const id = p.ids[r];
      const validId = typeof id === 'number' && Number.isInteger(id) && id >= INT32_MIN && id <= INT32_MAX;
      const where = `${p.source} row ${r + 1}` + (validId ? ` (id ${id})` : '');
      if (!validId) {
        const got = typeof id === 'bigint' ? `${id} as a 64-bit integer` : String(id);
        issues.add(where, `id must be a whole number in int range, got ${got}`);
        continue;
      }
      const earlier = firstSeen.get(id);
      if (earlier !== undefined) issues.add(where, `id ${id} appears again: first at ${earlier}`);
      else firstSeen.set(id, `${p.source} row ${r + 1}`);
      ids[row] = id;

      const f = p.features[r];
      if (!isVector(f)) {
        issues.add(where, f == null ? 'features is null' : `features is not an array (got ${typeof f})`);
        continue;
      }
      if (f.length !== rank) {
        issues.add(where, `features has ${f.length} values; expected ${expected}`);
        continue;
      }
      const base = row * rank;
      for (let k = 0; k < rank; k++) {
        const v = f[k];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          issues.add(where, `features[${k}] is ${String(v)}: every value must be a finite number`);
          break;
        }
        factors[base + k] = v;
      }
    }
  issues.throwIfAny();
  return { ids, rank, factors };
}

/** Item factors in the catalogue's dense item order: row i belongs to the catalogue's item i. */
export interface AlignedItemFactors extends FactorTable {
  /** Dense indices of catalogue items with no factor row; their rows in `factors` are zeros. */
  missing: Int32Array;
  /** How many of `missing` have ratings in the dataset (0 when no rating counts were given). */
  missingRated: number;
}

export interface AlignOptions {
  /** Ratings per catalogue item (dense order): items nobody rated are expected to be missing. */
  ratingCounts?: ArrayLike<number>;
  /** The dataset's user ids (ascending), to recognise userFactors passed by mistake. */
  userIds?: Int32Array;
  /** Least share of the rated items (all items without ratingCounts) that must have factors. */
  minCoverage?: number;
  /** Named in errors: the path the factors were read from. */
  source?: string;
}

/**
 * Spark fits a vector for every item that has a rating in its input and no other, so items nobody rated are
 * always missing and a job run on a filtered or split ratings file misses some rated ones too. Below this share
 * of the rated items, the factors belong to another dataset.
 */
export const DEFAULT_MIN_COVERAGE = 0.5;

const ID_SAMPLE = 5;

/**
 * Place the factor rows in the catalogue's dense item order (`itemIds` ascending, as Dataset.itemIds).
 *
 * A catalogue item without a row gets a zero vector rather than an error: a zero row adds nothing to the Gramian
 * YᵀY and nothing to a user's fold-in, exactly as if the item were absent from Spark's model, and it scores 0 for
 * everyone, so it is reached through content and popularity instead. An id outside the catalogue is an error:
 * Spark's Gramian, and so the fold-in it fitted users with, included that item, and the device's could not.
 */
export function alignItemFactors(
  table: FactorTable,
  itemIds: Int32Array,
  options: AlignOptions = {},
): AlignedItemFactors {
  const { rank } = table;
  const source = options.source ?? 'item factors';
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const n = itemIds.length;
  const factors = new Float32Array(n * rank);
  const present = new Uint8Array(n);
  const unknown: number[] = [];
  for (let r = 0; r < table.ids.length; r++) {
    const item = indexOfId(itemIds, table.ids[r]!);
    if (item < 0) {
      unknown.push(table.ids[r]!);
      continue;
    }
    present[item] = 1;
    factors.set(table.factors.subarray(r * rank, (r + 1) * rank), item * rank);
  }

  const counts = options.ratingCounts;
  let expected = 0;
  let covered = 0;
  const missing: number[] = [];
  let missingRated = 0;
  for (let i = 0; i < n; i++) {
    const rated = counts ? counts[i]! > 0 : true;
    if (rated) expected++;
    if (present[i]) {
      if (rated) covered++;
    } else {
      missing.push(i);
      if (counts && rated) missingRated++;
    }
  }

  const problems: string[] = [];
  if (unknown.length > 0) {
    const sample = unknown.slice(0, ID_SAMPLE).join(', ') + (unknown.length > ID_SAMPLE ? ', …' : '');
    problems.push(
      `${unknown.length} of ${table.ids.length} ids are not items of the dataset (${sample}): ` +
        'the factors were fitted on other data',
    );
  }
  if (covered < minCoverage * expected) {
    const what = counts ? 'rated items' : 'items';
    const share = expected ? ((100 * covered) / expected).toFixed(1) : '0';
    problems.push(
      `only ${covered} of the dataset's ${expected} ${what} have factors (${share}%, at least ` +
        `${Math.round(100 * minCoverage)}% expected): these are not the item factors of this dataset`,
    );
  }
  if (problems.length > 0 && allUserIds(table.ids, options.userIds))
    problems.unshift('every id is a user id of the dataset: this looks like userFactors, not itemFactors');
  const issues = new FactorsIssues();
  for (const p of problems) issues.add(source, p);
  issues.throwIfAny();
  return { ids: itemIds, rank, factors, missing: Int32Array.from(missing), missingRated };
}

/** Every id a user id of the dataset: the userFactors of the same model, most likely. */
function allUserIds(ids: Int32Array, userIds: Int32Array | undefined): boolean {
  if (!userIds || userIds.length === 0) return false;
  for (let r = 0; r < ids.length; r++) if (indexOfId(userIds, ids[r]!) < 0) return false;
  return true;
}
