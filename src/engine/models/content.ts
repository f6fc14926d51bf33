/**
 * Content-based ranking from the catalogue alone: each item is a TF-IDF vector over its genres and its
 * (case-folded) tags, L2-normalised; a user is the sum of the vectors of what they rated, weighted by how
 * far each rating sits above or below their own mean. Works for items nobody has rated yet, which the
 * collaborative models cannot rank at all.
 */
import type { Dataset } from '../dataset/dataset.ts';
import {
  excludeRated,
  expectLength,
  ShapeError,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../model-contracts.ts';
import { checkProfileItems } from '../dataset/training-set.ts';
import { tagWeight } from '../dataset/tag-summary.ts';
import { expectModel, stateArray, stateNumber } from '../model-state.ts';

/** Item×term TF-IDF rows, CSR, terms ascending within a row, rows of unit length (or empty). */
export interface ItemTerms {
  itemCount: number;
  termCount: number;
  offsets: Uint32Array;
  terms: Int32Array;
  weights: Float32Array;
}

/** Genres are terms 0..G-1; distinct case-folded tags follow. A tag applied n times to an item has tf 1 + ln n. */
export function buildItemTerms(d: Dataset): ItemTerms {
  const itemCount = d.itemIds.length;
  const genreCount = d.genres.length;
  const tagTerm = new Map<string, number>();
  const vocabTerm = new Int32Array(d.tagVocabulary.length);
  d.tagVocabulary.forEach((text, v) => {
    const key = text.trim().toLowerCase();
    let t = tagTerm.get(key);
    if (t === undefined) tagTerm.set(key, (t = genreCount + tagTerm.size));
    vocabTerm[v] = t;
  });
  const termCount = genreCount + tagTerm.size;
  const rows: Map<number, number>[] = Array.from({ length: itemCount }, () => new Map());
  for (let i = 0; i < itemCount; i++)
    for (let k = d.genreOffsets[i]!; k < d.genreOffsets[i + 1]!; k++) rows[i]!.set(d.itemGenres[k]!, 1);
  for (let k = 0; k < d.tagItems.length; k++) {
    const row = rows[d.tagItems[k]!];
    if (!row) throw new ShapeError(`tag ${k} names item ${d.tagItems[k]} outside 0..${itemCount - 1}`);
    const t = vocabTerm[d.tagTexts[k]!]!;
    row.set(t, (row.get(t) ?? 0) + tagWeight(d, k));
  }
  const df = new Float64Array(termCount);
  for (const row of rows) for (const t of row.keys()) df[t]!++;
  const offsets = new Uint32Array(itemCount + 1);
  for (let i = 0; i < itemCount; i++) offsets[i + 1] = offsets[i]! + rows[i]!.size;
  const terms = new Int32Array(offsets[itemCount]!);
  const weights = new Float32Array(terms.length);
  for (let i = 0; i < itemCount; i++) {
    const entries = [...rows[i]!.entries()].sort((a, b) => a[0] - b[0]);
    let norm = 0;
    const start = offsets[i]!;
    entries.forEach(([t, n], e) => {
      const tf = t < genreCount ? 1 : 1 + Math.log(n);
      const w = tf * Math.log(itemCount / df[t]!);
      terms[start + e] = t;
      weights[start + e] = w;
      norm += w * w;
    });
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let e = 0; e < entries.length; e++) weights[start + e]! *= scale;
  }
  return { itemCount, termCount, offsets, terms, weights };
}

export class ContentModel implements Ranker {
  readonly name = 'content';
  vectors: ItemTerms;
  private profileVector = new Float64Array(0);

  constructor(private readonly dataset?: Dataset) {
    this.vectors = {
      itemCount: 0,
      termCount: 0,
      offsets: new Uint32Array(1),
      terms: new Int32Array(0),
      weights: new Float32Array(0),
    };
  }

  get itemCount(): number {
    return this.vectors.itemCount;
  }

  fit(train: TrainingSet, context: FitContext): void {
    if (this.dataset) expectLength('content catalogue', this.dataset.itemIds.length, train.itemCount);
    this.fitCatalogue();
    context.onProgress?.(1);
  }

  /** Fit from the catalogue alone (model mode has no ratings to fit on, and content needs none). */
  fitCatalogue(): void {
    if (!this.dataset) throw new Error('ContentModel needs the dataset (genres and tags) to fit');
    this.vectors = buildItemTerms(this.dataset);
    this.profileVector = new Float64Array(this.vectors.termCount);
  }

  /** Weight of each rating in the profile: its distance from the user's mean, plus a little for having watched. */
  private ratingWeights(profile: Profile): Float32Array {
    const { values } = profile;
    let mean = 0;
    for (let t = 0; t < values.length; t++) mean += values[t]!;
    mean /= Math.max(1, values.length);
    // +0.5: a film rated at the user's mean still says something about their taste (what they choose to watch).
    return Float32Array.from(values, (v) => v - mean + 0.5);
  }

  score(profile: Profile, out: Float32Array): void {
    const { offsets, terms, weights, itemCount } = this.vectors;
    expectLength('content scores', out.length, itemCount);
    checkProfileItems(profile, itemCount);
    const p = this.profileVector;
    p.fill(0);
    const w = this.ratingWeights(profile);
    profile.items.forEach((i, t) => {
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) p[terms[e]!]! += w[t]! * weights[e]!;
    });
    for (let j = 0; j < itemCount; j++) {
      let s = 0;
      for (let e = offsets[j]!; e < offsets[j + 1]!; e++) s += p[terms[e]!]! * weights[e]!;
      out[j] = s;
    }
    excludeRated(profile, out);
  }

  /** Cosine of two item vectors (sparse merge of sorted term lists). */
  similarity(a: number, b: number): number {
    const { offsets, terms, weights } = this.vectors;
    let x = offsets[a]!;
    let y = offsets[b]!;
    const xe = offsets[a + 1]!;
    const ye = offsets[b + 1]!;
    let s = 0;
    while (x < xe && y < ye) {
      const tx = terms[x]!;
      const ty = terms[y]!;
      if (tx === ty) s += weights[x++]! * weights[y++]!;
      else if (tx < ty) x++;
      else y++;
    }
    return s;
  }

  /** Each rated item's term of the score: its rating weight times its similarity to the item. */
  explain(profile: Profile, items: ArrayLike<number>): Float32Array[] {
    checkProfileItems(profile, this.itemCount);
    const w = this.ratingWeights(profile);
    return Array.from(items, (item) => Float32Array.from(profile.items, (i, t) => w[t]! * this.similarity(i, item)));
  }

  save(): ModelState {
    const v = this.vectors;
    return {
      model: this.name,
      itemCount: v.itemCount,
      termCount: v.termCount,
      offsets: v.offsets,
      terms: v.terms,
      weights: v.weights,
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const itemCount = stateNumber(state, 'itemCount');
    const termCount = stateNumber(state, 'termCount');
    const offsets = stateArray(state, 'offsets', Uint32Array, itemCount + 1);
    const terms = stateArray(state, 'terms', Int32Array, offsets[itemCount]);
    const weights = stateArray(state, 'weights', Float32Array, terms.length);
    this.vectors = { itemCount, termCount, offsets, terms, weights };
    this.profileVector = new Float64Array(termCount);
  }
}
