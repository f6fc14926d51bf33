/**
 * Parquet files laid out as Apache Spark writes `ALSModel.itemFactors`, for the reader's tests (no Spark runs here).
 *
 * Why this schema is Spark's: ALS.fit builds the factors with `toDF("id", "features")` from an
 * RDD[(Int, Array[Float])]; Spark's encoders make that `id: int` (not nullable, a primitive) and
 * `features: array<float>` (nullable, containsNull = false, the elements being primitive floats).
 * SparkToParquetSchemaConverter (sql/core/…/parquet/ParquetSchemaConverter.scala) writes, in its default
 * standard mode, a non-nullable IntegerType as `required int32` and an ArrayType as the three-level LIST of the
 * Parquet spec, named `list` and `element`, the element's repetition following containsNull:
 *
 *   message spark_schema {
 *     required int32 id;
 *     optional group features (LIST) { repeated group list { required float element; } }
 *   }
 *
 * with snappy (spark.sql.parquet.compression.codec's default), the Spark schema as JSON under the key
 * `org.apache.spark.sql.parquet.row.metadata`, and part files named `part-NNNNN-<uuid>-c000.snappy.parquet`
 * beside `_SUCCESS` and hidden `.crc` files. With spark.sql.parquet.writeLegacyFormat=true the same array is
 * written two-level (`repeated float array` directly under the LIST group); hyparquet-writer refuses a repeated
 * leaf, so `toTwoLevelList` rewrites the footer of a standard file: both layouts have the same maximum
 * definition (2) and repetition (1) levels, so their data pages are identical and only the schema differs.
 *
 * What hyparquet-writer does differently from Spark's parquet-mr: it writes data pages v2 (parquet-mr writes v1)
 * and picks dictionary encoding by its own rule. The reader decodes both through hyparquet.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { ByteWriter, parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { mulberry32 } from '../../../src/engine/numeric/random.ts';

export const SPARK_ITEM_FACTORS_SCHEMA: SchemaElement[] = [
  { name: 'spark_schema', num_children: 2 },
  { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
  {
    name: 'features',
    repetition_type: 'OPTIONAL',
    converted_type: 'LIST',
    logical_type: { type: 'LIST' },
    num_children: 1,
  },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
];

const SPARK_ROW_METADATA = JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'id', type: 'integer', nullable: false, metadata: {} },
    {
      name: 'features',
      type: { type: 'array', elementType: 'float', containsNull: false },
      nullable: true,
      metadata: {},
    },
  ],
});

export type Features = ArrayLike<number> | null;

export interface FactorRows {
  ids: ArrayLike<number | bigint>;
  features: Features[];
}

/** One Parquet file of factor rows; `schema` replaces Spark's for the wrong-file cases. */
export function factorsParquet(rows: FactorRows, schema: SchemaElement[] = SPARK_ITEM_FACTORS_SCHEMA): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: [
      { name: schema[1]!.name, data: Array.from(rows.ids) },
      { name: schema[2]!.name, data: rows.features.map((f) => (f ? Array.from(f) : null)) },
    ],
    schema,
    codec: 'SNAPPY',
    createdBy: 'parquet-mr version 1.13.1 (build db4183109d5b734ec5930d870cdae161e408ddba)',
    kvMetadata: [
      { key: 'org.apache.spark.version', value: '3.5.1' },
      { key: 'org.apache.spark.sql.parquet.row.metadata', value: SPARK_ROW_METADATA },
    ],
  });
}

/** Rewrite a standard-layout file's footer to Spark's legacy two-level list (see the header). */
export function toTwoLevelList(standard: ArrayBuffer): ArrayBuffer {
  const metadata = parquetMetadata(standard);
  const footerLength = new DataView(standard).getUint32(standard.byteLength - 8, true);
  const body = standard.slice(0, standard.byteLength - 8 - footerLength);
  const [root, id, features] = metadata.schema;
  metadata.schema = [
    root!,
    id!,
    { ...features!, logical_type: undefined },
    { name: 'array', type: 'FLOAT', repetition_type: 'REPEATED' },
  ];
  for (const group of metadata.row_groups)
    for (const column of group.columns)
      if (column.meta_data?.path_in_schema[0] === 'features') column.meta_data.path_in_schema = ['features', 'array'];
  const writer = new ByteWriter();
  writer.appendBuffer(body);
  const start = writer.offset;
  // hyparquet-writer pins its own hyparquet, whose types differ from the reader's in fields not used here.
  writeMetadata(writer, metadata as Parameters<typeof writeMetadata>[1]);
  writer.appendUint32(writer.offset - start);
  writer.appendBuffer(new TextEncoder().encode('PAR1').buffer);
  return writer.getBuffer();
}

let partSeq = 0;

/** Write `parts` as Spark lays out `df.write.parquet(dir)`: part files, `_SUCCESS`, hidden .crc files. */
export function writeSparkDir(dir: string, parts: (FactorRows | ArrayBuffer)[], { success = true } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const uuid = `3f2b6c1e-9a7d-4e21-8c55-${String(++partSeq).padStart(12, '0')}`;
  const names = parts.map((part, i) => {
    const name = `part-${String(i).padStart(5, '0')}-${uuid}-c000.snappy.parquet`;
    writeFileSync(join(dir, name), new Uint8Array(part instanceof ArrayBuffer ? part : factorsParquet(part)));
    writeFileSync(join(dir, `.${name}.crc`), 'crc\0');
    return name;
  });
  if (success) {
    writeFileSync(join(dir, '_SUCCESS'), '');
    writeFileSync(join(dir, '._SUCCESS.crc'), 'crc\0');
  }
  return names;
}

/** ALSModel.save's layout: metadata/ (one JSON line with the rank), userFactors/, itemFactors/. */
export function writeSavedModel(dir: string, rank: number, users: FactorRows, items: FactorRows[]): void {
  mkdirSync(join(dir, 'metadata'), { recursive: true });
  const metadata = {
    class: 'org.apache.spark.ml.recommendation.ALSModel',
    timestamp: 1764460800000,
    sparkVersion: '3.5.1',
    uid: 'ALS_5d0c2a4b9e1f',
    paramMap: { userCol: 'userId', itemCol: 'movieId', coldStartStrategy: 'drop' },
    defaultParamMap: { blockSize: 4096, predictionCol: 'prediction' },
    rank,
  };
  writeFileSync(join(dir, 'metadata', 'part-00000'), JSON.stringify(metadata) + '\n');
  writeFileSync(join(dir, 'metadata', '_SUCCESS'), '');
  writeSparkDir(join(dir, 'userFactors'), [users]);
  writeSparkDir(join(dir, 'itemFactors'), items);
}

/** Float32 factor rows (as Spark's are), seeded, one per id. */
export function randomRows(ids: number[], rank: number, seed: number): FactorRows {
  const rng = mulberry32(seed);
  return { ids, features: ids.map(() => Float32Array.from({ length: rank }, () => rng() * 2 - 1)) };
}
