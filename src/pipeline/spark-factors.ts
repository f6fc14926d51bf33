/**
 * Node-only: read the item factors of Apache Spark MLlib's ALS from Parquet. Accepts what Spark writes:
 *  - `model.itemFactors.write.parquet(dir)`: a directory of part files plus `_SUCCESS` and `.crc` files;
 *  - `model.save(dir)` (ALSModel.save): `metadata/`, `userFactors/`, `itemFactors/`; the factors under
 *    `itemFactors/`, the rank in `metadata/`;
 *  - a single .parquet file.
 * Spark's schema is `id: int` and `features: array<float>`, which its ParquetSchemaConverter writes as
 * `required int32 id` and `optional group features (LIST) { repeated group list { required float element } }`
 * (or, with spark.sql.parquet.writeLegacyFormat, `repeated float array` under the LIST group). hyparquet
 * assembles any of these into one array per row; the checks on the rows live in src/engine/model-mode/item-factors.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import {
  factorsError,
  FactorsIssues,
  factorTableFromColumns,
  type FactorColumns,
  type FactorTable,
} from '../engine/model-mode/item-factors.ts';

export interface SparkFactorsRead {
  table: FactorTable;
  /** The Parquet files read, in order. */
  files: string[];
  /** What was found at the path: "directory", "single file" or "saved ALSModel". */
  layout: 'directory' | 'single file' | 'saved ALSModel';
  /** The rank recorded in a saved ALSModel's metadata. */
  modelRank?: number;
  /** Worth telling the user, not errors: e.g. a directory without Spark's `_SUCCESS` marker. */
  notes: string[];
}

export interface ReadFactorsOptions {
  /** The rank every row must have (e.g. the rank the Spark job was run with). */
  rank?: number;
}

/** Spark and Hadoop skip names starting with `_` or `.` when they read a directory (`_SUCCESS`, `.crc`). */
function isDataFile(dir: string, name: string): boolean {
  return !name.startsWith('_') && !name.startsWith('.') && statSync(join(dir, name)).isFile();
}

interface Located {
  files: string[];
  layout: SparkFactorsRead['layout'];
  modelRank?: number;
  notes: string[];
}

function locate(path: string): Located {
  if (!existsSync(path)) throw factorsError(path, 'not found');
  if (statSync(path).isFile()) return { files: [path], layout: 'single file', notes: [] };
  const has = (name: string) => existsSync(join(path, name));
  if (basename(path) === 'userFactors')
    throw factorsError(path, 'a userFactors folder, by its name: pass the itemFactors folder Spark wrote beside it');
  if (has('itemFactors')) {
    const located = locate(join(path, 'itemFactors'));
    return { ...located, layout: 'saved ALSModel', modelRank: savedModelRank(path) };
  }
  if (has('userFactors'))
    throw factorsError(path, 'holds userFactors/ but no itemFactors/: Spark writes both; was the copy cut short?');
  if (has('stages')) {
    const stages = readdirSync(join(path, 'stages')).filter((s) => existsSync(join(path, 'stages', s, 'itemFactors')));
    const where = stages.map((s) => join(path, 'stages', s)).join(' or ');
    throw factorsError(path, `this is a saved PipelineModel; pass its ALS stage${where ? `: ${where}` : ''}`);
  }
  const names = readdirSync(path).sort();
  const files = names.filter((n) => isDataFile(path, n)).map((n) => join(path, n));
  if (files.length === 0) {
    const held = names.length ? `it holds only ${names.join(', ')}` : 'it is empty';
    throw factorsError(path, `no Parquet part files (${held})`);
  }
  const notes = has('_SUCCESS')
    ? []
    : [`${path} has no _SUCCESS marker: Spark writes one when the job completes; a failed job leaves part files`];
  return { files, layout: 'directory', notes };
}

/** ALSModel.save writes one line of JSON to metadata/part-00000 with the rank beside the params. */
function savedModelRank(modelDir: string): number | undefined {
  const dir = join(modelDir, 'metadata');
  if (!existsSync(dir)) return undefined;
  const part = readdirSync(dir)
    .sort()
    .find((n) => n.startsWith('part-'));
  if (!part) return undefined;
  const where = join(dir, part);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(where, 'utf8').split('\n')[0]!);
  } catch (e) {
    throw factorsError(where, `not valid JSON (${(e as Error).message})`);
  }
  const meta = json as { class?: unknown; rank?: unknown };
  if (typeof meta.class === 'string' && !meta.class.endsWith('.ALSModel'))
    throw factorsError(where, `is the metadata of a ${meta.class}, not an ALSModel`);
  return typeof meta.rank === 'number' ? meta.rank : undefined;
}

function typeName(node: SchemaTree): string {
  const e = node.element;
  if (node.children.length) return e.converted_type ?? e.logical_type?.type ?? 'group';
  return [e.type, e.converted_type ?? e.logical_type?.type].filter(Boolean).join(' ');
}

/** Spark ML's VectorUDT column: struct<type: tinyint, size: int, indices: array<int>, values: array<double>>. */
function isMlVector(node: SchemaTree): boolean {
  const names = new Set(node.children.map((c) => c.element.name));
  return ['type', 'size', 'indices', 'values'].every((n) => names.has(n));
}

/** What is wrong with a file's schema for ALS item factors, or null. */
function schemaProblem(root: SchemaTree): string | null {
  const columns = root.children.map((c) => c.element.name);
  const listed = `columns: ${columns.join(', ') || 'none'}`;
  const id = root.children.find((c) => c.element.name === 'id');
  const features = root.children.find((c) => c.element.name === 'features');
  if (!id || !features) {
    const user = columns.find((c) => /^user/i.test(c));
    if (user)
      return `has a "${user}" column (${listed}): this looks like userFactors or per-user output, not itemFactors`;
    return `has no "${!id ? 'id' : 'features'}" column (${listed}); ALS item factors have id: int, features: array<float>`;
  }
  const idType = id.element.type;
  const idAnnotation = id.element.converted_type ?? id.element.logical_type?.type;
  if (
    id.children.length ||
    idType !== 'INT32' ||
    (idAnnotation && idAnnotation !== 'INT_32' && idAnnotation !== 'INTEGER')
  )
    return `column "id" is ${typeName(id)}; ALS writes item ids as int (INT32)`;
  if (!features.children.length)
    return `column "features" is a single ${typeName(features)} per row; ALS writes array<float> (a Parquet LIST)`;
  if (isMlVector(features))
    return 'column "features" is a Spark ML Vector; ALS writes array<float>: convert with vector_to_array(col, "float32")';
  if (typeName(features) !== 'LIST') return `column "features" is a ${typeName(features)}; ALS writes a LIST of FLOAT`;
  // One REPEATED level below the LIST group in both Spark layouts (`list` group or legacy `array` leaf).
  let leaf = features;
  let repeated = 0;
  while (leaf.children.length === 1) {
    leaf = leaf.children[0]!;
    if (leaf.element.repetition_type === 'REPEATED') repeated++;
  }
  if (leaf.children.length) return 'column "features" is a list of structs; ALS writes a LIST of FLOAT';
  if (repeated === 0) return 'column "features" is marked LIST but has no repeated field: not a valid Parquet list';
  if (repeated > 1) return 'column "features" is a list of lists; ALS writes a LIST of FLOAT';
  if (leaf.element.type === 'DOUBLE')
    return 'column "features" holds DOUBLE values; ALS writes FLOAT: cast with col("features").cast("array<float>")';
  if (leaf.element.type !== 'FLOAT' || leaf.element.converted_type || leaf.element.logical_type)
    return `column "features" holds ${typeName(leaf)} values; ALS writes FLOAT`;
  return null;
}

function readMetadata(file: string, bytes: ArrayBuffer): FileMetaData {
  try {
    return parquetMetadata(bytes);
  } catch (e) {
    throw factorsError(file, `not a readable Parquet file (${(e as Error).message})`);
  }
}

async function readColumns(file: string, bytes: ArrayBuffer, metadata: FileMetaData): Promise<FactorColumns> {
  const rows = Number(metadata.num_rows);
  const ids: unknown[] = new Array(rows);
  const features: unknown[] = new Array(rows);
  try {
    await parquetRead({
      file: bytes,
      metadata,
      columns: ['id', 'features'],
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = columnName === 'id' ? ids : features;
        for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
      },
    });
  } catch (e) {
    throw factorsError(file, `could not be decoded (${(e as Error).message})`);
  }
  return { source: basename(file), ids, features };
}

/**
 * Read ALS item factors from `path` (a directory Spark wrote, a saved ALSModel or a single file), check the
 * schema of every file, then the rows (see factorTableFromColumns). Throws FactorsError naming file and row.
 */
export async function readSparkItemFactors(path: string, options: ReadFactorsOptions = {}): Promise<SparkFactorsRead> {
  const { files, layout, modelRank, notes } = locate(path);
  if (options.rank !== undefined && modelRank !== undefined && options.rank !== modelRank)
    throw factorsError(
      path,
      `the saved model's metadata says rank ${modelRank}, but rank ${options.rank} was asked for`,
    );

  const issues = new FactorsIssues();
  const decoded: { file: string; bytes: ArrayBuffer; metadata: FileMetaData }[] = [];
  for (const file of files) {
    const buffer = readFileSync(file);
    const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    const metadata = readMetadata(file, bytes);
    const problem = schemaProblem(parquetSchema(metadata));
    if (problem) issues.add(file, problem);
    else decoded.push({ file, bytes, metadata });
  }
  issues.throwIfAny();

  const parts: FactorColumns[] = [];
  for (const d of decoded) parts.push(await readColumns(d.file, d.bytes, d.metadata));
  const rank = options.rank ?? modelRank;
  const rankSource = options.rank !== undefined ? 'the rank asked for' : "the saved model's metadata";
  const table = factorTableFromColumns(parts, rank === undefined ? {} : { rank, rankSource });
  return { table, files, layout, notes, ...(modelRank === undefined ? {} : { modelRank }) };
}
