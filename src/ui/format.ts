/** Text the views print: second title lines, reasons, counts. */
import type { RatingScale } from '../engine/dataset/dataset.ts';
import type { ItemSummary, Reason } from '../engine/catalogue/types.ts';
import { shortRating } from './rating-scale.ts';

/**
 * The line under a title: the original title where the dataset gives one ("Le Fabuleux destin d'Amélie Poulain"),
 * else its other names ("a.k.a. Se7en"); empty when there is nothing to add.
 */
export function secondaryTitle(item: Pick<ItemSummary, 'originalTitle' | 'alsoKnownAs'>): string {
  if (item.originalTitle) return item.originalTitle;
  return item.alsoKnownAs.length > 0 ? `a.k.a. ${item.alsoKnownAs.join(', ')}` : '';
}

/** "Because you rated Heat ★4.5 and Collateral ★4"; empty when nothing explains it. */
export function reasonText(because: readonly Reason[], scale: RatingScale): string {
  const parts = because.map((r) => `${r.name} ${shortRating(r.rating, scale)}`);
  if (parts.length === 0) return '';
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `Because you rated ${list}`;
}

/**
 * The reasons worth citing: "Because you rated Toy Story ★2" reads as nonsense, so only ratings in the upper half
 * of the scale are named (the engine still used the others).
 */
export function likedReasons(because: readonly Reason[], scale: RatingScale): Reason[] {
  return because.filter((r) => r.rating >= (scale.min + scale.max) / 2);
}

export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The heading (and tab title) of a browse page: "Tagged “heist”", "Comedy movies". */
export function browseHeading(kind: 'tag' | 'genre', value: string, noun: string): string {
  return kind === 'tag' ? `Tagged “${value}”` : `${capitalise(value)} ${noun}s`;
}
