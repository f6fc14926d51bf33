/**
 * Browser benchmark (a script, not a test): npm run bench:browser (flags: --help).
 * Builds the app, serves it on localhost and, in headless Chromium, measures what a user waits for: first-visit
 * bytes, snapshot download + decode and the cold model build in the worker, time to first recommendations, the
 * warm repeat visit, and how long a rating takes to come back as updated recommendations (p50/p95).
 * The app with the DATASET folder (default ml-latest-small) is always measured first, as the reference; each
 * --dataset DIR adds the app built from that folder (model mode when it is large: the build fits the models), each
 * --snapshot adds the app built around a snapshot `npm run snapshot` wrote (SNAPSHOT=…, nothing fitted), all in the
 * same run. --runs N repeats each visit in a fresh browser context (empty caches) on the same build. A summary
 * compares the builds; "worker ready after download" is the worker's init minus its download (decode + load or fit).
 * --phone measures a phone instead (PHONE_PROFILE: a touch screen, a slower CPU and a slow mobile network, through
 * the DevTools protocol; the output says which), text served gzipped as hosts do; it adds what a phone user waits for
 * (first visit → picker ready, first rating → first list, warm reopen → list) next to their targets.
 * BENCH_VERBOSE=1 also lists every file the server sent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  openApp,
  rateOnboardingCandidate,
  settledRecommendations,
  waitForServiceWorkerControl,
} from './browser/app-driver.ts';
import { newRunDir, runBuild } from './browser/build-app.ts';
import { launchChromium } from './browser/headless-chromium.ts';
import { parseCli } from './cli-args.ts';
import { startStaticServer, type StaticServer } from './serve.ts';

const { values: args, dataset: referenceDir } = parseCli({
  name: 'bench:browser',
  command: 'npm run bench:browser --',
  about:
    'Builds the app, serves it on localhost and measures in headless Chromium what a user waits for: first-visit\n' +
    'bytes, the cold and warm start, rating → updated list p50/p95. The DATASET build is measured first, then\n' +
    'each --dataset and --snapshot build, compared in one summary. BENCH_VERBOSE=1 lists every file sent.',
  dataset: true,
  flags: {
    ratings: { type: 'number', value: 'N', integer: true, min: 1, default: 20, help: 'ratings timed on the warm page' },
    runs: {
      type: 'number',
      value: 'N',
      integer: true,
      min: 1,
      default: 1,
      help: 'visits per build, each in a fresh browser context',
    },
    dataset: {
      type: 'string',
      value: 'DIR',
      multiple: true,
      path: 'dir',
      help: 'also the app built from this dataset folder',
    },
    snapshot: {
      type: 'string',
      value: 'FILE',
      multiple: true,
      path: 'exists',
      help: 'also the app built around this snapshot (a file, or a folder holding one), as SNAPSHOT=… does',
    },
    phone: {
      type: 'boolean',
      help: 'as a phone: a small touch screen, slower CPU and slow 4G (DevTools protocol), text gzipped; adds the phone figures',
    },
  },
});
const PHONE = args.phone;
const RATING_ROUNDS = args.ratings;
const RUNS = args.runs;
/** Ratings timed on the cold visit before the whole model is cached (each round waits for quiet first). */
const STAGE2_RATINGS = 3;

interface InitTimings {
  downloadMs: number;
  decodeMs: number;
  modelMs: number;
  totalMs: number;
}
interface ObservedInit {
  fromCache: boolean;
  timings: InitTimings;
  /** Page clock (ms since navigation start) when the page received the worker's answer. */
  at: number;
}
/** What the page ↔ worker messages show, on the page clock (ms since navigation start). */
interface WorkerTrace {
  /** When the page created the worker. */
  createdAt: number[];
  init: ObservedInit[];
  /** When each recommendation list (an answer whose items carry `predicted`) reached the page. */
  recommendations: number[];
  /** When the page asked the worker for recommendations. */
  requests: number[];
  /** The first animation frame with a rendered, settled recommendation list. */
  firstListRendered: number | null;
  /** The first animation frame with the picker's first rating control on screen. */
  pickerReady: number | null;
  /** When the user first chose a rating (a radio's change event). */
  firstRating: number | null;
}

/**
 * Watches the page ↔ worker messages for the worker's init() answer (it carries {fromCache, timings}), so the
 * bench reads the worker's own phase timings without any hook in the app.
 */
function observeWorkerInit(): void {
  const NativeWorker = window.Worker;
  const trace: WorkerTrace = {
    createdAt: [],
    init: [],
    recommendations: [],
    requests: [],
    firstListRendered: null,
    pickerReady: null,
    firstRating: null,
  };
  (window as unknown as { __benchTrace: WorkerTrace }).__benchTrace = trace;
  document.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).type === 'radio') trace.firstRating ??= performance.now();
  });
  // Checked every frame, in the page: Playwright's own polling backs off to 100–500 ms steps.
  const watchPicker = () => {
    if (document.querySelector('[aria-label$="s to rate"] li input[type=radio]')) trace.pickerReady = performance.now();
    else requestAnimationFrame(watchPicker);
  };
  requestAnimationFrame(watchPicker);
  const watchList = () => {
    const list = document.querySelector('[aria-label="Recommended for you"]');
    // Placeholder cards (aria-hidden) hold the list's place until it comes: they are not a list.
    if (list?.getAttribute('aria-busy') === 'false' && list.querySelector('li:not([aria-hidden])')) {
      trace.firstListRendered = performance.now();
    } else requestAnimationFrame(watchList);
  };
  requestAnimationFrame(watchList);
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      trace.createdAt.push(performance.now());
      const post = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
      this.postMessage = (message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) => {
        const path = (message as { path?: unknown } | null)?.path;
        if (Array.isArray(path) && path[0] === 'recommend') trace.requests.push(performance.now());
        post(message, transfer as Transferable[]);
      };
      this.addEventListener('message', (event: MessageEvent) => {
        const at = performance.now();
        const value = (event.data as { value?: unknown } | null)?.value;
        if (value && typeof value === 'object' && 'timings' in value && 'fromCache' in value) {
          trace.init.push({ fromCache: value.fromCache as boolean, timings: value.timings as InitTimings, at });
        } else if (
          Array.isArray(value) &&
          value.length > 0 &&
          typeof value[0] === 'object' &&
          'predicted' in value[0]
        ) {
          trace.recommendations.push(at);
        }
      });
    }
  };
}

async function workerTrace(page: Page): Promise<WorkerTrace> {
  return page.evaluate(() => (window as unknown as { __benchTrace: WorkerTrace }).__benchTrace);
}

async function workerInit(page: Page): Promise<ObservedInit> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __benchTrace: WorkerTrace }).__benchTrace.init[0],
    undefined,
    { timeout: 120_000 },
  );
  return (await handle.jsonValue()) as ObservedInit;
}

/** File bytes the server sent since `from` (an index into its transfer log); headers not included. */
function bytesSent(server: StaticServer, from: number, match: RegExp = /./): number {
  const sent = server.transfers.slice(from).filter((transfer) => match.test(transfer.path));
  return sent.reduce((sum, transfer) => sum + transfer.bytes, 0);
}

/** Text files a static host compresses on the fly (nginx `gzip on`, GitHub Pages, Netlify); images and the
 * snapshot are already compressed and go as they are. */
const COMPRESSIBLE = /\.(html|js|css|json|webmanifest|svg)$/;

/** What bytesSent would be behind a host that gzips text: each text file's gzip -6 size, other files as sent. */
function bytesSentGzipped(server: StaticServer, root: string, from: number): number {
  let sum = 0;
  for (const { path, bytes } of server.transfers.slice(from)) {
    const file = new URL(path, 'http://x').pathname;
    sum += COMPRESSIBLE.test(file) ? gzipSync(readFileSync(join(root, file))).length : bytes;
  }
  return sum;
}

/**
 * Waits until the worker has written the model cache: a cold start answers from its first stage and caches the
 * whole engine only once the predictor (stage 2) is fitted, so a reload before that would fit again.
 */
async function waitForModelCache(page: Page): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await modelCacheEntries(page)) === 0) {
    if (Date.now() > deadline) throw new Error('the model cache was never written');
    // Each look reads the cached entries whole: not too often.
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whole engines in the model cache (a cold start caches its first stage alone before that). */
async function modelCacheEntries(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('matinee');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('modelCache')) return (db.close(), resolve(0));
          const all = db.transaction('modelCache', 'readonly').objectStore('modelCache').getAll();
          // A model-mode engine is whole as loaded; a ratings-mode one once its stars are (RatingsEngine.save).
          const whole = (e: { state?: { engine?: { mode?: string; stars?: { stage?: string } } } }) =>
            e.state?.engine?.mode === 'model' || e.state?.engine?.stars?.stage === 'whole';
          all.onsuccess = () => (db.close(), resolve((all.result as object[]).filter(whole).length));
          all.onerror = () => (db.close(), reject(all.error));
        };
      }),
  );
}

/** Page clock when the "For you" link and, later, a settled recommendation list exist. */
async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/**
 * Rates the first not-yet-rated recommendation and times, inside the page, click → the recomputed list rendered
 * (aria-busy back to false and still false QUIET_MS later, so a trailing second recomputation counts in full).
 * Starts only when the list has been idle for QUIET_MS, so the previous round's work never leaks into this one.
 */
interface RatingRound {
  /** Click → the recomputed list rendered. */
  total: number;
  /** Click → the last recommendation list of this round reached the page (worker + messaging). */
  toAnswer: number;
  /** Click → the page asked the worker (the page's own work before the request leaves). */
  toRequest: number;
  /** Recommendation lists the worker sent for this one rating (1 when nothing is recomputed twice). */
  answers: number;
}

async function timeOneRating(page: Page, stars: number): Promise<RatingRound> {
  return page.evaluate(async (starsName) => {
    const trace = (window as unknown as { __benchTrace: WorkerTrace }).__benchTrace;
    const QUIET_MS = 150;
    const list = document.querySelector('[aria-label="Recommended for you"]');
    if (!list) throw new Error('no recommendation list');
    const isBusy = () => list.getAttribute('aria-busy') === 'true';
    const quiet = (since: number) =>
      new Promise<number>((done, fail) => {
        let lastIdle = isBusy() ? Number.NaN : since;
        const timeout = setTimeout(() => fail(new Error('the list never settled')), 60_000);
        const check = () => {
          if (isBusy()) lastIdle = Number.NaN;
          else if (Number.isNaN(lastIdle)) lastIdle = performance.now();
          if (!Number.isNaN(lastIdle) && performance.now() - lastIdle >= QUIET_MS) {
            clearTimeout(timeout);
            done(lastIdle);
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    await quiet(performance.now());
    const entry = [...list.querySelectorAll('li')].find((li) => !li.querySelector('input[type=radio]:checked'));
    const radio = entry?.querySelector<HTMLInputElement>(`input[type=radio][aria-label="${starsName}"]`);
    if (!radio) throw new Error('no unrated recommendation with a rating control');
    const answersBefore = trace.recommendations.length;
    const requestsBefore = trace.requests.length;
    const t0 = performance.now();
    let sawBusy = false;
    const observer = new MutationObserver(() => (sawBusy ||= isBusy()));
    observer.observe(list, { attributes: true, attributeFilter: ['aria-busy'] });
    radio.click();
    await Promise.resolve();
    sawBusy ||= isBusy();
    // The first frame in which the list is idle again after the click.
    const settledAt = await quiet(Number.NaN);
    observer.disconnect();
    if (!sawBusy) throw new Error('the rating did not recompute the list');
    const answers = trace.recommendations.slice(answersBefore);
    const requests = trace.requests.slice(requestsBefore);
    return {
      total: settledAt - t0,
      toAnswer: (answers.at(-1) ?? Number.NaN) - t0,
      toRequest: (requests.at(-1) ?? Number.NaN) - t0,
      answers: answers.length,
    };
  }, `${stars} stars`);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at]!;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** One build to measure: the environment its `vite build` runs with. */
interface Target {
  label: string;
  env: Record<string, string>;
}

/** The figures the summary compares across builds. */
interface Headline {
  /** Snapshot bytes the server sent on the first visit (more than the file when it is fetched twice). */
  snapshotBytes: number;
  /** Cold visit: the worker's init minus its download (decode, then the model load or the ranking fit). */
  readyAfterDownloadMs: number;
  coldReadyMs: number;
  warmReadyMs: number;
  ratingP50: number;
  ratingP95: number;
  /** First visit: navigation → the picker's first rating control on screen. */
  pickerReadyMs: number;
  /** First visit: navigation → the worker's init answer on the page (what the first list waits for). */
  workerReadyAtMs: number;
  /** First visit, rated once the worker is ready: the first rating chosen → the first settled list on screen. */
  firstRatingToListMs: number;
  /** Warm reopen: navigation → the first settled recommendation list on screen. */
  warmListMs: number;
}

/** A phone: Lighthouse's mobile preset, applied for real through the DevTools protocol rather than simulated. */
const PHONE_PROFILE = {
  viewport: { width: 390, height: 844 },
  cpuSlowdown: 4,
  network: { offline: false, latency: 150, downloadThroughput: 204_800, uploadThroughput: 84_375 },
};

/** What PHONE_PROFILE is, for the output. */
function describePhone(): string {
  const { viewport, cpuSlowdown, network } = PHONE_PROFILE;
  const mbps = ((network.downloadThroughput * 8) / 1e6).toFixed(1);
  return `${viewport.width}×${viewport.height}, CPU ${cpuSlowdown}× slower, slow 4G (${network.latency} ms, ${mbps} Mbps)`;
}

async function emulatePhone(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_PROFILE.cpuSlowdown });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', PHONE_PROFILE.network);
}

/** One visit of a fresh browser context (no HTTP cache, service worker or IndexedDB) to the built app. */
async function benchVisit(
  browser: Browser,
  server: StaticServer,
  distDir: string,
): Promise<{ rows: [string, string][]; headline: Headline }> {
  const rows: [string, string][] = [];
  const transfersBefore = server.transfers.length;
  const context = await browser.newContext(
    PHONE ? { viewport: PHONE_PROFILE.viewport, isMobile: true, hasTouch: true } : {},
  );
  // tsx compiles with keepNames, so functions passed to page.evaluate call esbuild's __name helper.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(observeWorkerInit);

  // 1. First visit: empty HTTP cache, no service worker, no IndexedDB.
  const page = await context.newPage();
  // Set on the page's target, it lasts through the reload of the warm visit.
  if (PHONE) await emulatePhone(context, page);
  await openApp(page, server.url);
  const shellAt = await pageNow(page);
  const coldInit = await workerInit(page);
  await rateOnboardingCandidate(page, 0, 4);
  await settledRecommendations(page);
  const coldRecsAt = await pageNow(page);
  const coldTrace = await workerTrace(page);
  const pickerReadyMs = coldTrace.pickerReady ?? Number.NaN;
  const firstRatingToListMs = (coldTrace.firstListRendered ?? Number.NaN) - (coldTrace.firstRating ?? Number.NaN);
  // Ratings while stage 2 (the predictor, in a second worker) is still fitting must not wait for it.
  const duringStage2: RatingRound[] = [];
  while (duringStage2.length < STAGE2_RATINGS && (await modelCacheEntries(page)) === 0) {
    duringStage2.push(await timeOneRating(page, 4));
  }
  await waitForServiceWorkerControl(page);
  await waitForModelCache(page);
  const coldCachedAt = await pageNow(page);
  const snapshotBytes = bytesSent(server, transfersBefore, /snapshot-[^/]*\.bin$/);
  rows.push([
    'first visit: bytes sent by the server (page, worker, precache)',
    kib(bytesSent(server, transfersBefore)),
  ]);
  rows.push(['  of which the dataset snapshot', kib(snapshotBytes)]);
  rows.push([
    'first visit: the same behind a host that gzips text',
    kib(bytesSentGzipped(server, distDir, transfersBefore)),
  ]);
  rows.push(['first visit: app shell visible', ms(shellAt)]);
  rows.push(['cold: snapshot download (worker)', ms(coldInit.timings.downloadMs)]);
  rows.push(['cold: snapshot decode (worker)', ms(coldInit.timings.decodeMs)]);
  rows.push([
    `cold: model ${coldInit.fromCache ? 'load from cache (!)' : 'build or load'} (worker)`,
    ms(coldInit.timings.modelMs),
  ]);
  rows.push(['cold: worker ready (init total)', ms(coldInit.timings.totalMs)]);
  const readyAfterDownloadMs = coldInit.timings.totalMs - coldInit.timings.downloadMs;
  rows.push(['cold: worker ready after download (init total − download)', ms(readyAfterDownloadMs)]);
  rows.push(['cold: picker ready (its first rating control on screen)', ms(pickerReadyMs)]);
  rows.push(['cold: worker ready (init answer on the page clock)', ms(coldInit.at)]);
  rows.push(['cold: first rating (once the worker is ready) → first list on screen', ms(firstRatingToListMs)]);
  rows.push(['cold: first recommendations (after one onboarding rating)', ms(coldRecsAt)]);
  rows.push(['cold: whole model cached, stage 2 included (page clock, polled)', ms(coldCachedAt)]);
  rows.push([
    `cold: rating → updated list while stage 2 runs, max of ${duringStage2.length}`,
    duringStage2.length > 0 ? ms(Math.max(...duringStage2.map((r) => r.total))) : 'n/a',
  ]);

  // 2. Repeat visit: service worker, HTTP cache and IndexedDB (ratings, cached model) all warm.
  const warmFrom = server.transfers.length;
  await page.reload();
  await page.getByRole('link', { name: 'For you', exact: true }).waitFor();
  const warmShellAt = await pageNow(page);
  const warmInit = await workerInit(page);
  await settledRecommendations(page);
  const warmRecsAt = await pageNow(page);
  const warmTrace = await workerTrace(page);
  rows.push(['warm: bytes sent by the server', kib(bytesSent(server, warmFrom))]);
  rows.push(['warm: app shell visible', ms(warmShellAt)]);
  rows.push(['warm: worker created (page clock)', ms(warmTrace.createdAt[0] ?? Number.NaN)]);
  rows.push([
    `warm: model ${warmInit.fromCache ? 'loaded from IndexedDB' : 'rebuilt (no usable cache)'}`,
    ms(warmInit.timings.modelMs),
  ]);
  rows.push(['warm: snapshot download, from the service worker (worker)', ms(warmInit.timings.downloadMs)]);
  rows.push(['warm: snapshot decode (worker)', ms(warmInit.timings.decodeMs)]);
  rows.push(['warm: worker ready (init total)', ms(warmInit.timings.totalMs)]);
  rows.push(['warm: init answer reached the page (page clock)', ms(warmInit.at)]);
  rows.push(['warm: first recommendations asked of the worker', ms(warmTrace.requests[0] ?? Number.NaN)]);
  rows.push(['warm: first recommendation list reached the page', ms(warmTrace.recommendations[0] ?? Number.NaN)]);
  rows.push(['warm: recommendation lists computed at start', String(warmTrace.recommendations.length)]);
  rows.push(['warm: first recommendations rendered (first frame)', ms(warmTrace.firstListRendered ?? Number.NaN)]);
  rows.push(['warm: first recommendations (seen by Playwright, polls)', ms(warmRecsAt)]);

  // 3. Rating → updated recommendations, one rating at a time on the warm page.
  const rounds: RatingRound[] = [];
  for (let round = 0; round < RATING_ROUNDS; round++) {
    const result = await timeOneRating(page, 3 + (round % 3)).catch((error: Error) => {
      throw new Error(`rating round ${round + 1}: ${error.message}`);
    });
    rounds.push(result);
  }
  const sorted = (pick: (r: RatingRound) => number) => rounds.map(pick).sort((a, b) => a - b);
  const latencies = sorted((r) => r.total);
  const toAnswer = sorted((r) => r.toAnswer);
  const answers = rounds.reduce((sum, r) => sum + r.answers, 0);
  rows.push([`rating → updated list, p50 of ${latencies.length}`, ms(percentile(latencies, 50))]);
  rows.push([`rating → updated list, p95 of ${latencies.length}`, ms(percentile(latencies, 95))]);
  const toRequest = sorted((r) => r.toRequest);
  rows.push(['  of which click → request sent to the worker, p50', ms(percentile(toRequest, 50))]);
  rows.push(['  of which click → request sent to the worker, p95', ms(percentile(toRequest, 95))]);
  rows.push(['  of which click → recommendations reached the page, p50', ms(percentile(toAnswer, 50))]);
  rows.push(['  of which click → recommendations reached the page, p95', ms(percentile(toAnswer, 95))]);
  rows.push(['  recommendation lists computed per rating (mean)', (answers / rounds.length).toFixed(2)]);
  await context.close();
  return {
    rows,
    headline: {
      snapshotBytes,
      readyAfterDownloadMs,
      coldReadyMs: coldInit.timings.totalMs,
      warmReadyMs: warmInit.timings.totalMs,
      ratingP50: percentile(latencies, 50),
      ratingP95: percentile(latencies, 95),
      pickerReadyMs,
      workerReadyAtMs: coldInit.at,
      firstRatingToListMs,
      warmListMs: warmTrace.firstListRendered ?? Number.NaN,
    },
  };
}

function printRows(rows: [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(9)}`);
}

const targets: Target[] = [
  { label: `${basename(referenceDir)} (DATASET)`, env: {} },
  ...args.dataset.map((dir) => ({ label: `${basename(dir)} (--dataset)`, env: { DATASET: dir } })),
  ...args.snapshot.map((path) => ({ label: `${basename(path)} (--snapshot)`, env: { SNAPSHOT: path } })),
];
const headlines: { label: string; fileBytes: number; runs: Headline[] }[] = [];

/** Size of the snapshot file in a built app. */
function snapshotFileBytes(distDir: string): number {
  const name = readdirSync(join(distDir, 'assets')).find((f) => /^snapshot-.*\.bin$/.test(f));
  return name ? statSync(join(distDir, 'assets', name)).size : Number.NaN;
}
const browser = await launchChromium();
try {
  for (const target of targets) {
    const distDir = newRunDir('bench');
    console.log(`Building the app: ${target.label}…`);
    const build = await runBuild(distDir, 'bench', { env: target.env });
    if (build.code !== 0)
      throw new Error(`vite build for ${target.label} failed (exit ${build.code}):\n${build.output}`);
    const server = await startStaticServer({ root: distDir, gzip: PHONE });
    const runs: Headline[] = [];
    const fileBytes = snapshotFileBytes(distDir);
    try {
      for (let run = 1; run <= RUNS; run++) {
        const { rows, headline } = await benchVisit(browser, server, distDir);
        runs.push(headline);
        console.log(`\n${target.label}, run ${run} of ${RUNS}`);
        printRows(rows);
      }
    } finally {
      if (process.env.BENCH_VERBOSE) {
        console.log(`\nEvery file the server sent for ${target.label}, in order (per run: first visit, warm):`);
        for (const { path, bytes } of server.transfers) console.log(`${String(bytes).padStart(9)} ${path}`);
      }
      await server.close();
      await rm(distDir, { recursive: true, force: true });
    }
    headlines.push({ label: target.label, fileBytes, runs });
  }
} finally {
  await browser.close();
}

console.log(
  `\nMatinee in headless Chromium (${process.env.CHROMIUM_PATH ?? '@sparticuz/chromium'}), served from localhost` +
    `${PHONE ? ` with gzip, as a phone: ${describePhone()}` : ''}; ` +
    `${RUNS} run(s) per build, one value per run`,
);
const each = (runs: Headline[], pick: (h: Headline) => number, format: (x: number) => string) =>
  runs.map((h) => format(pick(h))).join(' / ');
printRows(
  headlines.flatMap(({ label, fileBytes, runs }) => [
    [`${label}: snapshot file`, kib(fileBytes)],
    [`  snapshot bytes sent on the first visit`, each(runs, (h) => h.snapshotBytes, kib)],
    [`  cold worker ready after download`, each(runs, (h) => h.readyAfterDownloadMs, ms)],
    [`  cold worker ready (download included)`, each(runs, (h) => h.coldReadyMs, ms)],
    [`  warm worker ready`, each(runs, (h) => h.warmReadyMs, ms)],
    [`  rating → updated list p50 of ${RATING_ROUNDS}`, each(runs, (h) => h.ratingP50, ms)],
    [`  rating → updated list p95 of ${RATING_ROUNDS}`, each(runs, (h) => h.ratingP95, ms)],
    ...(PHONE ? phoneRows(runs) : []),
  ]),
);

/** What a phone user waits for, next to issue 17's targets for this profile. */
function phoneRows(runs: Headline[]): [string, string][] {
  return [
    [`  first visit → picker ready (target ≤ 3.0 s)`, each(runs, (h) => h.pickerReadyMs, ms)],
    [`  first visit → recommender ready`, each(runs, (h) => h.workerReadyAtMs, ms)],
    [`  first rating → first list (target ≤ 1.0 s)`, each(runs, (h) => h.firstRatingToListMs, ms)],
    [`  warm reopen → list (target ≤ 1.0 s)`, each(runs, (h) => h.warmListMs, ms)],
    [
      `  rating → list p50 / p95 (target p95 ≤ 100 ms)`,
      each(runs, (h) => h.ratingP50, ms) + '  |  ' + each(runs, (h) => h.ratingP95, ms),
    ],
  ];
}
