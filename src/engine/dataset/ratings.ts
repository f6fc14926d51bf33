/**
 * ratings.csv, row by row as it streams in, into the Dataset's CSR by user (each user's ratings by item index).
 * Each row is checked and appended to flat typed columns (no object per rating); at the end two stable counting
 * sorts, by item then by user, give the CSR order in linear time and put duplicate (user, item) pairs side by
 * side, each with its line in the file.
 */
import type { CsvReader } from './csv-reader.ts';
import { checkWidth, DECIMAL_NOTATION, idAt, parseDecimal, readHeader, timestampAt, type Columns } from './fields.ts';
import type { IssueList } from './issues.ts';
import { indexOfId, type RatingScale } from './dataset.ts';
import { withRoom, type NumberColumn } from './growable.ts';
import { scaleProblem } from './manifest.ts';

const FILE = 'ratings.csv';

export interface RatingTable {
  userIds: Int32Array;
  userOffsets: Uint32Array;
  ratingItems: Int32Array;
  ratingValues: Float32Array;
  ratingTimes: Float64Array;
}

/**
 * The line of each kept row by its ordinal. Rows mostly sit one per line, so only the ordinals where
 * "line − ordinal" changes (after a blank line, a rejected row, a field with line breaks) are stored.
 */
class LineMap {
  private from = new Int32Array(16);
  private shift = new Int32Array(16);
  private n = 0;

  /** Ordinals arrive in increasing order. */
  add(ordinal: number, line: number): void {
    const shift = line - ordinal;
    if (this.n > 0 && this.shift[this.n - 1] === shift) return;
    this.from = withRoom(this.from, this.n + 1);
    this.shift = withRoom(this.shift, this.n + 1);
    this.from[this.n] = ordinal;
    this.shift[this.n++] = shift;
  }

  lineOf(ordinal: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.from[mid]! <= ordinal) lo = mid;
      else hi = mid - 1;
    }
    return ordinal + this.shift[lo]!;
  }
}

export class RatingsReader {
  private header: string[] = [];
  private cols: Columns | null = null;
  private hasTime = false;
  private n = 0;
  /** Per kept row: the user in order of first appearance, the item's dense index, the value, the time. */
  private users = new Int32Array(1 << 12);
  private items = new Int32Array(1 << 12);
  private values = new Float32Array(1 << 12);
  private times = new Float64Array(1 << 12);
  private readonly lines = new LineMap();
  /** External user id → order of first appearance; files usually list a user's ratings together. */
  private readonly userIndex = new Map<number, number>();
  private lastUser = -1;
  private lastIndex = -1;

  constructor(
    private readonly itemIndex: Map<number, number>,
    private readonly itemIds: Int32Array,
    private readonly scale: RatingScale,
    private readonly issues: IssueList,
  ) {}

  readHeader(header: string[]): void {
    this.header = header;
    this.cols = readHeader(header, FILE, ['userId', 'movieId', 'rating'], ['timestamp'], this.issues);
    this.hasTime = this.cols !== null && 'timestamp' in this.cols;
  }

  row(row: CsvReader): void {
    const cols = this.cols;
    const issues = this.issues;
    if (!cols || !checkWidth(row.count, row.line, FILE, this.header, issues)) return;
    const user = idAt(row, cols.userId!, FILE, 'userId', issues);
    const itemId = idAt(row, cols.movieId!, FILE, 'movieId', issues);
    // The import's grammar (fields.ts parseDecimal), read in place when the text is plain digits.
    let value = row.decimal(cols.rating!);
    let raw: string | undefined;
    if (Number.isNaN(value)) value = parseDecimal((raw = row.field(cols.rating!).trim()));
    let ok = user > 0 && itemId > 0;
    const problem = Number.isNaN(value) ? `is not a number ${DECIMAL_NOTATION}` : scaleProblem(value, this.scale);
    if (problem !== null) {
      raw ??= row.field(cols.rating!).trim();
      issues.add(FILE, row.line, 'rating', `${Number.isNaN(value) ? JSON.stringify(raw) : raw} ${problem}`);
      ok = false;
    }
    const item = itemId > 0 ? this.itemIndex.get(itemId) : undefined;
    if (itemId > 0 && item === undefined) {
      issues.add(FILE, row.line, 'movieId', `movieId ${itemId} is not in movies.csv`);
      ok = false;
    }
    const time = this.hasTime ? timestampAt(row, cols.timestamp!, FILE, 'timestamp', issues) : NaN;
    if (this.hasTime && Number.isNaN(time)) ok = false;
    if (ok) this.append(user, item!, value, time, row.line);
  }

  private append(user: number, item: number, value: number, time: number, line: number): void {
    const k = this.n++;
    if (k === this.items.length) {
      this.users = withRoom(this.users, k + 1);
      this.items = withRoom(this.items, k + 1);
      this.values = withRoom(this.values, k + 1);
      this.times = withRoom(this.times, k + 1);
    }
    if (user !== this.lastUser) {
      let u = this.userIndex.get(user);
      if (u === undefined) this.userIndex.set(user, (u = this.userIndex.size));
      this.lastUser = user;
      this.lastIndex = u;
    }
    this.users[k] = this.lastIndex;
    this.items[k] = item;
    this.values[k] = value;
    this.times[k] = time;
    this.lines.add(k, line);
  }

  /** The CSR, or null when the header was unusable. Duplicate pairs are reported here, in CSR order. Once. */
  finish(): RatingTable | null {
    if (!this.cols) return null;
    const n = this.n;
    const firstSeen = Int32Array.from(this.userIndex.keys());
    const userIds = firstSeen.slice().sort();
    const rank = new Int32Array(firstSeen.length);
    for (let u = 0; u < firstSeen.length; u++) rank[u] = indexOfId(userIds, firstSeen[u]!);
    const users = this.users;
    for (let k = 0; k < n; k++) users[k] = rank[users[k]!]!;

    const userOffsets = new Uint32Array(userIds.length + 1);
    const order = stableCountingSort(
      users,
      n,
      userIds.length,
      stableCountingSort(this.items, n, this.itemIds.length, null),
      userOffsets,
    );
    // Each column is let go as soon as it is gathered, so that memory peaks lower on a large file.
    this.users = new Int32Array(0);
    const ratingItems = gather(this.items, order);
    this.items = new Int32Array(0);
    const ratingValues = gather(this.values, order);
    this.values = new Float32Array(0);
    const ratingTimes = gather(this.times, order);
    this.times = new Float64Array(0);
    for (let u = 0; u < userIds.length; u++) {
      for (let k = userOffsets[u]! + 1; k < userOffsets[u + 1]!; k++) {
        if (ratingItems[k] !== ratingItems[k - 1]) continue;
        const first = this.lines.lineOf(order[k - 1]!);
        const again = this.lines.lineOf(order[k]!);
        const item = this.itemIds[ratingItems[k]!];
        this.issues.add(
          FILE,
          again,
          'movieId',
          `user ${userIds[u]} rated movieId ${item} twice (first on line ${first})`,
        );
      }
    }
    return { userIds, userOffsets, ratingItems, ratingValues, ratingTimes };
  }
}

/**
 * Row numbers 0..n-1 (or the order `within`, when given) stably sorted by `keys` (each in 0..keyCount-1): rows
 * with equal keys keep their order. `offsets`, when given (length keyCount + 1), receives where each key starts.
 */
function stableCountingSort(
  keys: Int32Array,
  n: number,
  keyCount: number,
  within: Uint32Array | null,
  offsets = new Uint32Array(keyCount + 1),
): Uint32Array {
  for (let r = 0; r < n; r++) offsets[keys[r]! + 1]!++;
  for (let key = 0; key < keyCount; key++) offsets[key + 1]! += offsets[key]!;
  const next = offsets.slice(0, keyCount);
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const r = within ? within[k]! : k;
    out[next[keys[r]!]!++] = r;
  }
  return out;
}

/** column[order[k]] for every k, in a new array of the column's type. */
function gather<T extends NumberColumn>(column: T, order: Uint32Array): T {
  const out = new (column.constructor as new (n: number) => T)(order.length);
  for (let k = 0; k < order.length; k++) out[k] = column[order[k]!]!;
  return out;
}
