/**
 * A synthetic dataset folder in MovieLens layout, drawn from a seeded hidden world (world.ts), written file by file
 * as UTF-8 bytes to a sink: the same seed gives the same bytes. Memory stays small at any size: the world is a few
 * numbers per user and item, and ratings are drawn user by user and written as they are drawn.
 *
 * Each user gets exactly their share of the ratings. Candidates are drawn by popularity and kept by taste (see
 * SynthOptions.exposure) until the user has their count of distinct items; a user who must rate a large part of
 * the catalogue instead draws the whole set at once by weighted sampling without replacement.
 */
import { csvField } from '../dataset/csv.ts';
import type { RatingScale } from '../dataset/dataset.ts';
import { aliasTable, drawAlias, type AliasTable } from './alias.ts';
import { ByteWriter } from './byte-writer.ts';
import { synthCatalogue, type Catalogue } from './catalogue.ts';
import { gaussian } from '../numeric/random.ts';
import { stream, synthWorld, type SynthOptions, type SynthWorld } from './world.ts';

export type SynthFile = 'dataset.json' | 'movies.csv' | 'ratings.csv' | 'tags.csv' | 'links.csv';

/** Receives each file's bytes in order, piece by piece; it must use each piece before returning. */
export type SynthSink = (file: SynthFile, bytes: Uint8Array) => void;

export interface SynthSummary {
  users: number;
  items: number;
  ratings: number;
  tags: number;
  /** Bytes written per file. */
  bytes: Partial<Record<SynthFile, number>>;
  /** Ratings per item. */
  itemCounts: Int32Array;
  /** Ratings per user. */
  userCounts: Int32Array;
}

/** Mean rating, in units of the scale's range above its minimum (MovieLens: about 3.5 on 0.5–5). */
const MEAN = 0.61;
/** How much a unit of affinity moves a rating, and the noise around it, in the same units. */
const TASTE_WEIGHT = 0.1;
const NOISE = 0.16;
/** Share of users who only give whole numbers when the scale has fractions (many MovieLens users never use halves). */
const WHOLE_NUMBER_USERS = 0.3;
/**
 * Above this share of the catalogue, a user's items are drawn all at once (linear in the catalogue) rather than
 * one candidate at a time (which slows as the popular items run out).
 */
const DENSE_USER = 0.25;
const FIRST_TIME = 946684800; // 2000-01-01
const LAST_TIME = 1577836800; // 2020-01-01

const COMMA = 44;
const LF = 10;
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The printed value of each level of the scale, MovieLens style ("4.0", "3.5"; "7" on a whole-number scale). */
function levelTexts(scale: RatingScale): Uint8Array[] {
  const levels = Math.round((scale.max - scale.min) / scale.step);
  const values = Array.from({ length: levels + 1 }, (_, k) => scale.min + k * scale.step);
  let places = scale.step < 1 ? 1 : 0;
  while (places < 12 && values.some((v) => Math.abs(Number(v.toFixed(places)) - v) > 1e-9)) places++;
  return values.map((v) => ascii(v.toFixed(places)));
}

/** For each level, the nearest level whose value is a whole number (itself when there are none to round to). */
function wholeLevels(scale: RatingScale): Int32Array {
  const levels = Math.round((scale.max - scale.min) / scale.step);
  const whole: number[] = [];
  for (let k = 0; k <= levels; k++)
    if (Number.isInteger(Math.round((scale.min + k * scale.step) * 1e9) / 1e9)) whole.push(k);
  const out = Int32Array.from({ length: levels + 1 }, (_, k) => k);
  if (whole.length < 2) return out;
  for (let k = 0; k <= levels; k++)
    out[k] = whole.reduce((best, w) => (Math.abs(w - k) < Math.abs(best - k) ? w : best));
  return out;
}

/** Draws each user's items: distinct, by popularity tilted by the user's taste. */
class ItemPicker {
  private readonly table: AliasTable;
  /** seen[i] === user + 1 when the current user already has item i. */
  private readonly seen: Int32Array;
  private readonly keys: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    private readonly world: SynthWorld,
    private readonly uniform: () => number,
  ) {
    this.table = aliasTable(world.popularity);
    const n = world.settings.items;
    this.seen = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.scratch = new Float64Array(n);
  }

  affinity(user: number, item: number): number {
    const { factors } = this.world.settings;
    const p = this.world.userFactors;
    const q = this.world.itemFactors;
    let s = 0;
    for (let f = 0, a = user * factors, b = item * factors; f < factors; f++) s += p[a + f]! * q[b + f]!;
    return s;
  }

  /** Chance that a proposed item is kept, from the user's affinity to it. */
  private keep(user: number, item: number): number {
    return Math.min(1, Math.exp(this.world.settings.exposure * (this.affinity(user, item) - 1)));
  }

  /** Fills `out` with `count` distinct items for `user`, ascending. */
  pick(user: number, count: number, out: Int32Array): void {
    const { items } = this.world.settings;
    const mark = user + 1;
    let n = 0;
    if (count <= DENSE_USER * items) {
      // Past the budget (a user whose tastes are rare), the rest is drawn at once.
      for (let budget = 50 * count + 1000; n < count && budget > 0; budget--) {
        const i = drawAlias(this.table, this.uniform);
        if (this.seen[i] === mark || this.uniform() >= this.keep(user, i)) continue;
        this.seen[i] = mark;
        out[n++] = i;
      }
    }
    if (n < count) this.pickAtOnce(user, count, out, n);
    out.subarray(0, count).sort();
  }

  /**
   * The remaining items by weighted sampling without replacement (Efraimidis & Spirakis 2006), the same law as
   * drawing one by one: each unseen item gets the key log(u) / weight, and the largest keys win.
   */
  private pickAtOnce(user: number, count: number, out: Int32Array, n: number): void {
    const { items } = this.world.settings;
    const mark = user + 1;
    const keys = this.keys;
    for (let i = 0; i < items; i++) {
      const weight = this.world.popularity[i]! * this.keep(user, i);
      keys[i] = this.seen[i] === mark ? -Infinity : Math.log(1 - this.uniform()) / weight;
    }
    this.scratch.set(keys);
    const threshold = kthSmallest(this.scratch, items - (count - n));
    for (let i = 0; i < items && n < count; i++) {
      if (keys[i]! < threshold) continue;
      this.seen[i] = mark;
      out[n++] = i;
    }
  }
}

/** The k-th smallest value (0-based) of `a`, which it reorders (Hoare's quickselect: linear on average). */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

function writeManifest(world: SynthWorld, sink: SynthSink): number {
  const { users, items, ratings, seed, scale, noun } = world.settings;
  const manifest = {
    name: `Synthetic ${noun}s: ${users} users, ${items} items, ${ratings} ratings (seed ${seed})`,
    itemNoun: noun,
    ratingScale: scale,
    license: 'Synthetic data made by Matinee (npm run synth); no rights reserved.',
    credit: 'Made-up titles and ratings, drawn from a seeded random model of taste',
  };
  const bytes = ascii(JSON.stringify(manifest, null, 2) + '\n');
  sink('dataset.json', bytes);
  return bytes.length;
}

function writeItems(world: SynthWorld, catalogue: Catalogue, sink: SynthSink): [number, number] {
  const movies = new ByteWriter((b) => sink('movies.csv', b));
  movies.text('movieId,title,genres\n');
  const links = new ByteWriter((b) => sink('links.csv', b));
  links.text('movieId,imdbId,tmdbId\n');
  for (let i = 0; i < world.settings.items; i++) {
    movies.int(world.itemIds[i]!);
    movies.text(`,${csvField(catalogue.titles[i]!)},${catalogue.genres[i]}\n`);
    links.int(world.itemIds[i]!);
    links.text(',' + String(catalogue.imdbIds[i]).padStart(7, '0') + ',');
    if (catalogue.tmdbIds[i]) links.int(catalogue.tmdbIds[i]!);
    links.byte(LF);
  }
  return [movies.close(), links.close()];
}

function writeRatings(world: SynthWorld, sink: SynthSink): { bytes: number; itemCounts: Int32Array } {
  const { users, items, scale, seed } = world.settings;
  const uniform = stream(seed, 20);
  const normal = gaussian(stream(seed, 21));
  const picker = new ItemPicker(world, uniform);
  const texts = levelTexts(scale);
  const top = texts.length - 1;
  const whole = wholeLevels(scale);
  const itemCounts = new Int32Array(items);
  const chosen = new Int32Array(items);
  const out = new ByteWriter((b) => sink('ratings.csv', b));
  out.text('userId,movieId,rating,timestamp\n');
  for (let u = 0; u < users; u++) {
    const count = world.activity[u]!;
    picker.pick(u, count, chosen);
    const wholeOnly = uniform() < WHOLE_NUMBER_USERS;
    const start = FIRST_TIME + Math.floor(uniform() * (LAST_TIME - FIRST_TIME));
    const span = Math.min(LAST_TIME - start, Math.floor(86400 * Math.exp(3 + 2 * normal())));
    for (let k = 0; k < count; k++) {
      const i = chosen[k]!;
      itemCounts[i]!++;
      const x =
        MEAN + world.userBias[u]! + world.itemBias[i]! + TASTE_WEIGHT * picker.affinity(u, i) + NOISE * normal();
      let level = Math.min(top, Math.max(0, Math.round(x * top)));
      if (wholeOnly) level = whole[level]!;
      out.int(u + 1);
      out.byte(COMMA);
      out.int(world.itemIds[i]!);
      out.byte(COMMA);
      out.bytes(texts[level]!);
      out.byte(COMMA);
      out.int(start + Math.floor(uniform() * span));
      out.byte(LF);
    }
  }
  return { bytes: out.close(), itemCounts };
}

/** Tags by users in proportion to their activity, on items by popularity: a genre of the item, or a common word. */
function writeTags(world: SynthWorld, catalogue: Catalogue, sink: SynthSink): number {
  const { tags, seed } = world.settings;
  const uniform = stream(seed, 30);
  const byUser = aliasTable(world.activity);
  const byItem = aliasTable(world.popularity);
  const byWord = aliasTable(catalogue.tagWords.map((_, k) => 1 / (k + 1)));
  const taggers = new Int32Array(tags);
  for (let t = 0; t < tags; t++) taggers[t] = drawAlias(byUser, uniform);
  taggers.sort();
  const out = new ByteWriter((b) => sink('tags.csv', b));
  out.text('userId,movieId,tag,timestamp\n');
  for (let t = 0; t < tags; t++) {
    const i = drawAlias(byItem, uniform);
    const genre = catalogue.genres[i]!.split('|')[0]!;
    const tag =
      uniform() < 0.4 && !genre.startsWith('(') ? genre.toLowerCase() : catalogue.tagWords[drawAlias(byWord, uniform)]!;
    out.int(taggers[t]! + 1);
    out.byte(COMMA);
    out.int(world.itemIds[i]!);
    out.text(',' + csvField(tag) + ',');
    out.int(FIRST_TIME + Math.floor(uniform() * (LAST_TIME - FIRST_TIME)));
    out.byte(LF);
  }
  return out.close();
}

/** Write a whole synthetic dataset folder to `sink`; tags.csv only when options.tags > 0. */
export function synthesize(options: SynthOptions, sink: SynthSink): SynthSummary {
  const world = synthWorld(options);
  const catalogue = synthCatalogue(world);
  const bytes: SynthSummary['bytes'] = {};
  bytes['dataset.json'] = writeManifest(world, sink);
  [bytes['movies.csv'], bytes['links.csv']] = writeItems(world, catalogue, sink);
  const rated = writeRatings(world, sink);
  bytes['ratings.csv'] = rated.bytes;
  if (world.settings.tags > 0) bytes['tags.csv'] = writeTags(world, catalogue, sink);
  const { users, items, ratings, tags } = world.settings;
  return { users, items, ratings, tags, bytes, itemCounts: rated.itemCounts, userCounts: world.activity };
}
