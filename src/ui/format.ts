/** Text the views print: short titles, reasons, counts. */
import type { RatingScale } from '../engine/dataset.ts';
import { splitTitleYear } from '../engine/text/normalize-title.ts';
import type { Reason } from '../engine/catalog/types.ts';
import { shortRating } from './rating-scale.ts';

const MOVED_ARTICLE = /^(.*), (The|A|An)$/;

/** "Matrix, The (1999)" → "The Matrix": for running text, where the full catalogue title reads badly. */
export function shortTitle(title: string): string {
  const main = splitTitleYear(title).title.trim();
  const moved = MOVED_ARTICLE.exec(main);
  return moved ? `${moved[2]} ${moved[1]}` : main;
}

/** "Because you rated Heat ★4.5 and Collateral ★4"; empty when nothing explains it. */
export function reasonText(because: readonly Reason[], scale: RatingScale): string {
  const parts = because.map((r) => `${shortTitle(r.title)} ${shortRating(r.rating, scale)}`);
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
