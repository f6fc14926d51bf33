/**
 * encodeSnapshot / decodeSnapshot: Dataset ↔ the uncompressed snapshot bytes. Pure TypeScript, used by the
 * build (encode), the worker, the CLIs and the tests (decode). The file on disk is these bytes gzipped
 * (see decompress.ts for reading it in a browser, src/pipeline/snapshot-file.ts for writing it in Node).
 */
import type { Dataset } from '../dataset/dataset.ts';
import { splitTitleYear } from '../text/normalize-title.ts';
import { readContainer, writeContainer, type Section } from './container.ts';
import { SnapshotError } from './errors.ts';
import { readItems, writeItems } from './items-section.ts';
import { readLinks, writeLinks } from './links-section.ts';
import { SectionReader, SectionWriter } from './plain-sections.ts';
import { readPlainRatings, writePlainRatings } from './ratings-plain.ts';
import { decodeRatings, encodeRatings } from './ratings-section.ts';
import { readTags, writeTagSummary, writeTags } from './tags-section.ts';
import { readTitles, writeTitles } from './titles-section.ts';
import { readTuning, writeTuning } from './tuning-section.ts';
import type { Tuning } from '../tuning/tuning.ts';
import { itemStats } from '../catalogue/catalogue.ts';
import type { ShippedModels } from '../model-mode/shipped-models.ts';
import { hasModelSections, readModelSections, readRatingSummary, writeModelSections } from './model-sections.ts';

/** 8 / log2(4096/4095): the most 12-bit-probability decisions one coded byte can carry. */
const DECISIONS_PER_BYTE = 22_712;

/** "coded": the snapshot as shipped; "plain": every part in the plain layout, what the coding is measured against. */
export type Layout = 'coded' | 'plain';

export interface EncodedSnapshot {
  bytes: Uint8Array;
  /** The container's sections, for the build's size report (see sectionGroups). */
  sections: Section[];
}

/** The part of the dataset a section belongs to: its name up to the first dot ("items.ids" → "items"). */
export const groupOf = (section: string): string => section.replace(/\..*/, '');

/** Stored size of each part of the dataset (items, titles, …), in file order. */
export function sectionGroups(sections: readonly Section[]): { name: string; bytes: number }[] {
  const groups = new Map<string, number>();
  for (const s of sections) groups.set(groupOf(s.name), (groups.get(groupOf(s.name)) ?? 0) + s.bytes.length);
  return [...groups].map(([name, bytes]) => ({ name, bytes }));
}

/**
 * What a snapshot holds: the dataset and, when the build tuned it, the parameters to fit it with; in model mode, the
 * fitted models, and a dataset without ratings (each item's rating count and mean instead, Dataset.ratingSummary).
 */
export interface SnapshotParts {
  dataset: Dataset;
  /** Null in a snapshot written without one: fit with DEFAULT_TUNING. */
  tuning: Tuning | null;
  /** The models the build fitted (model mode); null in ratings mode. */
  models: ShippedModels | null;
}

/**
 * The snapshot of a dataset: in ratings mode with its ratings; given `models` (model mode), with those and the
 * dataset's per-item rating summary in their place.
 */
export function encodeSnapshotWithReport(
  d: Dataset,
  layout: Layout = 'coded',
  tuning: Tuning | null = null,
  models: ShippedModels | null = null,
): EncodedSnapshot {
  const w = new SectionWriter();
  writeItems(d, w);
  writeTitles(d.titles, w);
  writeLinks(d, w);
  if (models) writeModelSections(models, itemStats(d), w);
  else if (layout === 'plain') writePlainRatings(d, w);
  else w.coded('ratings', encodeRatings(d));
  // A model-mode snapshot is for catalogues too large to ship whole: only what the app reads of the tags.
  let tagRows = d.tagItems.length;
  if (models || d.tagCounts) tagRows = writeTagSummary(d, w);
  else writeTags(d, w);
  if (tuning) writeTuning(tuning, w);
  const counts = {
    items: d.itemIds.length,
    users: models ? 0 : d.userIds.length,
    ratings: models ? 0 : d.ratingItems.length,
    tags: tagRows,
    genres: d.genres.length,
    tagTexts: d.tagVocabulary.length,
  };
  const bytes = writeContainer({ manifest: d.manifest, counts, sections: w.sections });
  return { bytes, sections: w.sections };
}

export function encodeSnapshot(
  d: Dataset,
  layout: Layout = 'coded',
  tuning: Tuning | null = null,
  models: ShippedModels | null = null,
): Uint8Array {
  return encodeSnapshotWithReport(d, layout, tuning, models).bytes;
}

/** Runs one section's decoder; a caller can pass one that measures each section (npm run snapshot does). */
export type SectionRunner = <T>(name: string, decode: () => T) => T;

/** The dataset of uncompressed snapshot bytes (decodeSnapshotParts without the tuning record). */
export function decodeSnapshot(bytes: Uint8Array, run?: SectionRunner): Dataset {
  return decodeSnapshotParts(bytes, run).dataset;
}

/** Decode uncompressed snapshot bytes. Throws SnapshotError naming what is wrong; never loops on bad data. */
export function decodeSnapshotParts(bytes: Uint8Array, run: SectionRunner = (_, decode) => decode()): SnapshotParts {
  const { manifest, counts, sections } = readContainer(bytes);
  const r = new SectionReader(sections);
  // Every user and rating costs at least one coded decision, and a decision costs at least log2(4096/4095)
  // bits, so n bytes of coded ratings hold at most ~22,711·n of them: a larger count is corrupt, and refusing
  // it up front bounds what a garbled header can make the decoder allocate. (Plain sections check their
  // lengths before they allocate.)
  const codedLimit = r.has('ratings') ? DECISIONS_PER_BYTE * (r.coded('ratings').length + 8) : Infinity;
  for (const [name, count] of [
    ['users', counts.users],
    ['ratings', counts.ratings],
  ] as const) {
    if (count > codedLimit) throw new SnapshotError(`snapshot is corrupt: ${count} ${name} cannot fit in the ratings`);
  }
  const items = run('items', () => readItems(r, counts.items, counts.genres));
  const titles = run('titles', () => readTitles(r, counts.items));
  const models = hasModelSections(r) ? run('model', () => readModelSections(r, counts.items)) : null;
  const ratings = models
    ? noRatings()
    : run('ratings', () =>
        r.has('ratings')
          ? decodeRatings(r.coded('ratings'), counts.users, counts.ratings, counts.items)
          : readPlainRatings(r, counts.users, counts.ratings, counts.items),
      );
  const tags = run('tags', () => readTags(r, counts.tags, counts.tagTexts, counts.items));
  // The years are read from the titles, as dataset-parse.ts reads them, so they are not stored.
  const years = Int16Array.from(titles, (t) => splitTitleYear(t).year);
  const links = run('links', () => readLinks(r, counts.items));
  const tuning = run('tuning', () => readTuning(r));
  const dataset: Dataset = { manifest, ...items, titles, years, ...links, ...ratings, ...tags };
  if (models) dataset.ratingSummary = run('stats', () => readRatingSummary(r, counts.items));
  return { dataset, tuning, models };
}

/** The rating columns of a dataset that ships none (model mode). */
function noRatings(): Pick<Dataset, 'userIds' | 'userOffsets' | 'ratingItems' | 'ratingValues' | 'ratingTimes'> {
  return {
    userIds: new Int32Array(0),
    userOffsets: new Uint32Array(1),
    ratingItems: new Int32Array(0),
    ratingValues: new Float32Array(0),
    ratingTimes: new Float64Array(0),
  };
}
