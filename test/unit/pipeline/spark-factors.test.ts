/** Reading Spark ALS item factors from Parquet written here in Spark's layout (see spark-parquet.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { SchemaElement } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { readSparkItemFactors } from '../../../src/pipeline/spark-factors.ts';
import { alignItemFactors, FactorsError } from '../../../src/engine/model-mode/item-factors.ts';
import {
  factorsParquet,
  randomRows,
  SPARK_ITEM_FACTORS_SCHEMA,
  toTwoLevelList,
  writeSavedModel,
  writeSparkDir,
  type FactorRows,
} from './spark-parquet.ts';

const root = mkdtempSync(join(tmpdir(), 'matinee-factors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let seq = 0;
const fresh = (name: string) => join(root, `${++seq}-${name}`);

const RANK = 6;
/** The catalogue: ascending ids with gaps, as Dataset.itemIds. */
const CATALOGUE = Int32Array.from({ length: 40 }, (_, i) => 3 * i + 1);

/** The catalogue's ids in a scrambled order, split into parts as Spark's hash partitioning does. */
function scrambledParts(ids: number[], parts: number, seed: number): FactorRows[] {
  const byPart: number[][] = Array.from({ length: parts }, () => []);
  for (const id of ids) byPart[(id * 7919) % parts]!.push(id);
  return byPart.map((p, i) => randomRows(p.reverse(), RANK, seed + i));
}

/** The written rows, in catalogue order: what the aligned output must equal. */
function expectedFactors(parts: FactorRows[], catalogue: Int32Array): Float32Array {
  const out = new Float32Array(catalogue.length * RANK);
  for (const p of parts)
    for (let r = 0; r < p.ids.length; r++) out.set(p.features[r]!, catalogue.indexOf(Number(p.ids[r])) * RANK);
  return out;
}

async function failure(path: string, options = {}): Promise<FactorsError> {
  try {
    await readSparkItemFactors(path, options);
  } catch (e) {
    if (e instanceof FactorsError) return e;
    throw e;
  }
  throw new Error('expected a FactorsError');
}

describe('the files the tests write are laid out as Spark writes them', () => {
  it('has Spark schema, snappy columns and the Spark schema metadata', () => {
    const bytes = factorsParquet(randomRows([1, 4], RANK, 1));
    const metadata = parquetMetadata(bytes);
    const schema = metadata.schema.map((e) => [e.name, e.repetition_type, e.type, e.converted_type, e.num_children]);
    expect(schema).toEqual([
      ['spark_schema', undefined, undefined, undefined, 2],
      ['id', 'REQUIRED', 'INT32', undefined, undefined],
      ['features', 'OPTIONAL', undefined, 'LIST', 1],
      ['list', 'REPEATED', undefined, undefined, 1],
      ['element', 'REQUIRED', 'FLOAT', undefined, undefined],
    ]);
    const columns = metadata.row_groups[0]!.columns.map((c) => [
      c.meta_data!.path_in_schema.join('.'),
      c.meta_data!.codec,
    ]);
    expect(columns).toEqual([
      ['id', 'SNAPPY'],
      ['features.list.element', 'SNAPPY'],
    ]);
    const sparkSchema = metadata.key_value_metadata!.find(
      (kv) => kv.key === 'org.apache.spark.sql.parquet.row.metadata',
    );
    expect(JSON.parse(sparkSchema!.value!).fields[1].type).toEqual({
      type: 'array',
      elementType: 'float',
      containsNull: false,
    });
  });
});

describe('readSparkItemFactors', () => {
  it('reads a multi-part directory with _SUCCESS, .crc files and an empty partition', async () => {
    const parts = scrambledParts(Array.from(CATALOGUE), 3, 10);
    const dir = fresh('itemFactors');
    const names = writeSparkDir(dir, [...parts, { ids: [], features: [] }]);
    const read = await readSparkItemFactors(dir);
    expect(read.layout).toBe('directory');
    expect(read.files).toEqual(names.map((n) => join(dir, n)));
    expect(read.notes).toEqual([]);
    expect(read.table.ids.length).toBe(CATALOGUE.length);
    expect(read.table.rank).toBe(RANK);
    const aligned = alignItemFactors(read.table, CATALOGUE);
    expect(aligned.factors).toEqual(expectedFactors(parts, CATALOGUE));
  });

  it('reads a single .parquet file', async () => {
    const rows = randomRows(Array.from(CATALOGUE).reverse(), RANK, 20);
    const file = fresh('factors.parquet');
    writeFileSync(file, new Uint8Array(factorsParquet(rows)));
    const read = await readSparkItemFactors(file);
    expect(read.layout).toBe('single file');
    expect(alignItemFactors(read.table, CATALOGUE).factors).toEqual(expectedFactors([rows], CATALOGUE));
  });

  it("reads a saved ALSModel's itemFactors, not its userFactors, and its rank", async () => {
    const items = scrambledParts(Array.from(CATALOGUE), 2, 30);
    const users = randomRows([1, 2, 3], RANK, 40);
    const dir = fresh('als-model');
    writeSavedModel(dir, RANK, users, items);
    const read = await readSparkItemFactors(dir);
    expect(read.layout).toBe('saved ALSModel');
    expect(read.modelRank).toBe(RANK);
    expect(read.files.every((f) => f.startsWith(join(dir, 'itemFactors')))).toBe(true);
    expect(alignItemFactors(read.table, CATALOGUE).factors).toEqual(expectedFactors(items, CATALOGUE));
  });

  it("holds rows to a saved model's rank and refuses a different one asked for", async () => {
    const dir = fresh('als-model-rank');
    writeSavedModel(dir, RANK + 2, randomRows([1], RANK, 1), [randomRows([1, 4], RANK, 2)]);
    expect((await failure(dir)).message).toContain(`expected the rank ${RANK + 2} of the saved model's metadata`);
    expect((await failure(dir, { rank: RANK })).message).toContain(
      `the saved model's metadata says rank ${RANK + 2}, but rank ${RANK} was asked for`,
    );
  });

  it("reads Spark's legacy two-level list layout", async () => {
    const rows = randomRows(Array.from(CATALOGUE), RANK, 50);
    const file = fresh('legacy.parquet');
    const bytes = toTwoLevelList(factorsParquet(rows));
    expect(parquetMetadata(bytes).schema.map((e) => e.name)).toEqual(['spark_schema', 'id', 'features', 'array']);
    writeFileSync(file, new Uint8Array(bytes));
    const read = await readSparkItemFactors(file);
    expect(alignItemFactors(read.table, CATALOGUE).factors).toEqual(expectedFactors([rows], CATALOGUE));
  });

  it('notes a directory without the _SUCCESS marker', async () => {
    const dir = fresh('unfinished');
    writeSparkDir(dir, [randomRows([1, 4], RANK, 3)], { success: false });
    const read = await readSparkItemFactors(dir);
    expect(read.notes).toEqual([expect.stringContaining('has no _SUCCESS marker')]);
  });

  it('names the part file and row of a bad row', async () => {
    const dir = fresh('bad-row');
    const bad = randomRows([10, 13, 16], RANK, 4);
    bad.features[1] = Float32Array.from({ length: RANK }, (_, k) => (k === 2 ? NaN : 0.5));
    bad.features[2] = Float32Array.of(0.5, 0.25);
    const names = writeSparkDir(dir, [randomRows([1, 4, 7], RANK, 5), bad]);
    const e = await failure(dir);
    expect(e.issues.map((i) => `${i.where}: ${i.message}`)).toEqual([
      `${names[1]} row 2 (id 13): features[2] is NaN: every value must be a finite number`,
      `${names[1]} row 3 (id 16): features has 2 values; expected rank ${RANK}, the length most rows have`,
    ]);
  });

  it('names the parts that hold the same id', async () => {
    const dir = fresh('duplicates');
    const names = writeSparkDir(dir, [randomRows([1, 4], RANK, 6), randomRows([7, 4], RANK, 7)]);
    expect((await failure(dir)).message).toContain(
      `${names[1]} row 2 (id 4): id 4 appears again: first at ${names[0]} row 2`,
    );
  });

  it('refuses rows of another rank than the one asked for', async () => {
    const file = fresh('rank.parquet');
    writeFileSync(file, new Uint8Array(factorsParquet(randomRows([1, 4], RANK, 8))));
    expect((await failure(file, { rank: 10 })).message).toContain(
      `row 1 (id 1): features has ${RANK} values; expected the rank 10 of the rank asked for`,
    );
  });
});

/** Spark's schema with one element changed, for the wrong-file cases. */
function schemaWith(index: number, element: Partial<SchemaElement>): SchemaElement[] {
  return SPARK_ITEM_FACTORS_SCHEMA.map((e, i) => (i === index ? { ...e, ...element } : e));
}

async function wrongFile(name: string, bytes: ArrayBuffer): Promise<string> {
  const file = fresh(name);
  writeFileSync(file, new Uint8Array(bytes));
  return (await failure(file)).message;
}

describe('readSparkItemFactors refuses what is not ALS item factors', () => {
  it('features as array<double>', async () => {
    const bytes = factorsParquet(randomRows([1], RANK, 1), schemaWith(4, { type: 'DOUBLE' }));
    expect(await wrongFile('double.parquet', bytes)).toContain(
      'column "features" holds DOUBLE values; ALS writes FLOAT',
    );
  });

  it('ids as bigint', async () => {
    const bytes = factorsParquet({ ids: [1n], features: [[1, 2]] }, schemaWith(1, { type: 'INT64' }));
    expect(await wrongFile('long.parquet', bytes)).toContain('column "id" is INT64; ALS writes item ids as int');
  });

  it('a file with a user column', async () => {
    const bytes = factorsParquet(randomRows([1], RANK, 1), schemaWith(1, { name: 'userId' }));
    expect(await wrongFile('user.parquet', bytes)).toContain(
      'has a "userId" column (columns: userId, features): this looks like userFactors or per-user output',
    );
  });

  it('a file without the features column', async () => {
    const bytes = factorsParquet(randomRows([1], RANK, 1), schemaWith(2, { name: 'vector' }));
    expect(await wrongFile('nofeatures.parquet', bytes)).toContain('has no "features" column (columns: id, vector)');
  });

  it('features as one float per row', async () => {
    const schema: SchemaElement[] = [
      { name: 'spark_schema', num_children: 2 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'features', type: 'FLOAT', repetition_type: 'REQUIRED' },
    ];
    expect(await wrongFile('scalar.parquet', factorsParquet({ ids: [], features: [] }, schema))).toContain(
      'column "features" is a single FLOAT per row',
    );
  });

  it('features as a Spark ML Vector', async () => {
    // VectorUDT's storage: struct<type: tinyint, size: int, indices: array<int>, values: array<double>>.
    const list = (name: string, type: 'INT32' | 'DOUBLE'): SchemaElement[] => [
      { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type, repetition_type: 'REQUIRED' },
    ];
    const schema: SchemaElement[] = [
      { name: 'spark_schema', num_children: 2 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'features', repetition_type: 'OPTIONAL', num_children: 4 },
      { name: 'type', type: 'INT32', converted_type: 'INT_8', repetition_type: 'REQUIRED' },
      { name: 'size', type: 'INT32', repetition_type: 'OPTIONAL' },
      ...list('indices', 'INT32'),
      ...list('values', 'DOUBLE'),
    ];
    expect(await wrongFile('vector.parquet', factorsParquet({ ids: [], features: [] }, schema))).toContain(
      'is a Spark ML Vector; ALS writes array<float>: convert with vector_to_array',
    );
  });

  it('a file that is not Parquet', async () => {
    const file = fresh('notes.parquet');
    writeFileSync(file, 'id,features\n1,"[0.1, 0.2]"\n');
    expect((await failure(file)).message).toContain('not a readable Parquet file');
  });

  it('an empty directory, and one with only Spark markers', async () => {
    const empty = fresh('empty');
    mkdirSync(empty);
    expect((await failure(empty)).message).toContain('no Parquet part files (it is empty)');
    const markers = fresh('markers');
    writeSparkDir(markers, []);
    expect((await failure(markers)).message).toContain('no Parquet part files (it holds only ._SUCCESS.crc, _SUCCESS)');
  });

  it('a directory whose part files hold no rows', async () => {
    const dir = fresh('no-rows');
    writeSparkDir(dir, [{ ids: [], features: [] }]);
    expect((await failure(dir)).message).toContain('holds no factor rows');
  });

  it("a saved ALSModel's userFactors folder", async () => {
    const dir = fresh('model');
    writeSavedModel(dir, RANK, randomRows([1], RANK, 1), [randomRows([1], RANK, 2)]);
    expect((await failure(join(dir, 'userFactors'))).message).toContain(
      'a userFactors folder, by its name: pass the itemFactors folder',
    );
  });

  it('a path that does not exist', async () => {
    expect((await failure(join(root, 'nowhere'))).message).toContain('nowhere: not found');
  });
});
