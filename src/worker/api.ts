/**
 * The worker's API: init once, then answer from the ready session. Every argument and answer is plain data
 * (see types.ts). Calls made before init has finished wait for it instead of failing.
 */
import { releaseProxy } from 'comlink';
import type { Algorithm } from '../engine/recommend-types.ts';
import { bootEngine, type BootDeps } from './boot.ts';
import { RecommenderSession } from './session.ts';
import type { ProfileEntries, RecommendRequest } from '../engine/catalog/types.ts';
import type { InitProgress, InitResult } from './types.ts';

/**
 * When the page asks nothing after init (a view without recommendations), the search index is still built
 * ahead of the first keystroke after this long: by then the first view has rendered.
 */
const WARM_UP_FALLBACK_MS = 1000;

export function createApi(makeDeps: () => Promise<BootDeps>) {
  let session: Promise<RecommenderSession> | null = null;
  let warmedUp = false;
  const warmUp = () => {
    if (warmedUp || !session) return;
    warmedUp = true;
    void session.then((s) => s.warmUp()).catch(() => undefined);
  };
  /**
   * After the first recommendations or onboarding candidates have been sent (a macrotask later, not before:
   * building the search index takes 30–200 ms and the page is waiting for that first list).
   */
  const answered = <T>(answer: T): T => {
    if (!warmedUp) setTimeout(warmUp, 0);
    return answer;
  };
  let initResult: Promise<InitResult> | null = null;
  const listeners: Array<(p: InitProgress) => void> = [];

  const ready = (): Promise<RecommenderSession> => {
    if (!session) throw new Error('call init() first');
    return session;
  };

  return {
    /** Idempotent: a second call (another view, a reload of the bridge) joins the first and its progress. */
    init(onProgress?: (p: InitProgress) => void): Promise<InitResult> {
      if (onProgress) listeners.push(onProgress);
      if (initResult) return initResult;
      const report = (p: InitProgress) => {
        for (const l of listeners) void l(p);
      };
      const booted = makeDeps().then((deps) => bootEngine(deps, report));
      session = booted.then((b) => new RecommenderSession(b.engine));
      // The search index is built after the first answer the page waits for (see answered), or after a pause.
      session.then(() => setTimeout(warmUp, WARM_UP_FALLBACK_MS)).catch(() => undefined);
      // A failed start can be retried by calling init again.
      session.catch(() => {
        session = null;
        initResult = null;
      });
      const release = () => {
        // Progress callbacks from the page are Comlink proxies: release them so the page can collect them.
        for (const l of listeners.splice(0)) (l as Partial<Record<typeof releaseProxy, () => void>>)[releaseProxy]?.();
      };
      booted.catch(release);
      initResult = Promise.all([booted, session]).then(([b, s]) => {
        // Progress goes on after this answer: a cold start reports saving the engine once stage 2 is done.
        void b.complete.then((problem) => problem && console.warn(problem)).finally(release);
        return {
          manifest: s.dataset.manifest,
          itemCount: s.dataset.itemIds.length,
          genres: [...s.dataset.genres],
          fromCache: b.fromCache,
          timings: b.timings,
          cacheProblem: b.cacheProblem,
        };
      });
      return initResult;
    },

    async recommend(profile: ProfileEntries, request: RecommendRequest) {
      return answered((await ready()).recommend(profile, request));
    },
    async predict(profile: ProfileEntries, ids: number[], algorithm?: Algorithm) {
      return (await ready()).predict(profile, ids, algorithm);
    },
    async similar(id: number, limit = 10) {
      return (await ready()).similar(id, limit);
    },
    async explain(profile: ProfileEntries, id: number) {
      return (await ready()).explain(profile, id);
    },
    async details(id: number) {
      return (await ready()).details(id);
    },
    async summaries(ids: number[]) {
      return (await ready()).summaries(ids);
    },
    async search(query: string, limit = 20) {
      return (await ready()).search(query, limit);
    },
    async parseUserData(text: string, format: 'json' | 'csv') {
      return (await ready()).parseUserData(text, format);
    },
    async previewExternalImport(source: 'letterboxd' | 'imdb', text: string) {
      return (await ready()).previewExternalImport(source, text);
    },
    async onboarding(genres: string[], limit = 12, skipIds: number[] = []) {
      return answered((await ready()).onboarding(genres, limit, skipIds));
    },
  };
}
