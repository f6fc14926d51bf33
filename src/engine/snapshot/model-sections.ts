/**
 * A model-mode snapshot's sections, in place of the ratings: the models the build fitted (model-mode/
 * shipped-models.ts) and the catalogue's per-item rating summary.
 * - "model": one JSON text with the models' numbers and names and, per typed array, its length, each by its path in
 *   the (nested) ModelState, parts joined by dots: "ials.itemFactors.codes";
 * - "model.<path>": each typed array of that state as a plain section (int8 factor codes, float32 row scales, the
 *   float64 Gramian, MF's item biases), left to the gzip wrapper like every plain section;
 * - "stats.counts", "stats.means": ratings per item and their mean, which the catalogue and popularity need.
 * A section of the wrong type or length is refused by name; the models' own load() then checks what ties the arrays
 * together (items × factors, k × k) and the catalogue's item count, and its complaint comes back as a SnapshotError.
 */
import type { RatingSummary } from '../dataset/dataset.ts';
import { ShapeError, type ModelState, type StateArray } from '../model-contracts.ts';
import { readShippedState, shippedState, type ShippedModels } from '../model-mode/shipped-models.ts';
import { SnapshotError } from './errors.ts';
import type { SectionReader, SectionWriter } from './plain-sections.ts';

const META = 'model';

interface Meta {
  scalars: Record<string, number | string>;
  /** Length of each typed array, by its key in the state. */
  arrays: Record<string, number>;
}

export function hasModelSections(r: SectionReader): boolean {
  return r.has(META);
}

/** Every leaf of a nested state by its dotted path, in key order. */
function leaves(state: ModelState, prefix = ''): [string, number | string | StateArray][] {
  return Object.keys(state)
    .sort()
    .flatMap((key) => {
      if (key.includes('.'))
        throw new ShapeError(`model state key "${key}" has a dot, which the snapshot joins paths with`);
      const value = state[key]!;
      const path = prefix + key;
      return typeof value === 'object' && !ArrayBuffer.isView(value) ? leaves(value, `${path}.`) : [[path, value]];
    });
}

/** The nested state of dotted paths (leaves() undone). */
function nest(entries: [string, number | string | StateArray][]): ModelState {
  const root: ModelState = {};
  for (const [path, value] of entries) {
    const keys = path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const next = (node[key] ??= {});
      if (typeof next !== 'object' || ArrayBuffer.isView(next))
        throw new SnapshotError(`snapshot section "${META}" is corrupt: "${path}" is inside a value`);
      node = next;
    }
    node[keys.at(-1)!] = value;
  }
  return root;
}

export function writeModelSections(models: ShippedModels, summary: RatingSummary, w: SectionWriter): void {
  const meta: Meta = { scalars: {}, arrays: {} };
  for (const [path, value] of leaves(shippedState(models))) {
    if (typeof value === 'number' || typeof value === 'string') meta.scalars[path] = value;
    else {
      w.typed(`${META}.${path}`, value);
      meta.arrays[path] = value.length;
    }
  }
  w.texts(META, [JSON.stringify(meta)]);
  w.ints('stats.counts', summary.counts);
  w.typed('stats.means', summary.means);
}

/** The models of the "model" sections, checked against the catalogue's item count. */
export function readModelSections(r: SectionReader, itemCount: number): ShippedModels {
  const meta = readMeta(r);
  // Any element type reads back; the models' load() refuses a type it does not expect.
  const arrays = Object.entries(meta.arrays).map(([path, length]): [string, StateArray] => [
    path,
    r.column(`${META}.${path}`, length) as StateArray,
  ]);
  try {
    return readShippedState(nest([...Object.entries(meta.scalars), ...arrays]), itemCount);
  } catch (e) {
    if (e instanceof ShapeError)
      throw new SnapshotError(`snapshot section "${META}" does not hold usable models: ${e.message}`);
    throw e;
  }
}

/** The "stats" sections: each item's rating count and mean. */
export function readRatingSummary(r: SectionReader, itemCount: number): RatingSummary {
  const storedCounts = r.ints('stats.counts', itemCount);
  const counts = new Uint32Array(itemCount);
  for (let j = 0; j < itemCount; j++) {
    const c = storedCounts[j]!;
    if (!(Number.isInteger(c) && c >= 0 && c <= 0xffffffff))
      throw new SnapshotError(`snapshot section "stats.counts" is corrupt: item ${j} has ${c} ratings`);
    counts[j] = c;
  }
  const means = r.typed('stats.means', Float32Array, itemCount);
  for (let j = 0; j < itemCount; j++)
    if (!Number.isFinite(means[j]!))
      throw new SnapshotError(`snapshot section "stats.means" is corrupt: item ${j}'s mean is not a number`);
  return { counts, means };
}

function readMeta(r: SectionReader): Meta {
  const [text] = r.texts(META, 1);
  const bad = (what: string) => new SnapshotError(`snapshot section "${META}" is corrupt: ${what}`);
  let json: unknown;
  try {
    json = JSON.parse(text!);
  } catch {
    throw bad('not valid JSON');
  }
  const { scalars, arrays } = (json ?? {}) as Partial<Meta>;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(scalars) || !isRecord(arrays)) throw bad('expected {"scalars": {…}, "arrays": {…}}');
  for (const [key, v] of Object.entries(scalars))
    if (typeof v !== 'number' && typeof v !== 'string') throw bad(`"${key}" is neither a number nor a text`);
  for (const [key, n] of Object.entries(arrays))
    if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0)) throw bad(`the length of "${key}" is not a count`);
  return { scalars: scalars as Meta['scalars'], arrays: arrays as Meta['arrays'] };
}
