/**
 * npm run snapshot [-- OUT_DIR]: encode the dataset folder chosen by DATASET (default data/ml-latest-small)
 * into OUT_DIR/snapshot-<hash>.bin (default: snapshot-out/) and print its size per section.
 * A dataset that fails validation prints every problem and exits with status 1, writing nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSnapshotFile, formatSizeReport, readSnapshotFile } from '../build/snapshot-file.ts';
import type { SectionRunner } from '../engine/snapshot/codec.ts';
import { DatasetError } from '../engine/dataset-parse.ts';
import { datasetDir, loadDatasetFolder } from '../build/dataset-folder.ts';

const DECODE_RUNS = 5;

function main(): void {
  const dir = datasetDir();
  const outDir = resolve(process.argv[2] ?? 'snapshot-out');
  let dataset;
  try {
    dataset = loadDatasetFolder(dir);
  } catch (e) {
    if (e instanceof DatasetError) {
      console.error(`${dir}: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const t0 = performance.now();
  const file = buildSnapshotFile(dataset);
  const encodeMs = performance.now() - t0;
  // Decode time: best of DECODE_RUNS (the first runs include JIT warm-up), gunzip included.
  // CPU time is printed too: on a busy machine wall time mostly measures waiting for a core.
  let decodeMs = Infinity;
  let decodeCpuMs = Infinity;
  const sectionCpuMs = new Map<string, number>(); // best of the runs, per section
  const timeSection: SectionRunner = (name, decode) => {
    const cpu = process.cpuUsage();
    const result = decode();
    const used = process.cpuUsage(cpu);
    sectionCpuMs.set(name, Math.min(sectionCpuMs.get(name) ?? Infinity, (used.user + used.system) / 1000));
    return result;
  };
  for (let run = 0; run < DECODE_RUNS; run++) {
    const t1 = performance.now();
    const cpu = process.cpuUsage();
    readSnapshotFile(file.bytes, timeSection);
    const used = process.cpuUsage(cpu);
    decodeMs = Math.min(decodeMs, performance.now() - t1);
    decodeCpuMs = Math.min(decodeCpuMs, (used.user + used.system) / 1000);
  }
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, file.fileName);
  writeFileSync(path, file.bytes);
  console.log(`dataset ${dir}`);
  console.log(formatSizeReport(file));
  console.log(
    `encoded in ${encodeMs.toFixed(0)} ms; decoded (gunzip + decode, best of ${DECODE_RUNS}) in ${decodeMs.toFixed(0)} ms (${decodeCpuMs.toFixed(0)} ms CPU)`,
  );
  const perSection = [...sectionCpuMs].map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
  console.log(`decode CPU ms per section, best of ${DECODE_RUNS}: ${perSection}`);
  console.log(`wrote ${path}`);
}

main();
