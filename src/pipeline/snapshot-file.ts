/** Node side of the snapshot: encode a dataset folder, gzip it (level 9), name it by content, report sizes. */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Dataset } from '../engine/dataset/dataset.ts';
import { decodeSnapshot, type SectionRunner } from '../engine/snapshot/codec.ts';
import { encodeSnapshotWithReport, sectionGroups } from '../engine/snapshot/codec.ts';
import { SnapshotError } from '../engine/snapshot/errors.ts';
import type { Tuning } from '../engine/tuning/tuning.ts';
import type { ShippedModels } from '../engine/model-mode/shipped-models.ts';

export interface SnapshotFile {
  /** The file's bytes: the snapshot, gzipped. */
  bytes: Uint8Array;
  /** First 16 hex digits of the SHA-256 of `bytes`. */
  hash: string;
  fileName: string;
  /** Size before the gzip wrapper. */
  rawBytes: number;
  sections: { name: string; bytes: number }[];
}

/**
 * The file for a dataset and the parameters tuned for it (none: the app fits with the defaults); given the models
 * the build fitted, a model-mode file that ships those instead of the ratings.
 */
export function buildSnapshotFile(
  dataset: Dataset,
  tuning: Tuning | null = null,
  models: ShippedModels | null = null,
): SnapshotFile {
  const { bytes: raw, sections } = encodeSnapshotWithReport(dataset, 'coded', tuning, models);
  const bytes = new Uint8Array(gzipSync(raw, { level: 9 }));
  return { bytes, ...contentName(bytes), rawBytes: raw.length, sections: sectionGroups(sections) };
}

/** A snapshot file's hash and name, from its (gzipped) bytes: the name changes whenever the content does. */
export function contentName(bytes: Uint8Array): Pick<SnapshotFile, 'hash' | 'fileName'> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return { hash, fileName: `snapshot-${hash}.bin` };
}

/** Read a snapshot file's bytes (gzipped) back into a Dataset; `run` as in decodeSnapshot. */
export function readSnapshotFile(bytes: Uint8Array, run?: SectionRunner): Dataset {
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    throw new SnapshotError(`snapshot file is not valid gzip or is truncated (${(e as Error).message})`);
  }
  return decodeSnapshot(raw, run);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Human-readable size report: total, then each section. */
export function formatSizeReport(file: SnapshotFile): string {
  const lines = [
    `${file.fileName}: ${kb(file.bytes.length)} (${file.bytes.length} bytes; ${kb(file.rawBytes)} before gzip)`,
  ];
  for (const s of file.sections) {
    lines.push(
      `  ${s.name.padEnd(8)} ${kb(s.bytes).padStart(9)}  ${((100 * s.bytes) / file.rawBytes).toFixed(1).padStart(5)}%`,
    );
  }
  return lines.join('\n');
}
