/** The binary dataset snapshot: one codec for the build (encode) and the app, CLIs and tests (decode). */
export {
  decodeSnapshot,
  decodeSnapshotParts,
  encodeSnapshot,
  encodeSnapshotWithReport,
  type EncodedSnapshot,
  type SnapshotParts,
} from './codec.ts';
export { decodeGzippedSnapshot, decodeSnapshotStream, gunzipStream } from './decompress.ts';
export { FORMAT_VERSION, MAGIC } from './container.ts';
export { SnapshotError } from './errors.ts';
