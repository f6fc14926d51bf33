/**
 * The dataset's tuning record (src/engine/tuning/) as one JSON text in a section of its own. Optional: a snapshot
 * without it is fitted with the defaults, and a reader that does not know the section skips it and does the same,
 * so adding it needed no new format version.
 */
import { parseTuning, TuningError, type Tuning } from '../tuning/tuning.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';

const SECTION = 'tuning';

/** Checked before it is written: the build never ships a record the app would refuse. */
export function writeTuning(tuning: Tuning, w: SectionWriter): void {
  w.texts(SECTION, [JSON.stringify(parseTuning(tuning, 'the tuning record to store'))]);
}

/** The stored record, checked field by field; null when the snapshot has none. */
export function readTuning(r: SectionReader): Tuning | null {
  if (!r.has(SECTION)) return null;
  const [text] = r.texts(SECTION, 1);
  let json: unknown;
  try {
    json = JSON.parse(text!);
  } catch {
    throw new SnapshotError(`snapshot section "${SECTION}" is corrupt: not valid JSON`);
  }
  try {
    return parseTuning(json, `snapshot section "${SECTION}"`);
  } catch (e) {
    if (e instanceof TuningError) throw new SnapshotError(e.message);
    throw e;
  }
}
