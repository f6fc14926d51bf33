/**
 * Node side of the build's tuning step: runs the engine's tuner for the snapshot's mode (src/engine/ratings-mode/tune.ts,
 * src/engine/model-mode/tune.ts) on the whole dataset, and keeps its result in node_modules/.cache/matinee/tuning/, keyed by a hash of the dataset's
 * content, the mode and the tuner's version, so a rebuild of the same data (the e2e runs build several times, a developer many) costs a file read
 * rather than a search. A cache that cannot be read or written only costs the search again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Dataset, SnapshotMode } from '../engine/dataset/dataset.ts';
import type { TrainingSet } from '../engine/model-contracts.ts';
import type { IalsModel } from '../engine/models/ials.ts';
import { trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import { tuneModelMode } from '../engine/model-mode/tune.ts';
import { tuneRanking } from '../engine/ratings-mode/tune.ts';
import { TUNER_VERSION } from '../engine/tuning/limits.ts';
import type { TuningReport } from '../engine/tuning/search.ts';
import { DEFAULT_TUNING, parseTuning } from '../engine/tuning/tuning.ts';

/** Fixed, so the same dataset always ships the same parameters (and the same snapshot bytes). */
export const BUILD_TUNING_SEED = 1;

export interface BuildTuning extends TuningReport {
  /** Taken from the cache rather than searched now. */
  cached: boolean;
  ms: number;
}

/** SHA-256 of everything in the dataset (every field, in name order), the mode, the tuner's version and the defaults. */
export function tuningKey(dataset: Dataset, mode: SnapshotMode = 'ratings'): string {
  const hash = createHash('sha256').update(`tuner ${TUNER_VERSION} ${mode} ${JSON.stringify(DEFAULT_TUNING)}`);
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

interface CacheOptions {
  cacheDir?: string;
  log?: (line: string) => void;
}

/** The parameters to ship with `dataset` in ratings mode: from the cache, or tuned now (and cached). */
export function tuneForBuild(dataset: Dataset, options: CacheOptions = {}): BuildTuning {
  const t0 = performance.now();
  const path = cachePath(dataset, 'ratings', options);
  const cached = readCached(path);
  if (cached) return { ...cached, cached: true, ms: performance.now() - t0 };
  const report = tuneRanking(dataset, trainingSetFromDataset(dataset), { seed: BUILD_TUNING_SEED, log: options.log });
  writeCached(path, report);
  return { ...report, cached: false, ms: performance.now() - t0 };
}

/**
 * The parameters to ship with `dataset` in model mode: from the cache, or tuned now (and cached); `fitAnchor` fits
 * iALS as the build fits the factors it ships.
 */
export async function tuneModelModeForBuild(
  dataset: Dataset,
  options: CacheOptions & { fitAnchor: (train: TrainingSet) => Promise<IalsModel> },
): Promise<BuildTuning> {
  const t0 = performance.now();
  const path = cachePath(dataset, 'model', options);
  const cached = readCached(path);
  if (cached) return { ...cached, cached: true, ms: performance.now() - t0 };
  const report = await tuneModelMode(dataset, trainingSetFromDataset(dataset), {
    seed: BUILD_TUNING_SEED,
    log: options.log,
    fitAnchor: options.fitAnchor,
  });
  writeCached(path, report);
  return { ...report, cached: false, ms: performance.now() - t0 };
}

function cachePath(dataset: Dataset, mode: SnapshotMode, options: CacheOptions): string {
  return join(options.cacheDir ?? defaultTuningCacheDir(), `${tuningKey(dataset, mode)}.json`);
}

function writeCached(path: string, report: TuningReport): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed: two builds at once never read half a file.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(report, null, 2));
    renameSync(temp, path);
  } catch {
    // No cache (read-only checkout, full disk): the next build searches again.
  }
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

/** Log lines: what ships and why; `how` says where the record came from (tuned now, or read from the cache). */
export function formatTuning(t: TuningReport, how: string, mode: SnapshotMode = 'ratings'): string {
  const { rank, stars } = t.tuning;
  const blend =
    mode === 'model'
      ? `blend weights iALS 1, popularity ${rank.weights.popularity}, content ${rank.weights.content}`
      : `blend weights implicit-knn ${rank.weights['implicit-knn']}, popularity ${rank.weights.popularity}, ` +
        `content ${rank.weights.content}; EASE λ ${rank.easeLambda}`;
  return [
    `tuning (${how}): ${t.tuned ? 'tuned for this dataset' : 'the defaults'}: ${blend}; popularity penalty β ${rank.popularityPenalty}; star agreement ${stars.weight}, band ${+stars.band.toFixed(3)}`,
    ...t.notes.map((n) => `  ${n}`),
  ].join('\n');
}

/** The build's line for a BuildTuning. A search logs its notes as it decides them; a cached record's come with it. */
export function formatBuildTuning(t: BuildTuning, mode: SnapshotMode = 'ratings'): string {
  return t.cached
    ? formatTuning(t, `from the cache in ${t.ms.toFixed(0)} ms`, mode)
    : formatTuning({ ...t, notes: [] }, `tuned in ${(t.ms / 1000).toFixed(1)} s`, mode);
}
