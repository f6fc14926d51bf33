/** Node-only: read a dataset folder from disk into the texts parseDataset takes. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDataset, type DatasetFiles } from '../engine/dataset-parse.ts';
import type { Dataset } from '../engine/dataset.ts';

export const DATASET_FILES = ['dataset.json', 'movies.csv', 'ratings.csv', 'tags.csv', 'links.csv'] as const;

/** The dataset folder chosen by DATASET (default: the bundled MovieLens), as an absolute path. */
export function datasetDir(root = process.cwd()): string {
  return resolve(root, process.env.DATASET || 'data/ml-latest-small');
}

export function readDatasetFiles(dir: string): DatasetFiles {
  if (!existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
  const files: DatasetFiles = {};
  for (const name of DATASET_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) files[name] = readFileSync(path, 'utf8');
  }
  return files;
}

export function loadDatasetFolder(dir: string = datasetDir()): Dataset {
  return parseDataset(readDatasetFiles(dir));
}
