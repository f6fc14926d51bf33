/**
 * npm run snapshot [-- OUT_DIR]: encode the dataset folder chosen by DATASET (default data/ml-latest-small)
 * into OUT_DIR/snapshot-<hash>.bin (default: snapshot-out/) and print its size per section.
 * A dataset that fails validation prints every problem and exits with status 1, writing nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSnapshotFile, formatSizeReport, readSnapshotFile } from '../build/snapshot-file.ts';
import { DatasetError } from '../engine/dataset-parse.ts';
import { datasetDir, loadDatasetFolder } from './dataset-folder.ts';

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
  const t1 = performance.now();
  readSnapshotFile(file.bytes);
  const decodeMs = performance.now() - t1;
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, file.fileName);
  writeFileSync(path, file.bytes);
  console.log(`dataset ${dir}`);
  console.log(formatSizeReport(file));
  console.log(`encoded in ${encodeMs.toFixed(0)} ms, decoded (gunzip + decode) in ${decodeMs.toFixed(0)} ms`);
  console.log(`wrote ${path}`);
}

main();
