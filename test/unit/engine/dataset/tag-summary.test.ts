/**
 * A model-mode snapshot ships one tag row per distinct (item, text) with its count: what the item pages and the
 * content model read of the tags must come out the same as from every tag row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browseItems, detailsOf, itemStats } from '../../../../src/engine/catalogue/catalogue.ts';
import { summariseTags } from '../../../../src/engine/dataset/tag-summary.ts';
import { hasDatasetShape, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { parseDataset } from '../../../../src/engine/dataset/parse.ts';
import type { ShippedModels } from '../../../../src/engine/model-mode/shipped-models.ts';
import { buildItemTerms } from '../../../../src/engine/models/content.ts';
import { readContainer, writeContainer } from '../../../../src/engine/snapshot/container.ts';
import { decodeSnapshotParts, encodeSnapshot } from '../../../../src/engine/snapshot/codec.ts';
import { SnapshotError } from '../../../../src/engine/snapshot/errors.ts';
import { SectionWriter } from '../../../../src/engine/snapshot/plain-sections.ts';
import { smallModels, synthFiles } from '../model-mode/fixtures.ts';

let dataset: Dataset;
let models: ShippedModels;
let summarised: Dataset;
beforeAll(() => {
  const files = synthFiles({ users: 200, items: 60, ratings: 5000, tags: 900, seed: 4 });
  // The same texts in another case, so grouping by case-folded text and picking a spelling are exercised.
  const lines = files['tags.csv']!.trimEnd().split('\n');
  files['tags.csv'] = [
    ...lines,
    ...lines
      .slice(1, 80)
      .map((l) => l.replace(/,([^,]*),(\d+)$/, (_, t: string, s: string) => `,${t.toUpperCase()},${s}`)),
  ].join('\n');
  dataset = parseDataset(files);
  models = smallModels(dataset);
  summarised = decodeSnapshotParts(encodeSnapshot(dataset, 'coded', null, models)).dataset;
});

/** Applications per "item text" pair, counted from a dataset's tag rows (their counts when summarised). */
function applications(d: Dataset): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < d.tagItems.length; k++) {
    const key = `${d.tagItems[k]} ${d.tagVocabulary[d.tagTexts[k]!]}`;
    out.set(key, (out.get(key) ?? 0) + (d.tagCounts?.[k] ?? 1));
  }
  return out;
}

describe('tag summary', () => {
  it('keeps every (item, text) with how often it was applied, and drops taggers and times', () => {
    expect(summarised.tagItems.length).toBeLessThan(dataset.tagItems.length);
    expect(new Set(applications(summarised).values()).size).toBeGreaterThan(1);
    expect(applications(summarised)).toEqual(applications(dataset));
    expect(summarised.tagItems.length).toBe(applications(dataset).size);
    expect([summarised.tagUserIds.length, summarised.tagTimes.length]).toEqual([0, 0]);
    expect(hasDatasetShape(summarised)).toBe(true);
    expect(hasDatasetShape({ ...summarised, tagCounts: summarised.tagCounts!.subarray(1) })).toBe(false);
  });

  it('gives the item pages and the content model what every tag row gives', () => {
    const [full, short] = [itemStats(dataset), itemStats(summarised)];
    let tagged = 0;
    for (let i = 0; i < dataset.itemIds.length; i++) {
      const tags = detailsOf(dataset, full, i).tags;
      tagged += tags.length > 0 ? 1 : 0;
      expect(detailsOf(summarised, short, i).tags).toEqual(tags);
    }
    expect(tagged).toBeGreaterThan(10);
    for (const text of new Set(dataset.tagVocabulary.map((t) => t.toLowerCase())))
      expect(browseItems(summarised, short, 'tag', text), text).toEqual(browseItems(dataset, full, 'tag', text));
    const [a, b] = [buildItemTerms(dataset), buildItemTerms(summarised)];
    expect(Array.from(b.offsets)).toEqual(Array.from(a.offsets));
    expect(Array.from(b.terms)).toEqual(Array.from(a.terms));
    for (let e = 0; e < a.weights.length; e++) expect(b.weights[e]).toBeCloseTo(a.weights[e]!, 6);
  });

  it('summarises a summary to itself, and a ratings snapshot keeps every row', () => {
    const again = decodeSnapshotParts(encodeSnapshot(summarised, 'coded', null, models)).dataset;
    expect(Array.from(again.tagCounts!)).toEqual(Array.from(summarised.tagCounts!));
    expect(summariseTags(summarised).items).toEqual(summarised.tagItems);
    const ratings = decodeSnapshotParts(encodeSnapshot(dataset)).dataset;
    expect(ratings.tagCounts).toBeUndefined();
    expect(Array.from(ratings.tagUserIds)).toEqual(Array.from(dataset.tagUserIds));
  });

  it('refuses a count of zero', () => {
    const c = readContainer(encodeSnapshot(dataset, 'coded', null, models));
    const w = new SectionWriter();
    w.ints('tags.counts', new Uint32Array(summarised.tagItems.length));
    const sections = c.sections.map((s) => (s.name === 'tags.counts' ? { ...w.sections[0]! } : s));
    expect(() => decodeSnapshotParts(writeContainer({ ...c, sections }))).toThrow(SnapshotError);
    expect(() => decodeSnapshotParts(writeContainer({ ...c, sections }))).toThrow(/tags are corrupt: row 0/);
  });
});
