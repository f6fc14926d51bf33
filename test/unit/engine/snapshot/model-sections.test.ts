/** Model-mode snapshots: the models and rating summary survive the codec; damaged or mismatched sections are refused. */
import { beforeAll, describe, expect, it } from 'vitest';
import { itemStats } from '../../../../src/engine/catalogue/catalogue.ts';
import { summariseTags } from '../../../../src/engine/dataset/tag-summary.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { shippedState, type ShippedModels } from '../../../../src/engine/model-mode/shipped-models.ts';
import { readContainer, writeContainer, type Section } from '../../../../src/engine/snapshot/container.ts';
import { decodeSnapshotParts, encodeSnapshot } from '../../../../src/engine/snapshot/codec.ts';
import { SnapshotError } from '../../../../src/engine/snapshot/errors.ts';
import { SectionWriter } from '../../../../src/engine/snapshot/plain-sections.ts';
import { DEFAULT_TUNING } from '../../../../src/engine/tuning/tuning.ts';
import { smallDataset, smallModels } from '../model-mode/fixtures.ts';

let dataset: Dataset;
let models: ShippedModels;
let bytes: Uint8Array;
beforeAll(() => {
  dataset = smallDataset();
  models = smallModels(dataset);
  bytes = encodeSnapshot(dataset, 'coded', DEFAULT_TUNING, models);
});

/** The snapshot with its sections changed by `edit`. */
function edited(edit: (sections: Section[]) => Section[]): Uint8Array {
  const c = readContainer(bytes);
  return writeContainer({ ...c, sections: edit(c.sections.map((s) => ({ ...s, bytes: s.bytes.slice() }))) });
}

/** A section as SectionWriter would write `value` under `name`. */
function plain(name: string, write: (w: SectionWriter) => void): Section {
  const w = new SectionWriter();
  write(w);
  return { ...w.sections[0]!, name };
}

const replaced = (name: string, by: Section) => (sections: Section[]) =>
  sections.map((s) => (s.name === name ? by : s));

describe('model-mode snapshot', () => {
  it('carries the models, the catalogue and each item’s rating count and mean, and no ratings', () => {
    const parts = decodeSnapshotParts(bytes);
    expect(parts.models).not.toBeNull();
    expect(shippedState(parts.models!)).toEqual(shippedState(models));
    expect(parts.tuning).toEqual(DEFAULT_TUNING);
    const d = parts.dataset;
    expect([d.userIds.length, d.ratingItems.length, d.ratingValues.length, d.userOffsets.length]).toEqual([0, 0, 0, 1]);
    expect(Array.from(d.itemIds)).toEqual(Array.from(dataset.itemIds));
    expect(d.titles).toEqual(dataset.titles);
    expect(Array.from(d.itemGenres)).toEqual(Array.from(dataset.itemGenres));
    // Tags as the tag summary (dataset/tag-summary.ts; its own tests check what the app reads of it).
    expect(Array.from(d.tagItems)).toEqual(Array.from(summariseTags(dataset).items));
    const expected = itemStats(dataset);
    expect(d.ratingSummary).toEqual({ counts: expected.counts, means: expected.means });
    // The catalogue reads its figures from the summary as it would from the ratings.
    expect(itemStats(d)).toEqual(expected);
  });

  it('is a ratings snapshot without models', () => {
    const parts = decodeSnapshotParts(encodeSnapshot(dataset));
    expect(parts.models).toBeNull();
    expect(parts.dataset.ratingSummary).toBeUndefined();
    expect(parts.dataset.ratingItems.length).toBe(dataset.ratingItems.length);
  });

  it('refuses a model array of the wrong length, naming its section', () => {
    const gram = readContainer(bytes).sections.find((s) => s.name === 'model.ials.gram')!;
    const cut = edited(replaced('model.ials.gram', { ...gram, bytes: gram.bytes.subarray(8) }));
    expect(() => decodeSnapshotParts(cut)).toThrow(SnapshotError);
    expect(() => decodeSnapshotParts(cut)).toThrow(/section "model\.ials\.gram" is corrupt/);
  });

  it('refuses models whose shapes disagree, or that belong to another catalogue', () => {
    const meta = (
      change: (m: { scalars: Record<string, number | string>; arrays: Record<string, number> }) => void,
    ) => {
      const text = new TextDecoder().decode(readContainer(bytes).sections.find((s) => s.name === 'model')!.bytes);
      const m = JSON.parse(text.slice(0, -1)) as Parameters<typeof change>[0];
      change(m);
      return edited(
        replaced(
          'model',
          plain('model', (w) => w.texts('model', [JSON.stringify(m)])),
        ),
      );
    };
    // The factors' width no longer matches the arrays: the Gramian is k×k.
    expect(() => decodeSnapshotParts(meta((m) => (m.scalars['ials.factors'] = 9)))).toThrow(
      /"model" does not hold usable models: ials: .*"codes" should have length/,
    );
    // Models for one item more than the catalogue has.
    const rows = (m: Parameters<Parameters<typeof meta>[0]>[0]) => {
      m.scalars['ials.itemCount'] = dataset.itemIds.length + 1;
    };
    expect(() => decodeSnapshotParts(meta(rows))).toThrow(SnapshotError);
    expect(() => decodeSnapshotParts(meta((m) => (m.scalars['weights.content'] = -1)))).toThrow(/weight "content"/);
    expect(() => decodeSnapshotParts(meta((m) => (m.scalars.model = 'ease')))).toThrow(/not "model-mode"/);
  });

  it('refuses a damaged model record or rating summary', () => {
    const bad = edited(
      replaced(
        'model',
        plain('model', (w) => w.texts('model', ['{"scalars": 3}'])),
      ),
    );
    expect(() => decodeSnapshotParts(bad)).toThrow(/section "model" is corrupt: expected/);
    const nan = new Float32Array(dataset.itemIds.length).fill(NaN);
    const means = edited(
      replaced(
        'stats.means',
        plain('stats.means', (w) => w.typed('x', nan)),
      ),
    );
    expect(() => decodeSnapshotParts(means)).toThrow(/"stats\.means" is corrupt: item 0/);
    const missing = edited((sections) => sections.filter((s) => s.name !== 'stats.counts'));
    expect(() => decodeSnapshotParts(missing)).toThrow(/no "stats\.counts" section/);
  });
});
