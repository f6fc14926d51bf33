/** The AppState is shared with every view through Svelte context rather than props drilled through layouts. */
import { getContext, setContext } from 'svelte';
import type { AppState } from './app-state.svelte.ts';

const KEY = Symbol('app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() outside <App>: the AppState context is missing');
  return app;
}
