/**
 * A snapshot file written earlier by `npm run snapshot`, for `SNAPSHOT=… npm run build`: the app is built around it
 * as it is, without loading the dataset folder or fitting anything. A model-mode fit of a large dataset takes many
 * minutes (or happens in Spark), so a fork fits once and rebuilds the app as often as it likes; the browser bench
 * measures large snapshots this way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from '../engine/dataset/dataset.ts';
import { decodeSnapshotParts } from '../engine/snapshot/codec.ts';
import { SnapshotError } from '../engine/snapshot/errors.ts';
import { contentName, type SnapshotFile } from './snapshot-file.ts';

/** The prebuilt snapshot chosen by SNAPSHOT (a snapshot-*.bin file, or a folder holding exactly one), or null. */
export function prebuiltSnapshotPath(root = process.cwd()): string | null {
  const given = process.env.SNAPSHOT;
  if (!given) return null;
  const path = resolve(root, given);
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return path;
  const files = readdirSync(path).filter((name) => /^snapshot-.*\.bin$/.test(name));
  if (files.length !== 1)
    throw new Error(`SNAPSHOT=${given}: the folder should hold one snapshot-*.bin file, it holds ${files.length}`);
  return join(path, files[0]!);
}

export interface PrebuiltSnapshot {
  file: SnapshotFile;
  dataset: Dataset;
  /** Users and ratings the snapshot was built from (a model-mode snapshot carries no ratings, only their counts). */
  users: number;
  ratings: number;
}

/** Reads and decodes the whole file, so a damaged one fails the build rather than every visit. */
export function readPrebuiltSnapshot(path: string): PrebuiltSnapshot {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new Error(`SNAPSHOT: cannot read ${path} (${(e as Error).message})`, { cause: e });
  }
  let raw: Uint8Array;
  let parts;
  try {
    raw = gunzipSync(bytes);
    parts = decodeSnapshotParts(raw);
  } catch (e) {
    const what = e instanceof SnapshotError ? e.message : `not a gzipped snapshot (${(e as Error).message})`;
    throw new Error(`SNAPSHOT: ${path}: ${what}`, { cause: e });
  }
  const { dataset, models } = parts;
  return {
    file: { bytes, ...contentName(bytes), rawBytes: raw.length, sections: [] },
    dataset,
    users: models?.trainedOn.users ?? dataset.userIds.length,
    ratings: models?.trainedOn.ratings ?? dataset.ratingItems.length,
  };
}
