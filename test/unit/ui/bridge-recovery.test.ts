import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecommenderBridge, type RecommenderBridge, type WorkerHealth } from '../../../src/ui/bridge.ts';
import type { InitPhase, InitProgress } from '../../../src/worker/types.ts';

/**
 * Stand-in workers on real MessageChannels, speaking Comlink like the real one, that can die (an error event),
 * hang (nothing in or out any more, as a worker stopped or stuck in a loop) or answer slowly. Each new worker
 * the bridge creates is the next in `workers`.
 */
interface FakeWorker {
  worker: Worker;
  inits: number;
  asked: string[];
  die(message: string): void;
  hang(): void;
}

interface Behaviour {
  /** How long details() takes, answered from a timer (the worker is alive meanwhile). */
  detailsMs?: number;
  /** Whether ping is ever answered (a worker busy computing answers none). */
  pings?: boolean;
  /** init reports progress this many times, every 10 ms, before answering. */
  initSteps?: number;
  /** The phase of those reports ('fit' unless given). */
  initPhase?: InitPhase;
  /** After its reports, init waits this long (on a timer: the worker only waits) before answering. */
  initWaitMs?: number;
  /** After its reports, the worker hangs instead of answering init: killed, as a worker that dies mid-start. */
  initHangs?: boolean;
  /** The first this many inits fail (as a damaged download fails the start), the worker staying alive. */
  initFailures?: number;
  /** details() never answers, the hang of a call the worker is stuck on. */
  stuckOnDetails?: boolean;
}

function fakeWorker(behaviour: Behaviour = {}): FakeWorker {
  const channel = new MessageChannel();
  const fake: FakeWorker = {
    worker: null as unknown as Worker,
    inits: 0,
    asked: [],
    die: (message) => channel.port2.dispatchEvent(Object.assign(new Event('error'), { message })),
    hang: () => channel.port1.close(),
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const api = {
    async init(onProgress: (p: InitProgress) => void) {
      fake.inits++;
      for (let k = 0; k < (behaviour.initSteps ?? 0); k++) {
        await sleep(10);
        await onProgress({ phase: behaviour.initPhase ?? 'fit', fraction: k / 10 });
      }
      if (behaviour.initHangs) fake.hang();
      await sleep(behaviour.initWaitMs ?? 0);
      if (fake.inits <= (behaviour.initFailures ?? 0)) throw new Error(`start ${fake.inits} failed`);
      return { itemCount: 3 };
    },
    ping: () => (behaviour.pings === false ? new Promise(() => {}) : Promise.resolve(true)),
    async details(id: number) {
      fake.asked.push(`details ${id}`);
      if (behaviour.stuckOnDetails) fake.hang();
      await sleep(behaviour.detailsMs ?? 0);
      return { id };
    },
  };
  Comlink.expose(api, channel.port1);
  fake.worker = {
    postMessage: (m: unknown, t?: Transferable[]) => channel.port2.postMessage(m, t ?? []),
    addEventListener: channel.port2.addEventListener.bind(channel.port2),
    removeEventListener: channel.port2.removeEventListener.bind(channel.port2),
    terminate: () => {
      channel.port1.close();
      channel.port2.close();
    },
  } as unknown as Worker;
  channel.port2.start();
  return fake;
}

/** Short silences, so that a test sees a worker taken for stuck in a fraction of a second. */
const WATCH = { pingAfterMs: 20, stuckAfterMs: 150, stuckWhileStartingMs: 150 };

let bridge: RecommenderBridge | null = null;
afterEach(() => bridge?.terminate());

function bridgeOver(behaviours: Behaviour[], watch: Partial<typeof WATCH> = WATCH) {
  const workers: FakeWorker[] = [];
  const health: WorkerHealth[] = [];
  const progress: InitProgress[] = [];
  bridge = createRecommenderBridge({
    createWorker: () => {
      const fake = fakeWorker(behaviours[workers.length] ?? {});
      workers.push(fake);
      return fake.worker;
    },
    watch,
  });
  bridge.onHealth((h) => health.push(h));
  return { bridge, workers, health, progress, start: () => bridge!.init((p) => progress.push(p)) };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
}

describe('RecommenderBridge when its worker dies or gets stuck', () => {
  it('replaces a worker that dies mid-session, starts it as the page did, and answers the waiting call there', async () => {
    const { bridge, workers, health, start } = bridgeOver([{ detailsMs: 10_000 }, {}]);
    await start();
    const asked = bridge.details(7);
    await until(() => workers[0]!.asked.length === 1);
    workers[0]!.die('Out of memory');
    expect(await asked).toEqual({ id: 7 });
    expect(workers.map((w) => [w.inits, w.asked])).toEqual([
      [1, ['details 7']],
      [1, ['details 7']],
    ]);
    expect(health).toEqual([{ state: 'restarting', reason: 'Out of memory' }, { state: 'running' }]);
  });

  it('takes a silent worker for stuck, pinging first, and replaces it', async () => {
    const { bridge, workers, health, start } = bridgeOver([{ stuckOnDetails: true }, {}]);
    await start();
    expect(await bridge.details(5)).toEqual({ id: 5 });
    expect(workers).toHaveLength(2);
    expect(health.map((h) => h.state)).toEqual(['restarting', 'running']);
    expect(health[0]).toMatchObject({ reason: expect.stringMatching(/^it did not respond for \d+ s$/) as string });
  });

  it('waits on a slow call as long as the worker answers its pings', async () => {
    const { bridge, workers, health, start } = bridgeOver([{ detailsMs: 5 * WATCH.stuckAfterMs }]);
    await start();
    expect(await bridge.details(3)).toEqual({ id: 3 });
    expect(workers).toHaveLength(1);
    expect(health).toEqual([]);
  });

  it('takes start-up progress as a sign of life, though the worker answers no ping while it fits', async () => {
    // A limit well above a loaded machine's gaps between two reports 10 ms apart, crossed three times over.
    const stuckWhileStartingMs = 500;
    const steps = (3 * stuckWhileStartingMs) / 10;
    const { workers, progress, start } = bridgeOver([{ pings: false, initSteps: steps }], {
      ...WATCH,
      stuckWhileStartingMs,
    });
    expect(await start()).toEqual({ itemCount: 3 });
    expect(progress).toHaveLength(steps);
    expect(workers).toHaveLength(1);
  });

  it('fails a call that every worker it reaches dies on, instead of killing workers forever', async () => {
    const { bridge, workers, start } = bridgeOver([{ stuckOnDetails: true }, { stuckOnDetails: true }, {}]);
    await start();
    await expect(bridge.details(9)).rejects.toThrow(/^The recommender stopped: it did not respond/);
    expect(workers.map((w) => w.asked)).toEqual([['details 9'], ['details 9'], []]);
    // The third worker, started after the second died, serves the next call.
    expect(await bridge.details(1)).toEqual({ id: 1 });
  });

  it('settles `started` once a start has succeeded, not when one failed: init() then starts again', async () => {
    const { bridge, workers, health, start } = bridgeOver([{ initSteps: 1000 }, { initSteps: 1000 }, {}]);
    let settled = false;
    void bridge.started.then(() => (settled = true));
    const answer = start();
    await until(() => workers.length === 1);
    workers[0]!.die('first');
    await until(() => workers.length === 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    workers[1]!.die('second');
    await expect(answer).rejects.toThrow('The recommender stopped: second');
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    // The page's "Try again": the bridge had given up, so a new worker starts.
    expect(await start()).toEqual({ itemCount: 3 });
    await bridge.started;
    expect(workers).toHaveLength(3);
    expect(health.map((h) => h.state)).toEqual(['restarting', 'failed', 'restarting', 'running']);
  });

  it('gives up when the replacement dies before it has started: calls fail at once, restart() tries again', async () => {
    const { bridge, workers, health, start } = bridgeOver([{ detailsMs: 10_000 }, { initSteps: 1000 }, {}]);
    await start();
    const asked = bridge.details(4);
    await until(() => workers[0]!.asked.length === 1);
    workers[0]!.die('first');
    await until(() => workers.length === 2);
    workers[1]!.die('second');
    await expect(asked).rejects.toThrow('The recommender stopped: second');
    await expect(bridge.details(4)).rejects.toThrow('The recommender stopped: second');
    expect(health.map((h) => h.state)).toEqual(['restarting', 'failed']);
    await bridge.restart();
    expect(health.at(-1)).toEqual({ state: 'running' });
    expect(await bridge.details(4)).toEqual({ id: 4 });
    expect(workers).toHaveLength(3);
  });
});

describe('RecommenderBridge when workers keep dying after they started', () => {
  it('stops replacing them after a few within a minute, and restart() tries again', async () => {
    const { bridge, workers, health, start } = bridgeOver([]);
    await start();
    for (let k = 0; k < 4; k++) {
      const count = workers.length;
      workers.at(-1)!.die(`error ${k}`);
      // Each replacement has started (the bridge heard its answer) before it dies in turn.
      if (k < 3) await until(() => workers.length === count + 1 && health.at(-1)?.state === 'running');
    }
    await until(() => health.at(-1)?.state === 'failed');
    expect(workers).toHaveLength(4);
    expect(health.at(-1)).toEqual({ state: 'failed', reason: 'error 3' });
    await bridge.restart();
    expect(await bridge.details(2)).toEqual({ id: 2 });
  });
});

describe('RecommenderBridge while a start waits on the download', () => {
  /** The start-up limit far beyond the test's own timeout: only the download limit can catch a dead worker here. */
  const DOWNLOAD_WATCH = { ...WATCH, stuckWhileStartingMs: 10 * 60_000, deadWhileDownloadingMs: 400 };

  const overDownload = (behaviours: Behaviour[]) => bridgeOver(behaviours, DOWNLOAD_WATCH);

  it('replaces a worker that dies during the download after the short limit, not the start-up one', async () => {
    const { bridge, workers, health } = overDownload([{ initSteps: 2, initPhase: 'download', initHangs: true }, {}]);
    const progress: InitProgress[] = [];
    expect(await bridge.init((p) => progress.push(p))).toEqual({ itemCount: 3 });
    expect(workers.map((w) => w.inits)).toEqual([1, 1]);
    expect(progress.map((p) => p.phase)).toEqual(['download', 'download']);
    expect(health).toEqual([
      { state: 'restarting', reason: expect.stringMatching(/^it did not respond for \d+ s$/) as string },
      { state: 'running' },
    ]);
  });

  it('keeps a worker that waits on a slow download as long as it answers its pings', async () => {
    const waitMs = 3 * DOWNLOAD_WATCH.deadWhileDownloadingMs;
    const { bridge, workers, health } = overDownload([{ initSteps: 1, initPhase: 'download', initWaitMs: waitMs }]);
    expect(await bridge.init(() => {})).toEqual({ itemCount: 3 });
    expect(workers).toHaveLength(1);
    expect(health).toEqual([]);
  });

  it('gives a worker that said it computes (fit) the start-up limit, though it answers no ping meanwhile', async () => {
    const waitMs = 3 * DOWNLOAD_WATCH.deadWhileDownloadingMs;
    const { bridge, workers } = overDownload([{ initSteps: 1, initPhase: 'fit', initWaitMs: waitMs, pings: false }]);
    expect(await bridge.init(() => {})).toEqual({ itemCount: 3 });
    expect(workers).toHaveLength(1);
  });
});

describe('RecommenderBridge after a start that failed', () => {
  it('starts again on the next init(), on the same worker, and settles `started` only then', async () => {
    const { bridge, workers, health, start } = bridgeOver([{ initFailures: 1 }]);
    let settled = false;
    void bridge.started.then(() => (settled = true));
    await expect(start()).rejects.toThrow('start 1 failed');
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect(await start()).toEqual({ itemCount: 3 });
    await bridge.started;
    expect(workers.map((w) => w.inits)).toEqual([2]);
    expect(health).toEqual([]);
    // A start that succeeded is joined, not run again.
    expect(await start()).toEqual({ itemCount: 3 });
    expect(workers.map((w) => w.inits)).toEqual([2]);
  });

  it('rejects a start still under way when the bridge is terminated, instead of leaving it waiting', async () => {
    const { bridge, workers, start } = bridgeOver([{ initSteps: 1000 }]);
    const answer = start();
    await until(() => workers.length === 1 && workers[0]!.inits === 1);
    bridge.terminate();
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
  });
});
