/**
 * Node-only: read a dataset folder from disk. The small files are read whole; ratings.csv and tags.csv are read
 * in chunks into the engine's DatasetReader, so that a file larger than a JavaScript string can hold (MovieLens
 * 25M's ratings) loads, and memory holds the typed arrays rather than the text.
 */
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetReader, STREAMED_FILES, type DatasetFiles } from '../engine/dataset/parse.ts';
import type { Dataset } from '../engine/dataset/dataset.ts';

export const DATASET_FILES = ['dataset.json', 'movies.csv', 'ratings.csv', 'tags.csv', 'links.csv'] as const;

const CHUNK_BYTES = 1 << 20;

/** The dataset folder chosen by DATASET (default: the bundled MovieLens), as an absolute path. */
export function datasetDir(root = process.cwd()): string {
  return resolve(root, process.env.DATASET || 'data/ml-latest-small');
}

/**
 * Why `dir` cannot be read as a dataset folder (it is absent, or a file), in one line for the CLIs and the build to
 * print before any work; null when it is a folder.
 */
export function datasetFolderProblem(dir: string): string | null {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return null;
  const what = stat ? 'is a file, not a folder' : 'not found';
  return `dataset folder ${what}: ${dir} (set DATASET to a folder in the MovieLens layout, see data/README.md)`;
}

function checkDir(dir: string): void {
  const problem = datasetFolderProblem(dir);
  if (problem) throw new Error(problem);
}

/** Every file whole, as bytes (the reader refuses any that is not UTF-8): for small datasets. */
export function readDatasetFiles(dir: string): DatasetFiles {
  checkDir(dir);
  const files: DatasetFiles = {};
  for (const name of DATASET_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) files[name] = readFileSync(path);
  }
  return files;
}

/** The reader, given the small files; the streamed ones that exist, with their paths and sizes. */
function openFolder(dir: string) {
  checkDir(dir);
  const small: DatasetFiles = {};
  for (const name of ['dataset.json', 'movies.csv', 'links.csv'] as const) {
    const path = join(dir, name);
    if (existsSync(path)) small[name] = readFileSync(path);
  }
  const streamed = STREAMED_FILES.map((name) => ({ name, path: join(dir, name) }))
    .filter((f) => existsSync(f.path))
    .map((f) => ({ ...f, bytes: statSync(f.path).size }));
  return { reader: new DatasetReader(small), streamed };
}

/** Load and validate a dataset folder (throws DatasetError listing its problems). Synchronous, chunk by chunk. */
export function loadDatasetFolder(dir: string = datasetDir()): Dataset {
  const { reader, streamed } = openFolder(dir);
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (const { name, path } of streamed) {
    const sink = reader.openBytes(name);
    const fd = openSync(path, 'r');
    try {
      for (let n; (n = readSync(fd, buffer)) > 0;) sink.push(buffer.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    sink.end();
  }
  return reader.finish();
}

export interface LoadProgress {
  file: string;
  bytesRead: number;
  /** Bytes of every streamed file together. */
  totalBytes: number;
}

/**
 * The same load through Node streams, reporting progress after every chunk, for a build that shows how far it is
 * on a large dataset.
 */
export async function streamDatasetFolder(
  dir: string = datasetDir(),
  onProgress?: (p: LoadProgress) => void,
): Promise<Dataset> {
  const { reader, streamed } = openFolder(dir);
  const totalBytes = streamed.reduce((sum, f) => sum + f.bytes, 0);
  let bytesRead = 0;
  for (const { name, path } of streamed) {
    const sink = reader.openBytes(name);
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      sink.push(chunk as Buffer);
      bytesRead += (chunk as Buffer).length;
      onProgress?.({ file: name, bytesRead, totalBytes });
    }
    sink.end();
  }
  return reader.finish();
}
