/**
 * Dataset folder (dataset.json + MovieLens-layout CSVs, as text) → validated Dataset.
 * Every problem is reported with file, line and field; all of them are gathered (up to a cap) before throwing,
 * so a fork fixing its data sees the whole list at once. Pure: no file system, runs in Node and the browser.
 * The large files (ratings.csv, tags.csv) can arrive in pieces through DatasetReader, so that neither has to
 * fit in one string; parseDataset is the same reader given each file whole. A file given as bytes must be UTF-8.
 */
import { parseCsv, CsvSyntaxError, type CsvTable } from './csv.ts';
import { CsvReader } from './csv-reader.ts';
import type { Dataset, Manifest } from './dataset.ts';
import { checkWidth, positiveId, readHeader, timestamp, type Columns } from './fields.ts';
import { IssueList, throwIfAnyIn } from './issues.ts';
import { RatingsReader } from './ratings.ts';
import { checkItemsServable, checkRatingsServable } from './servable.ts';
import { withRoom } from './growable.ts';
import { parseManifest } from './manifest.ts';
import { unstorableText } from './storable.ts';
import { splitTitleYear } from '../text/normalize-title.ts';
import { decodeUtf8, NotUtf8Error, utf8Pieces, type ByteSink } from './utf8.ts';

export { DatasetError, type DatasetIssue } from './issues.ts';

/** Each file's text, or its bytes as read from disk (then refused, with the line, unless they are UTF-8). */
export interface DatasetFiles {
  'dataset.json'?: FileContent;
  'movies.csv'?: FileContent;
  'ratings.csv'?: FileContent;
  'tags.csv'?: FileContent;
  'links.csv'?: FileContent;
}

export type FileContent = string | Uint8Array;

/** The files as texts, for code that writes or edits them (tests and their fixtures). */
export type DatasetTexts = { [K in keyof DatasetFiles]?: string };

/** A file's text (undefined when it is missing); null when it cannot be read as UTF-8, after saying where. */
function textOf(content: FileContent | undefined, file: string, issues: IssueList): string | undefined | null {
  if (content === undefined || typeof content === 'string') return content;
  try {
    return decodeUtf8(content, file);
  } catch (e) {
    if (!(e instanceof NotUtf8Error)) throw e;
    issues.add(file, e.line, '-', e.detail);
    return null;
  }
}

const NO_GENRES = '(no genres listed)';
/** An issue for a text the snapshot cannot hold (see storable.ts). */
function checkStorable(text: string, file: string, line: number, field: string, issues: IssueList): void {
  const problem = unstorableText(text);
  if (problem) issues.add(file, line, field, `${JSON.stringify(text)} ${problem}`);
}

function tableOf(
  content: FileContent | undefined,
  file: string,
  issues: IssueList,
  required: boolean,
): CsvTable | null {
  const text = textOf(content, file, issues);
  if (text === undefined) {
    if (required) issues.add(file, 0, '-', 'file is missing');
    return null;
  }
  if (text === null) return null;
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
  const cols = readHeader(table.header, file, ['movieId', 'title', 'genres'], [], issues);
  if (!cols) return null;
  const parsed: { id: number; title: string; genres: number[] }[] = [];
  const genreIndex = new Map<string, number>();
  const genres: string[] = [];
  const seen = new Map<number, number>();
  for (const row of table.rows) {
    if (!checkWidth(row.fields.length, row.line, file, table.header, issues)) continue;
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

interface TagTable {
  tagUserIds: Int32Array;
  tagItems: Int32Array;
  tagTexts: Uint32Array;
  tagVocabulary: string[];
  tagTimes: Float64Array;
}

const noTags = (): TagTable => ({
  tagUserIds: new Int32Array(0),
  tagItems: new Int32Array(0),
  tagTexts: new Uint32Array(0),
  tagVocabulary: [],
  tagTimes: new Float64Array(0),
});

/** tags.csv, row by row as it streams in, in file order. */
class TagsReader {
  private header: string[] = [];
  private cols: Columns | null = null;
  private n = 0;
  private users = new Int32Array(1 << 10);
  private its = new Int32Array(1 << 10);
  private texts = new Uint32Array(1 << 10);
  private times = new Float64Array(1 << 10);
  private readonly vocab = new Map<string, number>();
  private readonly vocabulary: string[] = [];

  constructor(
    private readonly items: Map<number, number>,
    private readonly issues: IssueList,
  ) {}

  readHeader(header: string[]): void {
    this.header = header;
    this.cols = readHeader(header, 'tags.csv', ['userId', 'movieId', 'tag'], ['timestamp'], this.issues);
  }

  row(row: CsvReader): void {
    const { cols, issues, items } = this;
    const file = 'tags.csv';
    if (!cols || !checkWidth(row.count, row.line, file, this.header, issues)) return;
    const f = row.fields();
    const user = positiveId(f[cols.userId!]!, file, row.line, 'userId', issues);
    const itemId = positiveId(f[cols.movieId!]!, file, row.line, 'movieId', issues);
    const tag = f[cols.tag!]!.trim();
    const time = 'timestamp' in cols ? timestamp(f[cols.timestamp!]!, file, row.line, 'timestamp', issues) : NaN;
    const item = itemId > 0 ? items.get(itemId) : undefined;
    if (itemId > 0 && item === undefined)
      issues.add(file, row.line, 'movieId', `movieId ${itemId} is not in movies.csv`);
    if (tag === '') issues.add(file, row.line, 'tag', 'empty tag');
    checkStorable(tag, file, row.line, 'tag', issues);
    if (user < 0 || item === undefined || tag === '' || ('timestamp' in cols && Number.isNaN(time))) return;
    let t = this.vocab.get(tag);
    if (t === undefined) {
      t = this.vocabulary.length;
      this.vocab.set(tag, t);
      this.vocabulary.push(tag);
    }
    const k = this.n++;
    this.users = withRoom(this.users, k + 1);
    this.its = withRoom(this.its, k + 1);
    this.texts = withRoom(this.texts, k + 1);
    this.times = withRoom(this.times, k + 1);
    this.users[k] = user;
    this.its[k] = item;
    this.texts[k] = t;
    this.times[k] = time;
  }

  finish(): TagTable {
    return {
      tagUserIds: this.users.slice(0, this.n),
      tagItems: this.its.slice(0, this.n),
      tagTexts: this.texts.slice(0, this.n),
      tagVocabulary: this.vocabulary,
      tagTimes: this.times.slice(0, this.n),
    };
  }
}

function parseLinks(table: CsvTable | null, items: Map<number, number>, n: number, issues: IssueList) {
  const file = 'links.csv';
  const imdbIds = new Int32Array(n);
  const tmdbIds = new Int32Array(n);
  if (!table) return { imdbIds, tmdbIds };
  const cols = readHeader(table.header, file, ['movieId'], ['imdbId', 'tmdbId'], issues);
  if (!cols) return { imdbIds, tmdbIds };
  for (const row of table.rows) {
    if (!checkWidth(row.fields.length, row.line, file, table.header, issues)) continue;
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

/** A file's text as it arrives: pieces in order, then the end. */
export interface TextSink {
  push(text: string): void;
  end(): void;
}

/** The files read in pieces, in this order; the others are small and given whole. */
export const STREAMED_FILES = ['ratings.csv', 'tags.csv'] as const;
export type StreamedFile = (typeof STREAMED_FILES)[number];
const CSV_FILES = ['movies.csv', 'ratings.csv', 'tags.csv', 'links.csv'] as const;
type CsvFile = (typeof CSV_FILES)[number];

/**
 * Validates and assembles a dataset whose large files arrive in pieces: construct it with the small files, open
 * ratings.csv and then tags.csv (when there is one) and push their text, then finish(). The problems it reports,
 * and their order, are those of reading every file whole: a file that is missing or badly quoted is listed
 * before any row's problem, and a badly quoted file's rows are not judged.
 */
export class DatasetReader {
  private readonly manifestIssues = new IssueList();
  /** Per file: problems with the file as a whole (missing, bad quoting), then with its rows. */
  private readonly fileIssues = new Map<CsvFile, IssueList>(CSV_FILES.map((f) => [f, new IssueList()]));
  private readonly rowIssues = new Map<CsvFile, IssueList>(CSV_FILES.map((f) => [f, new IssueList()]));
  private readonly manifest: Manifest | null;
  private readonly items: ItemTable | null;
  private readonly index: Map<number, number>;
  private readonly links: FileContent | undefined;
  private readonly opened: StreamedFile[] = [];
  private ratings: RatingsReader | null = null;
  private tags: TagsReader | null = null;
  private readonly ended = new Set<StreamedFile>();

  constructor(files: Pick<DatasetFiles, 'dataset.json' | 'movies.csv' | 'links.csv'>) {
    const manifest = textOf(files['dataset.json'], 'dataset.json', this.manifestIssues);
    this.manifest = manifest === null ? null : parseManifest(manifest, this.manifestIssues);
    const movies = tableOf(files['movies.csv'], 'movies.csv', this.fileIssues.get('movies.csv')!, true);
    this.items = movies ? parseItems(movies, this.rowIssues.get('movies.csv')!) : null;
    this.index = itemIndexer(this.items?.ids ?? new Int32Array(0));
    this.links = files['links.csv'];
  }

  /** Start reading one of the streamed files; ratings.csv comes first. */
  open(file: StreamedFile): TextSink {
    return this.sinkFor(file, (text) => text);
  }

  /** open() for a file that arrives as bytes: a file that is not UTF-8 is refused, naming the line. */
  openBytes(file: StreamedFile): ByteSink {
    return this.sinkFor(file, (text, csv) => utf8Pieces(text, file, () => csv.nextLine));
  }

  /** The file's CSV reader, fed through `wrap`: whatever it throws that makes the file unreadable is an issue. */
  private sinkFor<C>(
    file: StreamedFile,
    wrap: (text: TextSink, csv: CsvReader) => { push(chunk: C): void; end(): void },
  ): { push(chunk: C): void; end(): void } {
    if (this.opened.includes(file) || STREAMED_FILES.indexOf(file) < this.opened.length)
      throw new Error(`${file}: the streamed files are opened once each, in the order ${STREAMED_FILES.join(', ')}`);
    this.opened.push(file);
    // Without a manifest or items, rows are not judged (as when reading whole files): only the quoting is.
    let reader: RatingsReader | TagsReader | null = null;
    if (this.manifest && this.items) {
      const rows = this.rowIssues.get(file)!;
      if (file === 'ratings.csv')
        reader = this.ratings = new RatingsReader(this.index, this.items.ids, this.manifest.ratingScale, rows);
      else reader = this.tags = new TagsReader(this.index, rows);
    }
    let header: string[] | null = null;
    const csv = new CsvReader(file, (row) => {
      if (header === null) reader?.readHeader((header = row.fields().map((h) => h.trim())));
      else reader?.row(row);
    });
    const inner = wrap(
      {
        push: (text) => csv.push(text),
        end: () => {
          csv.end();
          if (header === null) reader?.readHeader([]);
        },
      },
      csv,
    );
    let broken = false;
    const guard = (step: () => void): void => {
      if (broken) return;
      try {
        step();
      } catch (e) {
        if (!(e instanceof CsvSyntaxError || e instanceof NotUtf8Error)) throw e;
        // A file that cannot be read as CSV text: its rows are not judged, as when reading it whole.
        broken = true;
        this.fileIssues.get(file)!.add(file, e.line, '-', e.detail);
        this.rowIssues.set(file, new IssueList());
        if (file === 'ratings.csv') this.ratings = null;
        else this.tags = null;
      }
    };
    return {
      push: (chunk) => guard(() => inner.push(chunk)),
      end: () => {
        guard(() => inner.end());
        this.ended.add(file);
      },
    };
  }

  /** The dataset, or a DatasetError listing every problem found. */
  finish(): Dataset {
    for (const file of this.opened) if (!this.ended.has(file)) throw new Error(`${file}: finish before its end`);
    if (!this.opened.includes('ratings.csv'))
      this.fileIssues.get('ratings.csv')!.add('ratings.csv', 0, '-', 'file is missing');
    const ratings = this.ratings?.finish();
    // Whether the app could serve the data, judged only once the file itself is sound (else its problems say why).
    const sound = (file: CsvFile) => this.fileIssues.get(file)!.total + this.rowIssues.get(file)!.total === 0;
    if (this.items && sound('movies.csv')) checkItemsServable(this.items.ids.length, this.rowIssues.get('movies.csv')!);
    if (ratings && sound('ratings.csv')) checkRatingsServable(ratings.ratingValues, this.rowIssues.get('ratings.csv')!);
    const tags = this.tags?.finish() ?? noTags();
    const links = tableOf(this.links, 'links.csv', this.fileIssues.get('links.csv')!, false);
    const items = this.items;
    const linked =
      this.manifest && items ? parseLinks(links, this.index, items.ids.length, this.rowIssues.get('links.csv')!) : null;
    throwIfAnyIn([
      this.manifestIssues,
      ...CSV_FILES.map((f) => this.fileIssues.get(f)!),
      ...CSV_FILES.map((f) => this.rowIssues.get(f)!),
    ]);
    return {
      manifest: this.manifest!,
      itemIds: items!.ids,
      titles: items!.titles,
      years: items!.years,
      genres: items!.genres,
      genreOffsets: items!.genreOffsets,
      itemGenres: items!.itemGenres,
      ...linked!,
      ...ratings!,
      ...tags,
    };
  }
}

const whole = <C>(sink: { push(chunk: C): void; end(): void }, content: C) => {
  sink.push(content);
  sink.end();
};

/** Validate and assemble a dataset from its files whole. Throws DatasetError listing every problem. */
export function parseDataset(files: DatasetFiles): Dataset {
  const reader = new DatasetReader(files);
  for (const file of STREAMED_FILES) {
    const content = files[file];
    if (content === undefined) continue;
    if (typeof content === 'string') whole(reader.open(file), content);
    else whole(reader.openBytes(file), content);
  }
  return reader.finish();
}
