/** Ratings, watchlist and "not interested" toggles with their undo notification, said the same way in every view. */
import type { ListName } from '../store/user-store.ts';
import type { AppState } from './app-state.svelte.ts';
import { shortRating } from './rating-scale.ts';

/**
 * Rate an item (null: take the rating away) and say so with an Undo that puts back what was there. A rating the
 * store refused was already taken back and said: no message over that one. False when it was not kept.
 */
export async function rateWithUndo(
  app: AppState,
  item: { id: number; name: string },
  value: number | null,
): Promise<boolean> {
  const outcome = await app.rate(item.id, value);
  if (!outcome.saved) return false;
  const scale = app.manifest.ratingScale;
  app.showToast(
    value === null ? `Removed your rating of ${item.name}.` : `Rated ${item.name} ${shortRating(value, scale)}.`,
    () => void app.rate(item.id, outcome.previous),
  );
  return true;
}

/** Put an item on a list or take it off (whichever it is not), and offer to undo it. */
export function toggleListed(app: AppState, list: ListName, item: { id: number; name: string }): void {
  const on = !(list === 'watchlist' ? app.watchlist : app.hidden).has(item.id);
  void app.setListed(list, item.id, on);
  const message =
    list === 'watchlist'
      ? on
        ? `Added ${item.name} to your watchlist.`
        : `Removed ${item.name} from your watchlist.`
      : on
        ? `${item.name} will not be recommended.`
        : `${item.name} can be recommended again.`;
  app.showToast(message, () => void app.setListed(list, item.id, !on));
}
