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

/**
 * "Because you rated Heat ★4.5": the strongest reason alone, so the line fits a phone (the engine cites only what the
 * user rated at or above their own mean, and varies the lead reason across a list); empty when nothing explains it.
 */
export function reasonText(because: readonly Reason[], scale: RatingScale): string {
  const first = because[0];
  return first ? `Because you rated ${first.name} ${shortRating(first.rating, scale)}` : '';
}

/**
 * "This catalogue covers movies from 1902 to 2018.": said where a missing newer film would puzzle (a search without
 * a title match, the Newest sort, About). Empty when no item has a year. From the dataset, never hard-coded.
 */
export function catalogueSpan(span: { firstYear: number; lastYear: number } | null, noun: string): string {
  if (!span || span.lastYear <= 0) return '';
  return `This catalogue covers ${noun}s from ${span.firstYear} to ${span.lastYear}.`;
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
