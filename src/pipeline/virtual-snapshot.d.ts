/** The module the snapshot plugin (snapshot-plugin.ts) generates at build and dev time. */
declare module 'virtual:snapshot' {
  /** URL of the gzipped snapshot file, ready for fetch() from the page or a worker. */
  export const snapshotUrl: string;
  /** Size of the file in bytes (for download progress). */
  export const snapshotBytes: number;
  /** Content hash, also part of the file name: a new dataset gets a new hash. */
  export const snapshotHash: string;
  export const manifest: import('../engine/dataset/dataset.ts').Manifest;
  export const counts: { items: number; users: number; ratings: number; tags: number };
  /** The picker's first screen for a new user, as the worker's onboarding() would answer it. */
  export const firstPicks: import('../engine/catalogue/types.ts').ItemSummary[];
  /** The dataset's genres that have items (the picker's chips). */
  export const genres: string[];
}
