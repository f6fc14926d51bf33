/**
 * The hidden world a synthetic dataset is drawn from: every user and item has a latent taste vector, items have a
 * popularity (Zipf-like, over a random order of the items) and a quality, users an activity (log-normal, so a few
 * rate thousands and most a few dozen) and a leniency. Which items a user rates and how they rate them both follow
 * the same vectors, as in MovieLens, where people mostly rate what they chose to watch.
 */
import type { RatingScale } from '../dataset/dataset.ts';
import { gaussian, mulberry32 } from '../numeric/random.ts';

export interface SynthOptions {
  users: number;
  items: number;
  /** Exactly this many ratings are drawn. */
  ratings: number;
  seed?: number;
  /** Default 0.5 to 5 in half stars. */
  scale?: RatingScale;
  /** Singular noun for one item; "movie" gives MovieLens's genres, anything else neutral ones. */
  noun?: string;
  /** Rows of tags.csv (none by default). */
  tags?: number;
  /** Latent dimensions of taste. */
  factors?: number;
  /**
   * How strongly taste decides which items a user rates: each popularity-drawn candidate is kept with
   * probability min(1, exp(exposure · (affinity − 1))); 0 makes exposure follow popularity alone.
   */
  exposure?: number;
}

export type SynthSettings = Required<SynthOptions>;

export const SYNTH_DEFAULTS = {
  seed: 1,
  scale: { min: 0.5, max: 5, step: 0.5 },
  noun: 'movie',
  tags: 0,
  factors: 10,
  exposure: 1.5,
} as const;

/** Zipf–Mandelbrot popularity (rank + OFFSET)^-EXPONENT: the offset flattens the head, so the most popular
 * item is drawn about as often as MovieLens's most rated one. */
const POPULARITY_EXPONENT = 1;
const POPULARITY_OFFSET = 10;
/** Spread of log activity: MovieLens users' counts have a median near half their mean and a tail of thousands. */
const ACTIVITY_SPREAD = 1.4;
/** MovieLens keeps users with at least 20 ratings; small sets scale the floor down. */
const MIN_RATINGS_PER_USER = 20;
/** MovieLens's most active users rated about 60% of the catalogue; nobody rates everything unless they must. */
const MAX_SHARE_PER_USER = 0.6;

function wholeAtLeast(value: number, min: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`synth: ${what} must be a whole number ≥ ${min}`);
}

/** Options with their defaults, checked: a clear error for anything that cannot make a valid dataset. */
export function synthSettings(options: SynthOptions): SynthSettings {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o = { ...SYNTH_DEFAULTS, ...Object.fromEntries(given) } as SynthSettings;
  wholeAtLeast(o.users, 1, 'users');
  wholeAtLeast(o.items, 1, 'items');
  wholeAtLeast(o.ratings, o.users, `ratings (one per user at least: ${o.users})`);
  if (o.ratings > o.users * o.items)
    throw new Error(
      `synth: ${o.ratings} ratings cannot fit: ${o.users} users × ${o.items} items allow at most ${o.users * o.items}`,
    );
  if (o.users > 0x7fffffff || o.items > 0x7fffffff) throw new Error('synth: ids must stay below 2^31');
  wholeAtLeast(o.tags, 0, 'tags');
  wholeAtLeast(o.factors, 1, 'factors');
  wholeAtLeast(o.seed, 0, 'seed');
  if (!(o.exposure >= 0)) throw new Error('synth: exposure must be ≥ 0');
  const { min, max, step } = o.scale;
  const steps = (max - min) / step;
  if (!(step > 0 && max > min) || Math.abs(steps - Math.round(steps)) > 1e-9 || steps > 255)
    throw new Error(`synth: the scale ${min}:${max}:${step} needs min < max and (max − min) / step whole, at most 255`);
  if (o.noun.trim() === '') throw new Error('synth: noun must not be empty');
  return o;
}

/** An independent random stream for each part of the world, so that changing one part leaves the others be. */
export function stream(seed: number, part: number): () => number {
  return mulberry32(Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(part + 1, 0x85ebca6b));
}

export interface SynthWorld {
  settings: SynthSettings;
  /** External id of item i: ascending with gaps, as MovieLens's are. User u's id is u + 1. */
  itemIds: Int32Array;
  /** factors numbers per item, row-major; each entry N(0, 1/factors), so an affinity has variance about 1. */
  itemFactors: Float32Array;
  /** factors numbers per user, each entry N(0, 1). */
  userFactors: Float32Array;
  /** Relative chance of being proposed to a user. */
  popularity: Float64Array;
  /** Rating offset in units of the scale's range. */
  itemBias: Float32Array;
  userBias: Float32Array;
  /** Ratings of each user; they sum to settings.ratings and none exceeds the item count. */
  activity: Int32Array;
}

export function synthWorld(options: SynthOptions): SynthWorld {
  const settings = synthSettings(options);
  const { users, items, factors, seed } = settings;

  const ids = stream(seed, 0);
  const itemIds = new Int32Array(items);
  for (let i = 0, id = 0; i < items; i++) itemIds[i] = id += ids() < 0.8 ? 1 : 2 + Math.floor(ids() * 8);

  const gi = gaussian(stream(seed, 1));
  const itemFactors = new Float32Array(items * factors);
  for (let x = 0; x < itemFactors.length; x++) itemFactors[x] = gi() / Math.sqrt(factors);
  const gu = gaussian(stream(seed, 2));
  const userFactors = new Float32Array(users * factors);
  for (let x = 0; x < userFactors.length; x++) userFactors[x] = gu();

  const pop = stream(seed, 3);
  const rankOf = new Int32Array(items);
  for (let i = 0; i < items; i++) rankOf[i] = i;
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(pop() * (i + 1));
    [rankOf[i], rankOf[j]] = [rankOf[j]!, rankOf[i]!];
  }
  const popularity = new Float64Array(items);
  for (let i = 0; i < items; i++) popularity[i] = (rankOf[i]! + 1 + POPULARITY_OFFSET) ** -POPULARITY_EXPONENT;

  // Popular items are rated a little higher, as in MovieLens.
  const gb = gaussian(stream(seed, 4));
  const itemBias = new Float32Array(items);
  for (let i = 0; i < items; i++) itemBias[i] = 0.09 * gb() + 0.03 * (1 - (2 * rankOf[i]!) / Math.max(1, items - 1));
  const userBias = new Float32Array(users);
  for (let u = 0; u < users; u++) userBias[u] = 0.12 * gb();

  const ga = gaussian(stream(seed, 5));
  const weights = new Float64Array(users);
  for (let u = 0; u < users; u++) weights[u] = Math.exp(ACTIVITY_SPREAD * ga());
  const floor = Math.max(1, Math.min(MIN_RATINGS_PER_USER, Math.floor(settings.ratings / users / 4)));
  const cap = Math.min(items, Math.max(Math.ceil(MAX_SHARE_PER_USER * items), Math.ceil(settings.ratings / users)));
  const activity = allocate(settings.ratings - floor * users, weights, cap - floor);
  for (let u = 0; u < users; u++) activity[u]! += floor;

  return { settings, itemIds, itemFactors, userFactors, popularity, itemBias, userBias, activity };
}

/**
 * Split `total` into whole shares proportional to `weights`, none above `cap` (what a capped share cannot take
 * goes to the others): the exact sum, rounded by largest remainder. Needs total ≤ weights.length × cap.
 */
export function allocate(total: number, weights: Float64Array, cap: number): Int32Array {
  const n = weights.length;
  if (total > n * cap) throw new Error(`allocate: ${total} does not fit in ${n} shares of at most ${cap}`);
  const share = new Float64Array(n);
  const capped = new Uint8Array(n);
  let left = total;
  for (;;) {
    let sum = 0;
    for (let u = 0; u < n; u++) if (!capped[u]) sum += weights[u]!;
    let over = false;
    for (let u = 0; u < n; u++) {
      if (capped[u]) continue;
      share[u] = sum > 0 ? (left * weights[u]!) / sum : 0;
      if (share[u]! > cap) over = true;
    }
    if (!over) break;
    for (let u = 0; u < n; u++) {
      if (capped[u] || share[u]! <= cap) continue;
      share[u] = cap;
      capped[u] = 1;
      left -= cap;
    }
  }
  const out = new Int32Array(n);
  let given = 0;
  for (let u = 0; u < n; u++) given += out[u] = Math.floor(share[u]!);
  const byRemainder = Uint32Array.from({ length: n }, (_, u) => u).sort(
    (a, b) => share[b]! - out[b]! - (share[a]! - out[a]!) || a - b,
  );
  for (let k = 0; given < total; k = (k + 1) % n) {
    const u = byRemainder[k]!;
    if (out[u]! < cap) {
      out[u]!++;
      given++;
    }
  }
  return out;
}
