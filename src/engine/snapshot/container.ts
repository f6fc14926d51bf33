/**
 * The snapshot's outer layout (all integers little-endian):
 *
 *   magic "MTNS" · u16 format version · u16 reserved (0) · u32 body length · u32 FNV-1a checksum of the body
 *   body: u32 manifest length · manifest JSON (UTF-8)
 *         u32 × 6 counts: items, users, ratings, tags, genres, tag texts
 *         u8 section count · per section: u8 name length, ASCII name, u8 element type, u32 byte length
 *         the sections' bytes, in table order
 *
 * A section is either range-coded bytes (element type 0) or a plain typed array (see plain-sections.ts).
 *
 * The header is checked before any section is decoded, so a truncated or damaged file is reported as such
 * instead of decoding garbage.
 */
import type { Manifest } from '../dataset/dataset.ts';
import { SnapshotError } from './errors.ts';
import { LAST_TYPE_CODE } from './element-types.ts';

export const MAGIC = 'MTNS';
/** 5: model-mode snapshots (model-sections.ts), which an older reader would take for a ratings snapshot missing its ratings. */
export const FORMAT_VERSION = 5;
const FIXED_HEADER = 16;

export interface SnapshotCounts {
  items: number;
  users: number;
  ratings: number;
  tags: number;
  genres: number;
  tagTexts: number;
}

const COUNT_KEYS = ['items', 'users', 'ratings', 'tags', 'genres', 'tagTexts'] as const;
/** Sanity bound for every count: far above any dataset a browser can hold, low enough to stop a garbled header. */
const MAX_COUNT = 1 << 28;

export interface Section {
  name: string;
  /** 0: range-coded bytes; otherwise the code of a typed array's element type (element-types.ts). */
  type: number;
  bytes: Uint8Array;
}

export interface Container {
  manifest: Manifest;
  counts: SnapshotCounts;
  sections: Section[];
}

/** 32-bit FNV-1a: detects damage; not a cryptographic hash. */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export function writeContainer(c: Container): Uint8Array {
  const manifest = new TextEncoder().encode(JSON.stringify(c.manifest));
  let size = FIXED_HEADER + 4 + manifest.length + 4 * COUNT_KEYS.length + 1;
  for (const s of c.sections) size += 1 + s.name.length + 1 + 4 + s.bytes.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, size - FIXED_HEADER, true);
  let at = FIXED_HEADER;
  view.setUint32(at, manifest.length, true);
  out.set(manifest, at + 4);
  at += 4 + manifest.length;
  for (const key of COUNT_KEYS) {
    view.setUint32(at, c.counts[key], true);
    at += 4;
  }
  out[at++] = c.sections.length;
  for (const s of c.sections) {
    out[at++] = s.name.length;
    for (let i = 0; i < s.name.length; i++) out[at++] = s.name.charCodeAt(i);
    out[at++] = s.type;
    view.setUint32(at, s.bytes.length, true);
    at += 4;
  }
  for (const s of c.sections) {
    out.set(s.bytes, at);
    at += s.bytes.length;
  }
  view.setUint32(12, fnv1a(out.subarray(FIXED_HEADER)), true);
  return out;
}

export function readContainer(bytes: Uint8Array): Container {
  if (bytes.length < FIXED_HEADER)
    throw new SnapshotError(`not a snapshot: ${bytes.length} bytes, too short for the header`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MAGIC) {
    const gzip =
      bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (these bytes are still gzip-compressed: decompress them first)' : '';
    throw new SnapshotError(
      `not a snapshot: the file starts with ${JSON.stringify(magic)}, expected "${MAGIC}"${gzip}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) {
    throw new SnapshotError(
      `snapshot format version ${version} is not supported (this build reads version ${FORMAT_VERSION}): rebuild the snapshot`,
    );
  }
  const bodyLength = view.getUint32(8, true);
  if (bytes.length - FIXED_HEADER < bodyLength) {
    throw new SnapshotError(
      `snapshot is truncated: ${bytes.length - FIXED_HEADER} of ${bodyLength} body bytes present`,
    );
  }
  if (bytes.length - FIXED_HEADER > bodyLength) {
    throw new SnapshotError(`snapshot has ${bytes.length - FIXED_HEADER - bodyLength} unexpected bytes after its end`);
  }
  if (fnv1a(bytes.subarray(FIXED_HEADER)) !== view.getUint32(12, true)) {
    throw new SnapshotError('snapshot is damaged: its checksum does not match');
  }
  let at = FIXED_HEADER;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw new SnapshotError(`snapshot is corrupt: ${what} runs past the end of the file`);
  };
  need(4, 'the manifest length');
  const manifestLength = view.getUint32(at, true);
  at += 4;
  need(manifestLength, 'the manifest');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + manifestLength))) as Manifest;
  } catch {
    throw new SnapshotError('snapshot is corrupt: the manifest is not valid JSON');
  }
  const scale = (manifest as Partial<Manifest> | null)?.ratingScale;
  if (typeof manifest?.name !== 'string' || typeof manifest.itemNoun !== 'string' || typeof scale?.min !== 'number') {
    throw new SnapshotError('snapshot is corrupt: the manifest lacks its name, item noun or rating scale');
  }
  at += manifestLength;
  need(4 * COUNT_KEYS.length + 1, 'the counts');
  const counts = {} as SnapshotCounts;
  for (const key of COUNT_KEYS) {
    const n = view.getUint32(at, true);
    if (n > MAX_COUNT) throw new SnapshotError(`snapshot is corrupt: ${key} count ${n} is implausible`);
    counts[key] = n;
    at += 4;
  }
  const sectionCount = bytes[at++]!;
  const table: { name: string; type: number; length: number }[] = [];
  for (let s = 0; s < sectionCount; s++) {
    need(1, 'the section table');
    const nameLength = bytes[at++]!;
    need(nameLength + 5, 'the section table');
    const name = String.fromCharCode(...bytes.subarray(at, at + nameLength));
    at += nameLength;
    const type = bytes[at++]!;
    if (type > LAST_TYPE_CODE)
      throw new SnapshotError(`snapshot is corrupt: section "${name}" has unknown type ${type}`);
    if (table.some((t) => t.name === name)) throw new SnapshotError(`snapshot is corrupt: two sections "${name}"`);
    table.push({ name, type, length: view.getUint32(at, true) });
    at += 4;
  }
  const sections: Section[] = [];
  for (const { name, type, length } of table) {
    need(length, `section "${name}"`);
    sections.push({ name, type, bytes: bytes.subarray(at, at + length) });
    at += length;
  }
  if (at !== bytes.length)
    throw new SnapshotError(`snapshot is corrupt: ${bytes.length - at} bytes after the last section`);
  return { manifest, counts, sections };
}
