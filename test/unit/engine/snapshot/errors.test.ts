/** A damaged snapshot must end in a clear SnapshotError, never in garbage or a hang. */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../../../src/pipeline/snapshot-file.ts';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { fnv1a } from '../../../../src/engine/snapshot/container.ts';
import {
  decodeGzippedSnapshot,
  decodeSnapshot,
  encodeSnapshot,
  SnapshotError,
} from '../../../../src/engine/snapshot/index.ts';

const good = encodeSnapshot(loadDatasetFolder('test/fixtures/board-games'));

function withValidChecksum(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(12, fnv1a(bytes.subarray(16)), true);
  return bytes;
}

describe('snapshot header checks', () => {
  it('decodes the undamaged fixture (the baseline for the cases below)', () => {
    expect(decodeSnapshot(good).itemIds.length).toBe(30);
  });

  it('rejects a bad magic', () => {
    const bytes = good.slice();
    bytes[0] = 0x50;
    expect(() => decodeSnapshot(bytes)).toThrow(/not a snapshot.*expected "MTNS"/);
  });

  it('says so when handed the still-gzipped file', () => {
    expect(() => decodeSnapshot(gzipSync(good))).toThrow(/still gzip-compressed/);
  });

  it('rejects another format version', () => {
    const bytes = good.slice();
    bytes[4] = 99;
    expect(() => decodeSnapshot(bytes)).toThrow(/format version 99 is not supported/);
  });

  it('reports truncation at any length, before decoding anything', () => {
    for (const keep of [0, 3, 15, 16, 40, good.length >> 1, good.length - 1]) {
      expect(() => decodeSnapshot(good.subarray(0, keep))).toThrow(SnapshotError);
    }
    expect(() => decodeSnapshot(good.subarray(0, good.length - 1))).toThrow(/truncated/);
  });

  it('reports a damaged byte through the checksum', () => {
    const bytes = good.slice();
    bytes[bytes.length - 3]! ^= 0x10;
    expect(() => decodeSnapshot(bytes)).toThrow(/checksum/);
  });

  it('reports a truncated gzip file, in Node and through DecompressionStream', async () => {
    const file = gzipSync(good, { level: 9 });
    const cut = file.subarray(0, file.length - 20);
    expect(() => readSnapshotFile(cut)).toThrow(/not valid gzip or is truncated/);
    await expect(decodeGzippedSnapshot(cut)).rejects.toThrow(SnapshotError);
  });

  it('ends every decode of damaged section bytes (checksum made valid) in a result or a SnapshotError', () => {
    const headerEnd = good.length - 200; // the sections occupy the tail of the file
    fc.assert(
      fc.property(fc.integer({ min: headerEnd, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bytes = good.slice();
        bytes[at]! ^= x;
        try {
          decodeSnapshot(withValidChecksum(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(SnapshotError);
        }
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
