/**
 * Dataset folder (dataset.json + MovieLens-layout CSVs, as text) → validated Dataset.
 * Every problem is reported with file, line and field; all of them are gathered (up to a cap) before throwing,
 * so a fork fixing its data sees the whole list at once. Pure: no file system, runs in Node and the browser.
 */
import { parseCsv, CsvSyntaxError, type CsvRow, type CsvTable } from './csv.ts';
import type { Dataset, Manifest } from './dataset.ts';
import { IssueList } from './dataset-issues.ts';
import { isOnScale, parseManifest } from './manifest.ts';
import { MAX_TIMESTAMP, unstorableText } from './snapshot/storable.ts';
import { splitTitleYear } from './text/normalize-title.ts';

export { DatasetError, type DatasetIssue } from './dataset-issues.ts';

export interface DatasetFiles {
  'dataset.json'?: string;
  'movies.csv'?: string;
  'ratings.csv'?: string;
  'tags.csv'?: string;
  'links.csv'?: string;
}

const NO_GENRES = '(no genres listed)';
const POSITIVE_INT = /^\s*\d+\s*$/;
const INTEGER = /^\s*-?\d+\s*$/;
const MAX_ID = 0x7fffffff;

interface Columns {
  [name: string]: number;
}

/** Check the header against required and optional columns; returns column positions or null. */
function readHeader(
  table: CsvTable,
  file: string,
  required: string[],
  optional: string[],
  issues: IssueList,
): Columns | null {
  if (table.header.length === 0) {
    issues.add(file, 1, '-', 'the file is empty: expected a header line ' + required.join(','));
    return null;
  }
  const cols: Columns = {};
  let ok = true;
  table.header.forEach((name, i) => {
    if (!required.includes(name) && !optional.includes(name)) {
      issues.add(file, 1, name, `unknown column "${name}" (expected ${[...required, ...optional].join(', ')})`);
      ok = false;
    } else if (name in cols) {
      issues.add(file, 1, name, `column "${name}" appears twice`);
      ok = false;
    } else cols[name] = i;
  });
  for (const name of required) {
    if (!(name in cols)) {
      issues.add(file, 1, name, `missing column "${name}"`);
      ok = false;
    }
  }
  return ok ? cols : null;
}

/** The row's fields by column, or null (with an issue) when it has too few or too many. */
function checkWidth(row: CsvRow, file: string, header: string[], issues: IssueList): boolean {
  if (row.fields.length < header.length) {
    issues.add(file, row.line, header[row.fields.length]!, `too few fields: ${row.fields.length} of ${header.length}`);
    return false;
  }
  if (row.fields.length > header.length) {
    issues.add(file, row.line, '-', `too many fields: ${row.fields.length} where the header has ${header.length}`);
    return false;
  }
  return true;
}

function positiveId(value: string, file: string, line: number, field: string, issues: IssueList): number {
  if (!POSITIVE_INT.test(value)) {
    issues.add(file, line, field, `"${value}" is not a positive whole number`);
    return -1;
  }
  const id = Number(value);
  if (id <= 0 || id > MAX_ID) {
    issues.add(file, line, field, `${value} is out of range (1 to ${MAX_ID})`);
    return -1;
  }
  return id;
}

function timestamp(value: string, file: string, line: number, field: string, issues: IssueList): number {
  if (!INTEGER.test(value)) {
    issues.add(file, line, field, `"${value}" is not a whole number of seconds`);
    return NaN;
  }
  const t = Number(value);
  if (Math.abs(t) > MAX_TIMESTAMP) {
    issues.add(file, line, field, `${value.trim()} is out of range (-${MAX_TIMESTAMP} to ${MAX_TIMESTAMP} seconds)`);
    return NaN;
  }
  return t;
}

/** An issue for a text the snapshot cannot hold (see storable.ts). */
function checkStorable(text: string, file: string, line: number, field: string, issues: IssueList): void {
  const problem = unstorableText(text);
  if (problem) issues.add(file, line, field, `${JSON.stringify(text)} ${problem}`);
}

function tableOf(text: string | undefined, file: string, issues: IssueList, required: boolean): CsvTable | null {
  if (text === undefined) {
    if (required) issues.add(file, 0, '-', 'file is missing');
    return null;
  }
  try {
    return parseCsv(text, file);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      issues.add(file, e.line, '-', e.detail);
      return null;
    }
    throw e;
  }
}

interface ItemTable {
  ids: Int32Array;
  titles: string[];
  years: Int16Array;
  genres: string[];
  genreOffsets: Uint32Array;
  itemGenres: Uint16Array;
}

function parseItems(table: CsvTable, issues: IssueList): ItemTable | null {
  const file = 'movies.csv';
  const cols = readHeader(table, file, ['movieId', 'title', 'genres'], [], issues);
  if (!cols) return null;
  const parsed: { id: number; title: string; genres: number[] }[] = [];
  const genreIndex = new Map<string, number>();
  const genres: string[] = [];
  const seen = new Map<number, number>();
  for (const row of table.rows) {
    if (!checkWidth(row, file, table.header, issues)) continue;
    const id = positiveId(row.fields[cols.movieId!]!, file, row.line, 'movieId', issues);
    const title = row.fields[cols.title!]!.trim();
    if (title === '') issues.add(file, row.line, 'title', 'empty title');
    checkStorable(title, file, row.line, 'title', issues);
    if (id < 0) continue;
    const firstLine = seen.get(id);
    if (firstLine !== undefined) {
      issues.add(file, row.line, 'movieId', `duplicate movieId ${id} (first on line ${firstLine})`);
      continue;
    }
    seen.set(id, row.line);
    const gs: number[] = [];
    const genreField = row.fields[cols.genres!]!.trim();
    if (genreField !== '' && genreField !== NO_GENRES) {
      for (const raw of genreField.split('|')) {
        const g = raw.trim();
        if (g === '' || g === NO_GENRES) continue;
        checkStorable(g, file, row.line, 'genres', issues);
        let gi = genreIndex.get(g);
        if (gi === undefined) {
          gi = genres.length;
          genreIndex.set(g, gi);
          genres.push(g);
        }
        if (!gs.includes(gi)) gs.push(gi);
      }
    }
    parsed.push({ id, title, genres: gs });
  }
  if (genres.length > 0xffff) issues.add(file, 1, 'genres', `too many distinct genres (${genres.length})`);
  parsed.sort((a, b) => a.id - b.id);
  const n = parsed.length;
  const ids = new Int32Array(n);
  const years = new Int16Array(n);
  const genreOffsets = new Uint32Array(n + 1);
  const titles: string[] = new Array<string>(n);
  let total = 0;
  for (const p of parsed) total += p.genres.length;
  const itemGenres = new Uint16Array(total);
  let k = 0;
  parsed.forEach((p, i) => {
    ids[i] = p.id;
    titles[i] = p.title;
    years[i] = splitTitleYear(p.title).year;
    genreOffsets[i] = k;
    for (const g of p.genres) itemGenres[k++] = g;
  });
  genreOffsets[n] = k;
  return { ids, titles, years, genres, genreOffsets, itemGenres };
}

function itemIndexer(ids: Int32Array): Map<number, number> {
  const m = new Map<number, number>();
  ids.forEach((id, i) => m.set(id, i));
  return m;
}

interface RatingTable {
  userIds: Int32Array;
  userOffsets: Uint32Array;
  ratingItems: Int32Array;
  ratingValues: Float32Array;
  ratingTimes: Float64Array;
}

function parseRatings(
  table: CsvTable,
  items: Map<number, number>,
  itemIds: Int32Array,
  manifest: Manifest,
  issues: IssueList,
): RatingTable | null {
  const file = 'ratings.csv';
  const cols = readHeader(table, file, ['userId', 'movieId', 'rating'], ['timestamp'], issues);
  if (!cols) return null;
  const hasTime = 'timestamp' in cols;
  const n = table.rows.length;
  const users = new Int32Array(n);
  const itemsOf = new Int32Array(n);
  const values = new Float32Array(n);
  const times = new Float64Array(n);
  const lines = new Int32Array(n);
  const { min, max } = manifest.ratingScale;
  let m = 0;
  for (const row of table.rows) {
    if (!checkWidth(row, file, table.header, issues)) continue;
    const f = row.fields;
    const user = positiveId(f[cols.userId!]!, file, row.line, 'userId', issues);
    const itemId = positiveId(f[cols.movieId!]!, file, row.line, 'movieId', issues);
    const raw = f[cols.rating!]!.trim();
    const value = raw === '' ? NaN : Number(raw);
    let ok = user > 0 && itemId > 0;
    if (!Number.isFinite(value)) {
      issues.add(file, row.line, 'rating', `"${raw}" is not a number`);
      ok = false;
    } else if (!isOnScale(value, manifest.ratingScale)) {
      issues.add(
        file,
        row.line,
        'rating',
        `${raw} is not on the scale ${min} to ${max} in steps of ${manifest.ratingScale.step}`,
      );
      ok = false;
    }
    const item = itemId > 0 ? items.get(itemId) : undefined;
    if (itemId > 0 && item === undefined) {
      issues.add(file, row.line, 'movieId', `movieId ${itemId} is not in movies.csv`);
      ok = false;
    }
    const time = hasTime ? timestamp(f[cols.timestamp!]!, file, row.line, 'timestamp', issues) : NaN;
    if (hasTime && Number.isNaN(time)) ok = false;
    if (!ok) continue;
    users[m] = user;
    itemsOf[m] = item!;
    values[m] = value;
    times[m] = time;
    lines[m] = row.line;
    m++;
  }
  // Sort by (user, item) through an index permutation; then group into CSR.
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => users[a]! - users[b]! || itemsOf[a]! - itemsOf[b]!);
  const userIds: number[] = [];
  const offsets: number[] = [];
  const ratingItems = new Int32Array(m);
  const ratingValues = new Float32Array(m);
  const ratingTimes = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const r = order[k]!;
    if (k === 0 || users[r] !== users[order[k - 1]!]) {
      userIds.push(users[r]!);
      offsets.push(k);
    } else if (itemsOf[r] === itemsOf[order[k - 1]!]) {
      const first = Math.min(lines[r]!, lines[order[k - 1]!]!);
      const again = Math.max(lines[r]!, lines[order[k - 1]!]!);
      issues.add(
        file,
        again,
        'movieId',
        `user ${users[r]} rated movieId ${itemIds[itemsOf[r]!]} twice (first on line ${first})`,
      );
    }
    ratingItems[k] = itemsOf[r]!;
    ratingValues[k] = values[r]!;
    ratingTimes[k] = times[r]!;
  }
  offsets.push(m);
  return {
    userIds: Int32Array.from(userIds),
    userOffsets: Uint32Array.from(offsets),
    ratingItems,
    ratingValues,
    ratingTimes,
  };
}

interface TagTable {
  tagUserIds: Int32Array;
  tagItems: Int32Array;
  tagTexts: Uint32Array;
  tagVocabulary: string[];
  tagTimes: Float64Array;
}

function parseTags(table: CsvTable | null, items: Map<number, number>, issues: IssueList): TagTable {
  const file = 'tags.csv';
  const empty: TagTable = {
    tagUserIds: new Int32Array(0),
    tagItems: new Int32Array(0),
    tagTexts: new Uint32Array(0),
    tagVocabulary: [],
    tagTimes: new Float64Array(0),
  };
  if (!table) return empty;
  const cols = readHeader(table, file, ['userId', 'movieId', 'tag'], ['timestamp'], issues);
  if (!cols) return empty;
  const users: number[] = [];
  const its: number[] = [];
  const texts: number[] = [];
  const times: number[] = [];
  const vocab = new Map<string, number>();
  const vocabulary: string[] = [];
  for (const row of table.rows) {
    if (!checkWidth(row, file, table.header, issues)) continue;
    const f = row.fields;
    const user = positiveId(f[cols.userId!]!, file, row.line, 'userId', issues);
    const itemId = positiveId(f[cols.movieId!]!, file, row.line, 'movieId', issues);
    const tag = f[cols.tag!]!.trim();
    const time = 'timestamp' in cols ? timestamp(f[cols.timestamp!]!, file, row.line, 'timestamp', issues) : NaN;
    const item = itemId > 0 ? items.get(itemId) : undefined;
    if (itemId > 0 && item === undefined)
      issues.add(file, row.line, 'movieId', `movieId ${itemId} is not in movies.csv`);
    if (tag === '') issues.add(file, row.line, 'tag', 'empty tag');
    checkStorable(tag, file, row.line, 'tag', issues);
    if (user < 0 || item === undefined || tag === '' || ('timestamp' in cols && Number.isNaN(time))) continue;
    let t = vocab.get(tag);
    if (t === undefined) {
      t = vocabulary.length;
      vocab.set(tag, t);
      vocabulary.push(tag);
    }
    users.push(user);
    its.push(item);
    texts.push(t);
    times.push(time);
  }
  return {
    tagUserIds: Int32Array.from(users),
    tagItems: Int32Array.from(its),
    tagTexts: Uint32Array.from(texts),
    tagVocabulary: vocabulary,
    tagTimes: Float64Array.from(times),
  };
}

function parseLinks(table: CsvTable | null, items: Map<number, number>, n: number, issues: IssueList) {
  const file = 'links.csv';
  const imdbIds = new Int32Array(n);
  const tmdbIds = new Int32Array(n);
  if (!table) return { imdbIds, tmdbIds };
  const cols = readHeader(table, file, ['movieId'], ['imdbId', 'tmdbId'], issues);
  if (!cols) return { imdbIds, tmdbIds };
  for (const row of table.rows) {
    if (!checkWidth(row, file, table.header, issues)) continue;
    const f = row.fields;
    const itemId = positiveId(f[cols.movieId!]!, file, row.line, 'movieId', issues);
    const item = itemId > 0 ? items.get(itemId) : undefined;
    if (itemId > 0 && item === undefined) {
      issues.add(file, row.line, 'movieId', `movieId ${itemId} is not in movies.csv`);
      continue;
    }
    for (const [field, target] of [
      ['imdbId', imdbIds],
      ['tmdbId', tmdbIds],
    ] as const) {
      if (!(field in cols)) continue;
      const raw = f[cols[field]!]!.trim().replace(/^tt/, '');
      if (raw === '') continue; // unknown link: allowed
      const id = positiveId(raw, file, row.line, field, issues);
      if (id > 0 && item !== undefined) target[item] = id;
    }
  }
  return { imdbIds, tmdbIds };
}

/** Validate and assemble a dataset from the texts of its files. Throws DatasetError listing every problem. */
export function parseDataset(files: DatasetFiles): Dataset {
  const issues = new IssueList();
  const manifest = parseManifest(files['dataset.json'], issues);
  const movies = tableOf(files['movies.csv'], 'movies.csv', issues, true);
  const ratings = tableOf(files['ratings.csv'], 'ratings.csv', issues, true);
  const tags = tableOf(files['tags.csv'], 'tags.csv', issues, false);
  const links = tableOf(files['links.csv'], 'links.csv', issues, false);
  const items = movies ? parseItems(movies, issues) : null;
  if (!manifest || !items) issues.throwIfAny();
  const index = itemIndexer(items!.ids);
  const rated = ratings ? parseRatings(ratings, index, items!.ids, manifest!, issues) : null;
  const tagged = parseTags(tags, index, issues);
  const linked = parseLinks(links, index, items!.ids.length, issues);
  issues.throwIfAny();
  return {
    manifest: manifest!,
    itemIds: items!.ids,
    titles: items!.titles,
    years: items!.years,
    genres: items!.genres,
    genreOffsets: items!.genreOffsets,
    itemGenres: items!.itemGenres,
    ...linked,
    ...rated!,
    ...tagged,
  };
}
