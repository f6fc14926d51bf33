/**
 * npm run lighthouse [-- --runs N] [--url URL]: a phone's first visit as Lighthouse's mobile preset measures it
 * (4× slower CPU, slow 4G, simulated). `npm run lighthouse` builds dist/ first; this serves it with gzip, as real
 * static hosts do, runs Lighthouse in the Chromium inside @sparticuz/chromium (CHROMIUM_PATH names another), and
 * prints each run's category scores, its metrics and what shifted the layout. --url measures an app already served.
 * Lighthouse resets the origin's storage before each run, so every run is a first visit. Not a test: it prints figures.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import lighthouse from 'lighthouse';
import { launchChromium } from './browser/headless-chromium.ts';
import { fail, parseCli } from './cli-args.ts';
import { startStaticServer, type StaticServer } from './serve.ts';

const {
  values: { runs: RUNS, url: givenUrl },
  positionals: { DIR: dir },
} = parseCli({
  name: 'lighthouse',
  command: 'npm run lighthouse --',
  about:
    "A phone's first visit as Lighthouse's mobile preset scores it (4× slower CPU, slow 4G, simulated): the built app\n" +
    'served with gzip, each run its scores, metrics and what shifted the layout. npm run lighthouse builds dist/ first.',
  positionals: [{ name: 'DIR', help: 'the built app', default: 'dist', path: 'dir' }],
  flags: {
    runs: {
      type: 'number',
      value: 'N',
      integer: true,
      min: 1,
      default: 1,
      help: 'Lighthouse runs, each a first visit',
    },
    url: { type: 'string', value: 'URL', help: 'an app already served, instead of DIR' },
  },
});
if (givenUrl !== undefined && !URL.canParse(givenUrl)) fail(`--url must be a URL, got "${givenUrl}"`);

/** The flags Lighthouse's own launcher would use, minus its sandbox (none in a container). */
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--no-zygote', '--disable-dev-shm-usage', '--no-first-run'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['speed-index', 'Speed Index'],
  ['total-blocking-time', 'TBT'],
  ['interactive', 'TTI'],
  ['cumulative-layout-shift', 'CLS'],
] as const;

/** Starts Chromium with a DevTools port for Lighthouse to drive; resolves once it listens. */
async function startChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const executable = process.env.CHROMIUM_PATH ?? (await chromium.executablePath());
  const profile = await mkdtemp(join(tmpdir(), 'matinee-lighthouse-'));
  const child = spawn(executable, [...CHROME_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((found, fail) => {
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(said);
      if (match) found(Number(match[1]));
    });
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`Chromium exited (${code}) before listening:\n${said}`)));
  });
  return {
    port,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill();
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
  };
}

function formatMetric(id: string, value: number): string {
  if (id === 'cumulative-layout-shift') return value.toFixed(3);
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

let server: StaticServer | null = null;
let url = givenUrl;
if (!url) {
  server = await startStaticServer({ root: dir, basePath: '/', gzip: true });
  url = server.url;
}
const browser = await startChromium();
try {
  for (let run = 1; run <= RUNS; run++) {
    const result = await lighthouse(url, { port: browser.port, logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    console.log(`\nrun ${run}/${RUNS}: ${url} (Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor})`);
    console.log(
      CATEGORIES.map((c) => `${lhr.categories[c]?.title} ${Math.round((lhr.categories[c]?.score ?? 0) * 100)}`).join(
        ' · ',
      ),
    );
    console.log(
      METRICS.map(([id, label]) => `${label} ${formatMetric(id, lhr.audits[id]?.numericValue ?? NaN)}`).join(' · '),
    );
    const failing = Object.values(lhr.categories)
      .flatMap((c) => c.auditRefs)
      .map((ref) => lhr.audits[ref.id]!)
      .filter(
        (a) =>
          a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual',
      );
    for (const audit of failing) console.log(`  below 90: ${audit.id}: ${audit.displayValue ?? ''} ${audit.title}`);
  }
  // Lighthouse 12.2's own "layout shifts" audit fails on this Chromium's traces: the page's own record says what moved.
  console.log('\nlayout shifts the page recorded on a first visit at ¼ CPU speed:');
  for (const shift of await layoutShifts(url)) console.log(`  ${shift}`);
} finally {
  await browser.stop();
  await server?.close();
}

/**
 * A first visit at a quarter of the CPU's speed, as the layout-shift entries the page records describe it: each
 * shift's score, when, and the elements that moved (tag, id or class, and where from and to). For finding what to
 * give its space from the start; the CLS above is Lighthouse's.
 */
async function layoutShifts(url: string): Promise<string[]> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __shifts: string[] }).__shifts = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as LayoutShift[]) {
          if (entry.hadRecentInput) continue;
          // A box moved off screen reports an empty current rectangle.
          const moved = entry.sources.map(
            (s) =>
              `${s.node instanceof Element ? s.node.tagName.toLowerCase() : '?'}` +
              `${s.node instanceof Element && s.node.classList[0] ? `.${s.node.classList[0]}` : ''}` +
              ` y ${Math.round(s.previousRect.y)}→` +
              (s.currentRect.height > 0 ? Math.round(s.currentRect.y) : 'off screen'),
          );
          seen.push(`shift ${entry.value.toFixed(3)} at ${Math.round(entry.startTime)} ms: ${moved.join(', ')}`);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(url);
    await page.waitForTimeout(8000);
    return await page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts);
  } finally {
    await browser.close();
  }
}

interface LayoutShift extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
  sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
}
