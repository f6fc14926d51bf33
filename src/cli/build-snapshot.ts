/**
 * npm run snapshot: encode the dataset folder chosen by DATASET into OUT_DIR/snapshot-<hash>.bin as the build does
 * (the same mode, the same tuning cache, the same fit in model mode; --item-factors takes the item factors from
 * Spark, with the job's alpha and regParam), and print its size and decode time per part of the dataset, next to the
 * same data in the plain layout (see snapshot-compare.ts). Flags: --help.
 * A dataset that fails validation prints every problem and exits with status 1, writing nothing; a bad flag, a
 * missing dataset folder or an output path that is a file exits with status 2 before any work.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatSizeReport, readSnapshotFile } from '../pipeline/snapshot-file.ts';
import { gzipSync } from 'node:zlib';
import { encodeSnapshot, encodeSnapshotWithReport, type SectionRunner } from '../engine/snapshot/codec.ts';
import { fail, parseCli } from './cli-args.ts';
import { formatLayoutComparison } from './snapshot-compare.ts';
import { DatasetError } from '../engine/dataset/parse.ts';
import { FactorsError } from '../engine/model-mode/item-factors.ts';
import { buildDatasetSnapshot } from '../pipeline/dataset-snapshot.ts';
import type { SparkItemFactors } from '../pipeline/model-mode-build.ts';

const DECODE_RUNS = 5;

interface DecodeTimes {
  ms: number;
  cpuMs: number;
  /** Best CPU time of each part of the dataset. */
  partCpuMs: Map<string, number>;
}

/**
 * Decode time of a snapshot file: best of DECODE_RUNS (the first runs include JIT warm-up), gunzip included.
 * CPU time too: on a busy machine wall time mostly measures waiting for a core.
 */
function timeDecode(fileBytes: Uint8Array): DecodeTimes {
  const times: DecodeTimes = { ms: Infinity, cpuMs: Infinity, partCpuMs: new Map() };
  const cpuMsSince = (start: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const timePart: SectionRunner = (name, decode) => {
    const cpu = process.cpuUsage();
    const result = decode();
    times.partCpuMs.set(name, Math.min(times.partCpuMs.get(name) ?? Infinity, cpuMsSince(cpu)));
    return result;
  };
  for (let run = 0; run < DECODE_RUNS; run++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    readSnapshotFile(fileBytes, timePart);
    times.cpuMs = Math.min(times.cpuMs, cpuMsSince(cpu));
    times.ms = Math.min(times.ms, performance.now() - t);
  }
  return times;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const {
  values: args,
  positionals: { OUT_DIR: outDirArg },
  dataset: dir,
} = parseCli({
  name: 'snapshot',
  command: 'npm run snapshot --',
  about:
    'Encodes the DATASET folder into OUT_DIR/snapshot-<hash>.bin as `npm run build` does, and prints the size and\n' +
    'decode time of each part beside the same data in the plain layout.',
  dataset: true,
  positionals: [
    { name: 'OUT_DIR', help: 'the folder the snapshot file is written into', default: 'snapshot-out', path: 'out-dir' },
  ],
  flags: {
    'item-factors': {
      type: 'string',
      value: 'PATH',
      path: 'exists',
      help: "item factors from Apache Spark's ALS, a Parquet file or folder, for model mode",
    },
    alpha: { type: 'number', value: 'A', min: 0, help: "the Spark job's alpha, with --item-factors" },
    'reg-param': { type: 'number', value: 'R', min: 0, help: "the Spark job's regParam, with --item-factors" },
    confidence: {
      type: 'string',
      value: 'C',
      choices: ['stars', 'binary'],
      default: 'stars',
      help: "what the Spark job's rating column held, with --item-factors",
    },
  },
});

/** --item-factors with the Spark job's settings, or null. */
function sparkOption(): SparkItemFactors | null {
  const { alpha, 'reg-param': regParam, confidence } = args;
  if (args['item-factors'] === undefined) {
    if (alpha !== undefined || regParam !== undefined) fail('--alpha and --reg-param go with --item-factors');
    return null;
  }
  if (alpha === undefined || regParam === undefined)
    fail("--item-factors needs --alpha and --reg-param, the Spark job's values");
  return { path: resolve(args['item-factors']), alpha, regParam, confidence };
}
const spark = sparkOption();

async function main(): Promise<void> {
  const outDir = resolve(outDirArg);
  let built;
  try {
    built = await buildDatasetSnapshot(dir, { log: (line) => console.log(line), spark });
  } catch (e) {
    if (e instanceof DatasetError || e instanceof FactorsError) {
      console.error(`${dir}: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const { dataset, tuning, models, file } = built;
  const stored = timeDecode(file.bytes);
  const plainFile = gzipSync(encodeSnapshot(dataset, 'plain', tuning, models), { level: 9 });
  const plain = timeDecode(plainFile);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, file.fileName);
  writeFileSync(path, file.bytes);
  const decoded = (t: DecodeTimes) =>
    `decoded (gunzip + decode, best of ${DECODE_RUNS}) in ${t.ms.toFixed(0)} ms (${t.cpuMs.toFixed(0)} ms CPU)`;
  console.log(`dataset ${dir}`);
  console.log(formatSizeReport(file));
  console.log(`${decoded(stored)}`);
  console.log(`\neach part as stored and in the plain layout (typed arrays, NUL-separated texts), gzipped alone:`);
  console.log(
    formatLayoutComparison(
      encodeSnapshotWithReport(dataset, 'coded', tuning, models).sections,
      encodeSnapshotWithReport(dataset, 'plain', tuning, models).sections,
      stored.partCpuMs,
      plain.partCpuMs,
    ),
  );
  console.log(`all parts in the plain layout: ${kb(plainFile.length)} gzip-9, ${decoded(plain)}`);
  console.log(`wrote ${path}`);
}

void main();
