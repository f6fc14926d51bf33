/**
 * The page's handle on the recommender worker: creates it on first use, terminates it on demand, and makes
 * sure the page never waits on outdated work. recommend and search are latest-only (see latest-only.ts): when
 * the user rates or types faster than the worker answers, older requests resolve to SUPERSEDED and are dropped.
 */
import * as Comlink from 'comlink';
import type { RecommenderApi } from '../worker/recommender.worker.ts';
import type { HistoryImport } from '../engine/import/external-history.ts';
import type { UserData } from '../engine/import/user-data.ts';
import type {
  ItemDetails,
  ItemSummary,
  ProfileEntries,
  Reason,
  RecommendRequest,
  RecommendedItem,
} from '../engine/catalog/types.ts';
import type { InitProgress, InitResult } from '../worker/types.ts';
import type { Algorithm } from '../engine/recommend-types.ts';
import { latestOnly, type Superseded } from './latest-only.ts';

export { SUPERSEDED, type Superseded } from './latest-only.ts';

function startWorker(): Worker {
  return new Worker(new URL('../worker/recommender.worker.ts', import.meta.url), {
    type: 'module',
    name: 'recommender',
  });
}

export class RecommenderBridge {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<RecommenderApi> | null = null;

  constructor(private readonly createWorker: () => Worker = startWorker) {}

  /** Rejects when the worker reports an uncaught error, e.g. its script failed to load or to start. */
  private failed: Promise<never> = new Promise(() => {});

  private get api(): Comlink.Remote<RecommenderApi> {
    if (!this.remote) {
      const worker = this.createWorker();
      this.failed = new Promise<never>((_, reject) => {
        worker.addEventListener?.('error', (e: Event) => {
          const message = (e as ErrorEvent).message || 'the worker script could not be loaded';
          reject(new Error(`The recommender stopped: ${message}`));
        });
      });
      this.failed.catch(() => undefined);
      this.worker = worker;
      this.remote = Comlink.wrap<RecommenderApi>(worker);
    }
    return this.remote;
  }

  /**
   * Start the worker: download, decode, load or fit. Rejects (instead of waiting forever) when the worker dies
   * before it is ready; later errors reach each call as its own rejection through Comlink.
   */
  init(onProgress: (p: InitProgress) => void): Promise<InitResult> {
    const api = this.api;
    return Promise.race([api.init(Comlink.proxy(onProgress)), this.failed]);
  }

  readonly recommend: (args: [ProfileEntries, RecommendRequest]) => Promise<RecommendedItem[] | Superseded> =
    latestOnly(([profile, request]) => this.api.recommend(profile, request));

  readonly search: (args: [string, number]) => Promise<ItemSummary[] | Superseded> = latestOnly(([query, limit]) =>
    this.api.search(query, limit),
  );

  predict(profile: ProfileEntries, ids: number[], algorithm?: Algorithm): Promise<(number | null)[]> {
    return this.api.predict(profile, ids, algorithm);
  }

  similar(id: number, limit: number): Promise<ItemSummary[]> {
    return this.api.similar(id, limit);
  }

  explain(profile: ProfileEntries, id: number): Promise<Reason[]> {
    return this.api.explain(profile, id);
  }

  details(id: number): Promise<ItemDetails | null> {
    return this.api.details(id);
  }

  summaries(ids: number[]): Promise<ItemSummary[]> {
    return this.api.summaries(ids);
  }

  onboarding(genres: string[], limit: number, skipIds: number[]): Promise<ItemSummary[]> {
    return this.api.onboarding(genres, limit, skipIds);
  }

  parseUserData(text: string, format: 'json' | 'csv'): Promise<UserData> {
    return this.api.parseUserData(text, format);
  }

  previewExternalImport(source: 'letterboxd' | 'imdb', text: string): Promise<HistoryImport> {
    return this.api.previewExternalImport(source, text);
  }

  /** Stop the worker (frees its memory); the next call starts a fresh one, which must be init()ed again. */
  terminate(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }
}
