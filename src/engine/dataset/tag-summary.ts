/**
 * Tags as the app uses them: which texts were applied to an item and how often. The item page's top tags and the
 * content model's tag terms count applications per (item, text) and nothing else, so a model-mode snapshot, which
 * is for catalogues too large to ship whole, carries one row per distinct (item, text) with its count instead of
 * every tag row with its tagger and time (Dataset.tagCounts).
 */
import type { Dataset } from './dataset.ts';

export interface TagSummary {
  /** Rows sorted by item, then by text index; one row per distinct (item, text). */
  items: Int32Array;
  texts: Uint32Array;
  /** How many times the row's text was applied to its item (≥ 1). */
  counts: Uint32Array;
}

/** How many applications tag row k stands for: its count in a summarised dataset, else 1. */
export function tagWeight(d: Pick<Dataset, 'tagCounts'>, k: number): number {
  return d.tagCounts ? d.tagCounts[k]! : 1;
}

/** The dataset's tag rows grouped by (item, text), counts summed (a summarised dataset's counts are kept). */
export function summariseTags(d: Pick<Dataset, 'tagItems' | 'tagTexts' | 'tagCounts'>): TagSummary {
  const n = d.tagItems.length;
  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => d.tagItems[a]! - d.tagItems[b]! || d.tagTexts[a]! - d.tagTexts[b]!);
  const items = new Int32Array(n);
  const texts = new Uint32Array(n);
  const counts = new Uint32Array(n);
  let rows = 0;
  for (const k of order) {
    const item = d.tagItems[k]!;
    const text = d.tagTexts[k]!;
    const w = tagWeight(d, k);
    if (rows > 0 && items[rows - 1] === item && texts[rows - 1] === text) counts[rows - 1]! += w;
    else {
      items[rows] = item;
      texts[rows] = text;
      counts[rows++] = w;
    }
  }
  return { items: items.slice(0, rows), texts: texts.slice(0, rows), counts: counts.slice(0, rows) };
}
