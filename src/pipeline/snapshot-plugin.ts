/**
 * Vite plugin: builds the dataset snapshot as part of `vite build` and serves it in `vite dev`.
 *
 * - Reads the folder chosen by DATASET (default data/ml-latest-small) and validates it; a DatasetError
 *   fails the build with its message (non-zero exit; atomic-out-dir.ts then writes nothing at all).
 * - Chooses ratings mode or model mode (dataset-snapshot.ts): in ratings mode tunes the engine's parameters on a
 *   holdout of the dataset (dataset-tuning.ts; cached per dataset content) and ships them with the ratings; in model
 *   mode fits the models with every core and ships them instead of the ratings.
 * - Emits assets/snapshot-<hash>.bin (gzipped, see snapshot-file.ts) and prints its size per section.
 * - Exposes `virtual:snapshot` (types in virtual-snapshot.d.ts): the file's URL (base-relative, also from
 *   inside a worker), its size, content hash, the manifest and the counts, and the picker's first screen and the
 *   genres, so a new user can start rating while the phone is still downloading the snapshot.
 * - With SNAPSHOT set (prebuilt-snapshot.ts), ships that file as it is instead: no folder is read, nothing fitted.
 * - In dev the file is served from memory and rebuilt when the dataset folder changes (full reload).
 * The encoded file is cached per process, so the main and worker builds encode the dataset once.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Plugin, ResolvedConfig } from 'vite';
import { DATASET_FILES, datasetDir, datasetFolderProblem } from './dataset-folder.ts';
import { DatasetError } from '../engine/dataset/parse.ts';
import type { Dataset } from '../engine/dataset/dataset.ts';
import { catalogueFacets, itemStats, onboardingCandidates, summaryOf } from '../engine/catalogue/catalogue.ts';
import { FactorsError } from '../engine/model-mode/item-factors.ts';
import { buildDatasetSnapshot } from './dataset-snapshot.ts';
import { prebuiltSnapshotPath, readPrebuiltSnapshot } from './prebuilt-snapshot.ts';
import { formatSizeReport, type SnapshotFile } from './snapshot-file.ts';

const VIRTUAL_ID = 'virtual:snapshot';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const DEV_PREFIX = '/@snapshot/';

interface Built {
  file: SnapshotFile;
  manifestJson: string;
  counts: Record<string, number>;
  /** JSON of the picker's first screen (ItemSummary[]) and of the genres with items. */
  firstPicksJson: string;
  genresJson: string;
}

/**
 * An error Vite's CLI prints as its message alone: it prints what util.inspect makes of a failed build's error,
 * stack included, and a stack only hides a one-line answer such as "dataset folder not found".
 */
class OneLineError extends Error {
  [inspect.custom](): string {
    return this.message;
  }
}

/** One screen of the picker: as many as Onboarding.svelte asks the worker for (CANDIDATES). */
const FIRST_PICKS = 8;

let cache: { key: string; built: Promise<Built> } | null = null;

/** Identity of the folder's current contents: paths, sizes and modification times. */
function folderKey(dir: string): string {
  return DATASET_FILES.map((name) => {
    const path = join(dir, name);
    if (!existsSync(path)) return `${name}:-`;
    const s = statSync(path);
    return `${name}:${s.size}:${s.mtimeMs}`;
  }).join('|');
}

/** What the virtual module exposes; `users` and `ratings` as the snapshot was built from (see PrebuiltSnapshot). */
function builtOf(
  file: SnapshotFile,
  dataset: Dataset,
  users = dataset.userIds.length,
  ratings = dataset.ratingItems.length,
): Built {
  // The same first screen the worker would answer for a new user (no genres chosen, nothing to skip).
  const picks = onboardingCandidates(dataset, itemStats(dataset), [], FIRST_PICKS, new Set());
  return {
    file,
    manifestJson: JSON.stringify(dataset.manifest),
    counts: { items: dataset.itemIds.length, users, ratings, tags: dataset.tagItems.length },
    firstPicksJson: JSON.stringify(picks.map((j) => summaryOf(dataset, j))),
    genresJson: JSON.stringify(catalogueFacets(dataset).genres),
  };
}

function buildFor(dir: string, root: string, log: (msg: string) => void): Promise<Built> {
  const prebuilt = prebuiltSnapshotPath(root);
  if (prebuilt) return prebuiltFor(prebuilt, log);
  const key = `${dir}|${folderKey(dir)}`;
  if (cache && cache.key === key) return cache.built;
  const built = buildDatasetSnapshot(dir, { root, log }).then(({ dataset, file }) => {
    log(formatSizeReport(file));
    return builtOf(file, dataset);
  });
  cache = { key, built };
  // A failed build is not kept: the next call (after the folder is fixed) builds again.
  built.catch(() => {
    if (cache?.built === built) cache = null;
  });
  return built;
}

function prebuiltFor(path: string, log: (msg: string) => void): Promise<Built> {
  const key = `snapshot|${path}|${statSync(path, { throwIfNoEntry: false })?.mtimeMs}`;
  if (cache && cache.key === key) return cache.built;
  const { file, dataset, users, ratings } = readPrebuiltSnapshot(path);
  log(`prebuilt snapshot ${path} (SNAPSHOT): ${(file.bytes.length / 1024).toFixed(1)} KB, shipped as it is`);
  const built = Promise.resolve(builtOf(file, dataset, users, ratings));
  cache = { key, built };
  return built;
}

function moduleCode(built: Built, urlExpression: string): string {
  return [
    `export const snapshotUrl = ${urlExpression};`,
    `export const snapshotBytes = ${built.file.bytes.length};`,
    `export const snapshotHash = ${JSON.stringify(built.file.hash)};`,
    `export const manifest = ${built.manifestJson};`,
    `export const counts = ${JSON.stringify(built.counts)};`,
    `export const firstPicks = ${built.firstPicksJson};`,
    `export const genres = ${built.genresJson};`,
  ].join('\n');
}

export function snapshotPlugin(): Plugin {
  let config: ResolvedConfig;
  let dir = '';
  const build = async (fail: (msg: string) => never): Promise<Built> => {
    try {
      return await buildFor(dir, config.root, (msg) => config.logger.info(msg));
    } catch (e) {
      if (e instanceof DatasetError || e instanceof FactorsError)
        fail(`dataset ${dir} is invalid, nothing was written.\n${e.message}`);
      throw e;
    }
  };
  return {
    name: 'matinee-snapshot',
    configResolved(resolved) {
      config = resolved;
      dir = datasetDir(resolved.root);
      // A missing folder stops `vite build` before any work, in the one line `npm run snapshot` prints for it.
      const problem = config.command === 'build' && !prebuiltSnapshotPath(config.root) && datasetFolderProblem(dir);
      if (problem) throw new OneLineError(problem);
    },
    async buildStart() {
      // Validate and encode up front so a bad dataset fails the build before anything is bundled.
      if (config.command === 'build') await build((msg) => this.error(msg));
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      const built = await build((msg) => this.error(msg));
      if (config.command === 'serve') return moduleCode(built, JSON.stringify(DEV_PREFIX + built.file.fileName));
      const ref = this.emitFile({ type: 'asset', fileName: `assets/${built.file.fileName}`, source: built.file.bytes });
      return moduleCode(built, `import.meta.ROLLDOWN_FILE_URL_${ref}`);
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (!req.url?.startsWith(DEV_PREFIX)) return next();
        let built: Built;
        try {
          built = await buildFor(dir, config.root, (msg) => config.logger.info(msg));
        } catch (e) {
          res.statusCode = 500;
          res.end(String((e as Error).message));
          return;
        }
        if (req.url !== DEV_PREFIX + built.file.fileName) {
          res.statusCode = 404;
          res.end('stale snapshot: reload the page');
          return;
        }
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(built.file.bytes);
      });
      server.watcher.add(dir);
      server.watcher.on('change', (path) => {
        if (!path.startsWith(dir)) return;
        const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: 'full-reload' });
      });
    },
  };
}
