/**
 * The bundled dataset: the gzipped snapshot the build emitted (virtual:snapshot), fetched and inflated as a
 * stream (DecompressionStream), counting bytes on the way for a real download progress bar, then decoded: the
 * dataset and the parameters the build tuned for it.
 */
import { snapshotBytes, snapshotHash, snapshotUrl } from 'virtual:snapshot';
import { decodeSnapshotParts, type SnapshotParts } from '../engine/snapshot/codec.ts';
import { gunzipStream } from '../engine/snapshot/decompress.ts';
import { keepInPrecache, precacheHolds } from './offline-copy.ts';

export const SNAPSHOT_HASH = snapshotHash;

/** Passes bytes through unchanged, reporting how many have gone by. */
function byteCounter(
  total: number,
  onFraction: (fraction: number | null) => void,
): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      onFraction(total > 0 ? Math.min(1, seen / total) : null);
      controller.enqueue(chunk);
    },
  });
}

export async function loadDataset(
  onDownload: (fraction: number | null) => void,
): Promise<SnapshotParts & { downloadMs: number }> {
  const t0 = performance.now();
  const [cached, response] = await Promise.all([precacheHolds(snapshotUrl), fetch(snapshotUrl)]);
  if (!response.ok || !response.body) {
    throw new Error(`could not download the dataset snapshot (${snapshotUrl}): HTTP ${response.status}`);
  }
  // Kept for offline use while it streams in, so the service worker need not download it again.
  const kept = cached ? Promise.resolve() : keepInPrecache(snapshotUrl, response.clone());
  const [bytes] = await Promise.all([
    gunzipStream(response.body.pipeThrough(byteCounter(snapshotBytes, onDownload))),
    kept,
  ]);
  const downloadMs = performance.now() - t0;
  return { ...decodeSnapshotParts(bytes), downloadMs };
}
