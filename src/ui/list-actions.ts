/** Watchlist and "not interested" toggles with their undo notification, said the same way in every view. */
import type { ListName } from '../store/user-store.ts';
import type { AppState } from './app-state.svelte.ts';

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
