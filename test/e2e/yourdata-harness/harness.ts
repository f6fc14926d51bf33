/**
 * Mounts YourData (?view=you) or Settings (?view=settings) on the real in-memory UserStore, seeded with a few
 * MovieLens items, with the worker's lookups replaced by small stand-ins. ?storage=none plays a browser without
 * IndexedDB; ?describeDelay=ms a slow worker; ?many=N a long list;
 * ?scale=10 a 1–10 rating scale. Driven by test/e2e/app-yourdata.test.ts; also handy to look at by hand
 * (npx vite test/e2e/yourdata-harness).
 */
import { mount } from 'svelte';
import '../../../src/ui/app.css';
import { titleFields, type TitleFields } from '../../../src/engine/catalogue/catalogue.ts';
import type { UserData } from '../../../src/engine/user-data/user-data.ts';
import { StoreError } from '../../../src/store/errors.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import type { StorageStatus, UserStore } from '../../../src/store/user-store.ts';
import Settings from '../../../src/ui/yourdata/Settings.svelte';
import type { HistoryImport, HistorySource, ItemSummary } from '../../../src/ui/yourdata/types.ts';
import YourData from '../../../src/ui/yourdata/YourData.svelte';

declare global {
  interface Window {
    store: UserStore;
  }
}

/** The memory store playing a persistent one, so the "persistent storage" branch of the view can be seen. */
class PersistentMemoryStore extends MemoryStore {
  private granted = false;
  override async storageStatus(): Promise<StorageStatus> {
    return { persistent: true, persisted: this.granted, usage: 123_456, quota: 10 * 1024 ** 3 };
  }
  override async requestPersistence(): Promise<boolean | null> {
    this.granted = true;
    return true;
  }
}

/** As the worker describes them (catalogue.ts): the title as stored and as shown. */
const item = (i: Omit<ItemSummary, keyof TitleFields> & { title: string }): ItemSummary => ({
  ...i,
  ...titleFields(i.title),
});
const ITEMS: ItemSummary[] = [
  item({
    id: 1,
    title: 'Toy Story (1995)',
    year: 1995,
    genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'],
  }),
  item({ id: 2, title: 'Jumanji (1995)', year: 1995, genres: ['Adventure', 'Children', 'Fantasy'] }),
  item({ id: 3, title: 'Grumpier Old Men (1995)', year: 1995, genres: ['Comedy', 'Romance'] }),
  item({ id: 4, title: 'Waiting to Exhale (1995)', year: 1995, genres: ['Comedy', 'Drama', 'Romance'] }),
  item({ id: 5, title: 'Father of the Bride Part II (1995)', year: 1995, genres: ['Comedy'] }),
  item({ id: 6, title: 'Heat (1995)', year: 1995, genres: ['Action', 'Crime', 'Thriller'] }),
  item({ id: 7, title: 'American President, The (1995)', year: 1995, genres: ['Comedy', 'Drama', 'Romance'] }),
  item({ id: 8, title: 'Tom and Huck (1995)', year: 1995, genres: ['Adventure', 'Children'] }),
  item({ id: 9, title: 'Sudden Death (1995)', year: 1995, genres: ['Action'] }),
];
const DAY = 86_400_000;
const NOV_1 = Date.UTC(2026, 10, 1);

const params = new URLSearchParams(location.search);
const kept = params.get('storage') !== 'none';
const store = kept
  ? new PersistentMemoryStore()
  : new MemoryStore(new StoreError('unavailable', 'open database', 'IndexedDB is disabled in this harness'));
for (const [k, [item, value]] of [
  [1, 4],
  [2, 3.5],
  [3, 5],
  [4, 2],
  [5, 4],
].entries()) {
  await store.setRating(item!, value!, NOV_1 + k * DAY);
}
await store.setRating(999_999, 3, 0); // an id the dataset lacks, rated at an unknown time
// ?many=N adds N more ratings (ids the dataset lacks), to page through a long list.
for (let k = 0; k < Number(params.get('many') ?? 0); k++) await store.setRating(100_000 + k, 3, NOV_1 - (k + 1) * DAY);
await store.addToList('watchlist', 6, NOV_1);
await store.addToList('watchlist', 7, NOV_1 + 1000);
await store.addToList('hidden', 8, NOV_1);
window.store = store;

// ?scale=10 plays a dataset rated 1 to 10 (layout and axe only: the seeded 3.5 is then off the scale).
const tenPoint = params.get('scale') === '10';
const manifest = {
  name: 'MovieLens ml-latest-small',
  itemNoun: 'movie',
  ratingScale: tenPoint ? { min: 1, max: 10, step: 1 } : { min: 0.5, max: 5, step: 0.5 },
  license: 'Harness license text',
  credit: 'Ratings data: MovieLens',
};
// ?describeDelay=ms plays a worker that is still loading the dataset.
const describeDelay = Number(params.get('describeDelay') ?? 0);
const describe = async (ids: number[]) => {
  await new Promise((resolve) => setTimeout(resolve, describeDelay));
  return ITEMS.filter((i) => ids.includes(i.id));
};

/**
 * Stand-in for the worker's parseUserData: any text containing "bad" fails the way ImportError does, "empty" holds
 * nothing, anything else the same three ratings and a watchlist entry.
 */
const parseUserFile = async (text: string): Promise<UserData> => {
  if (text.includes('empty')) return { ratings: [], watchlist: [], hidden: [], settings: {} };
  if (text.includes('bad'))
    throw new Error(
      '1 problem in the imported file, nothing was imported:\n' +
        'ratings.csv:3: field "rating": "9" is not on the scale 0.5 to 5 in steps of 0.5',
    );
  return {
    ratings: [
      { item: 9, value: 2, time: 5 }, // new
      { item: 3, value: 1, time: Date.UTC(2031, 0, 1) }, // newer than the local one: updates
      { item: 2, value: 1, time: 1 }, // older: the local rating is kept
    ],
    watchlist: [{ item: 4, added: 1 }],
    hidden: [],
    settings: {},
  };
};

/** Stand-in for the worker's previewExternalImport. */
const previewExternalImport = async (_source: HistorySource, text: string): Promise<HistoryImport> => {
  if (text.includes('broken')) throw new Error('ratings.csv:1: field "Rating": missing column "Rating"');
  return {
    matched: [
      { item: 9, value: 4, time: Date.UTC(2020, 1, 1), row: 2 },
      { item: 1, value: 5, time: Date.UTC(2030, 1, 1), row: 3 },
    ],
    unmatched: [{ line: 4, title: 'Nonexistent Film', year: 2019, reason: 'no title in the dataset matches' }],
  };
};

/** Stand-in for the worker's exportLabels: the seeded items, with made-up IMDb ids. */
const exportLabels = (ids: number[]) =>
  ITEMS.filter((i) => ids.includes(i.id)).map((i) => ({
    id: i.id,
    title: i.name,
    year: i.year,
    imdbId: `tt${String(100_000 + i.id).padStart(7, '0')}`,
  }));

const target = document.getElementById('app')!;
if (params.get('view') === 'settings') {
  mount(Settings, {
    target,
    props: { store, manifest, describe, parseUserFile, previewExternalImport, exportLabels },
  });
} else {
  mount(YourData, { target, props: { store, manifest, describe } });
}
