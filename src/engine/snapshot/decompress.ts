/**
 * Reading a snapshot file where it is gzipped on the wire: the platform's own DecompressionStream
 * (browsers, workers, Node ≥ 18) inflates it, so the app ships no inflate code.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { decodeSnapshot } from './codec.ts';
import { SnapshotError } from './errors.ts';

/** Inflate a gzip stream into one byte array. */
export async function gunzipStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = stream
      .pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>)
      .getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
  } catch (e) {
    throw new SnapshotError(`snapshot file is not valid gzip or is truncated (${(e as Error).message})`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Gzipped snapshot stream (e.g. a fetch Response body) → Dataset. */
export async function decodeSnapshotStream(stream: ReadableStream<Uint8Array>): Promise<Dataset> {
  return decodeSnapshot(await gunzipStream(stream));
}

/** Gzipped snapshot bytes → Dataset, through the platform's DecompressionStream. */
export async function decodeGzippedSnapshot(bytes: Uint8Array): Promise<Dataset> {
  return decodeSnapshotStream(new Blob([bytes as BlobPart]).stream());
}
