/**
 * Node side of the build's tuning step: runs the engine's tuner (src/engine/tuning/tune.ts) on the whole dataset and
 * keeps its result in node_modules/.cache/matinee/tuning/, keyed by a hash of the dataset's content and the tuner's
 * version, so a rebuild of the same data (the e2e runs build several times, a developer many) costs a file read
 * rather than a search. A cache that cannot be read or written only costs the search again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from '../engine/dataset.ts';
import { trainingSetFromDataset } from '../engine/training-set.ts';
import { TUNER_VERSION, tuneRanking, type TuningReport } from '../engine/tuning/tune.ts';
import { DEFAULT_TUNING, parseTuning } from '../engine/tuning/tuning.ts';

/** Fixed, so the same dataset always ships the same parameters (and the same snapshot bytes). */
export const BUILD_TUNING_SEED = 1;

export interface BuildTuning extends TuningReport {
  /** Taken from the cache rather than searched now. */
  cached: boolean;
  ms: number;
}

/** SHA-256 of everything in the dataset (every field, in name order), the tuner's version and the defaults. */
export function tuningKey(dataset: Dataset): string {
  const hash = createHash('sha256').update(`tuner ${TUNER_VERSION} ${JSON.stringify(DEFAULT_TUNING)}`);
  const fields = dataset as unknown as Record<string, unknown>;
  for (const name of Object.keys(fields).sort()) {
    const value = fields[name];
    hash.update(`\0${name}\0`);
    if (ArrayBuffer.isView(value)) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else hash.update(JSON.stringify(value));
  }
  return hash.digest('hex').slice(0, 32);
}

export function defaultTuningCacheDir(root = process.cwd()): string {
  return resolve(root, 'node_modules/.cache/matinee/tuning');
}

/** The parameters to ship with `dataset`: from the cache, or tuned now (and cached). */
export function tuneForBuild(
  dataset: Dataset,
  options: { cacheDir?: string; log?: (line: string) => void } = {},
): BuildTuning {
  const t0 = performance.now();
  const dir = options.cacheDir ?? defaultTuningCacheDir();
  const path = join(dir, `${tuningKey(dataset)}.json`);
  const cached = readCached(path);
  if (cached) return { ...cached, cached: true, ms: performance.now() - t0 };
  const report = tuneRanking(dataset, trainingSetFromDataset(dataset), { seed: BUILD_TUNING_SEED, log: options.log });
  try {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: two builds at once never read half a file.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(report, null, 2));
    renameSync(temp, path);
  } catch {
    // No cache (read-only checkout, full disk): the next build searches again.
  }
  return { ...report, cached: false, ms: performance.now() - t0 };
}

function readCached(path: string): TuningReport | null {
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<TuningReport>;
    const notes = Array.isArray(saved.notes) ? saved.notes.filter((n) => typeof n === 'string') : [];
    return { tuning: parseTuning(saved.tuning, path), tuned: saved.tuned === true, notes };
  } catch {
    return null;
  }
}

/** Log lines: what ships and why; `how` says where the record came from ("tuned in 3.2 s"). */
export function formatTuning(t: TuningReport, how: string): string {
  const { rank, stars } = t.tuning;
  return [
    `tuning (${how}): ${t.tuned ? 'tuned for this dataset' : 'the defaults'}: ` +
      `blend weights implicit-knn ${rank.weights['implicit-knn']}, popularity ${rank.weights.popularity}, ` +
      `content ${rank.weights.content}; EASE λ ${rank.easeLambda}; star agreement ${stars.weight}`,
    ...t.notes.map((n) => `  ${n}`),
  ].join('\n');
}

/** The build's line for a BuildTuning. */
export function formatBuildTuning(t: BuildTuning): string {
  return formatTuning(
    t,
    t.cached ? `from the cache in ${t.ms.toFixed(0)} ms` : `tuned in ${(t.ms / 1000).toFixed(1)} s`,
  );
}
