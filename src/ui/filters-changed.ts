/** Whether For you's filters and knobs differ from their defaults: its "Filters" button says so while closed. */
import { DEFAULT_PREFS, type Prefs } from '../engine/user-data/settings.ts';

export function filtersChanged(prefs: Prefs): boolean {
  return (['genre', 'decade', 'diversity', 'popularity', 'algorithm'] as const).some(
    (key) => prefs[key] !== DEFAULT_PREFS[key],
  );
}
