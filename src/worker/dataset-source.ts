/**
 * The bundled dataset: the gzipped snapshot the build emitted (virtual:snapshot), downloaded with a real progress
 * bar, checked against the size and SHA-256 the build recorded, kept for offline use once it is known to be good,
 * then inflated (DecompressionStream) and decoded: the dataset and the parameters the build tuned for it.
 * A damaged download (a captive portal's sign-in page, a proxy that cut the file short) is never kept: the stored
 * copy it may have come from is dropped and the file fetched once more, past the HTTP cache; still damaged, the
 * start fails saying so, and the next start (the error view's "Try again", or the next visit) downloads it afresh.
 */
import { snapshotBytes, snapshotHash, snapshotUrl } from 'virtual:snapshot';
import { decodeSnapshotParts, type SnapshotParts } from '../engine/snapshot/codec.ts';
import { gunzipStream } from '../engine/snapshot/decompress.ts';
import { dropFromPrecache, keepInPrecache } from './offline-copy.ts';
import { fileDamage } from './snapshot-check.ts';
import type { InitProgress } from './types.ts';

export const SNAPSHOT_HASH = snapshotHash;

/** Passes bytes through unchanged, reporting how many have gone by. */
function byteCounter(total: number, onProgress: (p: InitProgress) => void): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      onProgress({ phase: 'download', fraction: total > 0 ? Math.min(1, seen / total) : null });
      controller.enqueue(chunk);
    },
  });
}

async function download(cache: RequestCache, onProgress: (p: InitProgress) => void): Promise<Uint8Array<ArrayBuffer>> {
  onProgress({ phase: 'download', fraction: 0 });
  const response = await fetch(snapshotUrl, { cache });
  if (!response.ok || !response.body) {
    throw new Error(`could not download the dataset snapshot (${snapshotUrl}): HTTP ${response.status}`);
  }
  const counted = response.body.pipeThrough(byteCounter(snapshotBytes, onProgress));
  return new Uint8Array(await new Response(counted).arrayBuffer());
}

export async function loadDataset(
  onProgress: (p: InitProgress) => void,
): Promise<SnapshotParts & { downloadMs: number }> {
  const t0 = performance.now();
  let bytes = await download('default', onProgress);
  let damage = await fileDamage(bytes, { bytes: snapshotBytes, hash: snapshotHash });
  if (damage) {
    await dropFromPrecache(snapshotUrl);
    bytes = await download('reload', onProgress);
    damage = await fileDamage(bytes, { bytes: snapshotBytes, hash: snapshotHash });
  }
  if (damage) {
    throw new Error(
      `the dataset download (${snapshotUrl}) was damaged twice: ${damage}. A network sign-in page or a proxy may be ` +
        'answering in its place; nothing was kept. Check the connection and try again.',
    );
  }
  await keepInPrecache(snapshotUrl, bytes);
  const downloadMs = performance.now() - t0;
  onProgress({ phase: 'decode', fraction: null });
  const raw = await gunzipStream(new Blob([bytes]).stream());
  return { ...decodeSnapshotParts(raw), downloadMs };
}
