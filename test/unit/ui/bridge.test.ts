import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { SUPERSEDED, createRecommenderBridge, type RecommenderBridge } from '../../../src/ui/bridge.ts';
import type { ProfileEntries, RecommendRequest } from '../../../src/engine/catalogue/types.ts';
import { RecommenderSession } from '../../../src/worker/session.ts';

/**
 * A stand-in worker on a real MessageChannel, speaking Comlink like the real one. recommend takes 30 ms; gated, it
 * and details answer only once the test opens the gate.
 */
function fakeWorker({ gated = false } = {}) {
  const channel = new MessageChannel();
  const seen: number[] = [];
  const answered: string[] = [];
  const detailsAsked: number[] = [];
  let openGate: () => void = () => {};
  const gate = gated ? new Promise<void>((resolve) => (openGate = resolve)) : Promise.resolve();
  const api = {
    async recommend(profile: ProfileEntries, _request: RecommendRequest) {
      seen.push(profile.length);
      await gate;
      await new Promise((r) => setTimeout(r, 30));
      answered.push(`recommend ${profile.length}`);
      return profile.map((p) => ({
        id: p.id,
        title: `#${p.id}`,
        year: 0,
        genres: [],
        predicted: 3,
        score: 1,
        because: [],
      }));
    },
    async search(query: string, limit: number) {
      return [{ id: query.length, title: query, year: limit, genres: [] }];
    },
    async details(id: number) {
      detailsAsked.push(id);
      await gate;
      answered.push(`details ${id}`);
      return { id, title: `#${id}`, year: 0, genres: [] };
    },
  };
  Comlink.expose(api, channel.port1);
  let terminated = false;
  const worker = {
    postMessage: (m: unknown, t?: Transferable[]) => channel.port2.postMessage(m, t ?? []),
    addEventListener: channel.port2.addEventListener.bind(channel.port2),
    removeEventListener: channel.port2.removeEventListener.bind(channel.port2),
    start: () => channel.port2.start(),
    terminate: () => {
      terminated = true;
      channel.port1.close();
      channel.port2.close();
    },
  } as unknown as Worker;
  channel.port2.start();
  return { worker, seen, answered, detailsAsked, openGate, isTerminated: () => terminated };
}

let bridge: RecommenderBridge | null = null;
afterEach(() => bridge?.terminate());

describe('RecommenderBridge', () => {
  it('creates the worker only when first needed', async () => {
    let created = 0;
    const fake = fakeWorker();
    bridge = createRecommenderBridge({ createWorker: () => (created++, fake.worker) });
    expect(created).toBe(0);
    await bridge.search('heat', 5);
    await bridge.search('heat', 5);
    expect(created).toBe(1);
  });

  it('sends a burst of ten recommend requests as at most two worker calls and answers only the newest', async () => {
    const fake = fakeWorker();
    bridge = createRecommenderBridge({ createWorker: () => fake.worker });
    const profiles = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: k + 1 }, (_, j) => ({ id: j, value: 4 })),
    );
    const answers = await Promise.all(profiles.map((p) => bridge!.recommend(p, { limit: 5 })));
    expect(fake.seen).toEqual([1, 10]);
    expect(answers.slice(0, 9).every((a) => a === SUPERSEDED)).toBe(true);
    const last = answers[9]!;
    expect(last === SUPERSEDED ? null : last.length).toBe(10);
  });

  it('fails init instead of waiting forever when the worker dies on start, and so does the one replacing it', async () => {
    const created: EventTarget[] = [];
    bridge = createRecommenderBridge({
      createWorker: () => {
        const channel = new MessageChannel();
        const target = new EventTarget();
        created.push(target);
        return Object.assign(target, {
          postMessage: (m: unknown) => channel.port2.postMessage(m),
          terminate: () => channel.port2.close(),
        }) as unknown as Worker;
      },
    });
    const health: string[] = [];
    bridge.onHealth((h) => health.push(h.state));
    const init = bridge.init(() => {});
    for (const message of ['Uncaught SyntaxError', 'Uncaught SyntaxError again']) {
      await until(() => created.length === health.length + 1);
      created.at(-1)!.dispatchEvent(Object.assign(new Event('error'), { message }));
    }
    await expect(init).rejects.toThrow('The recommender stopped: Uncaught SyntaxError again');
    expect(health).toEqual(['restarting', 'failed']);
  });

  it("offers one call per method of the worker's session, and no other", () => {
    bridge = createRecommenderBridge({ createWorker: () => fakeWorker().worker });
    const methods = Object.getOwnPropertyNames(RecommenderSession.prototype).filter((name) => name !== 'constructor');
    const calls = Object.entries(bridge).filter(([, value]) => typeof value === 'function');
    expect(calls.map(([name]) => name).sort()).toEqual(methods.sort());
  });

  it('terminates the worker and starts a fresh one on the next call', async () => {
    const fakes = [fakeWorker(), fakeWorker()];
    let k = 0;
    bridge = createRecommenderBridge({ createWorker: () => fakes[k++]!.worker });
    await bridge.search('a', 1);
    bridge.terminate();
    expect(fakes[0]!.isTerminated()).toBe(true);
    expect(await bridge.search('abc', 2)).toEqual([{ id: 3, title: 'abc', year: 2, genres: [] }]);
    expect(k).toBe(2);
  });
});

/** Resolves once the fake worker has got that far (Comlink's messages take a few event-loop turns). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}

describe('RecommenderBridge cancellation', () => {
  it('rejects an aborted call at once with an AbortError while the worker is still on it, and drops its answer', async () => {
    const fake = fakeWorker({ gated: true });
    bridge = createRecommenderBridge({ createWorker: () => fake.worker });
    const calls = new AbortController();
    const asked = bridge.details(6, calls.signal);
    await until(() => fake.detailsAsked.length === 1);
    calls.abort();
    await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.answered).toEqual([]);
    fake.openGate();
    expect(await bridge.details(7)).toEqual({ id: 7, title: '#7', year: 0, genres: [] });
    expect(fake.answered).toEqual(['details 6', 'details 7']);
    await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sends nothing for a call whose signal is already aborted', async () => {
    const fake = fakeWorker();
    bridge = createRecommenderBridge({ createWorker: () => fake.worker });
    await expect(bridge.details(6, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    await expect(bridge.recommend([], { limit: 5 }, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    // Messages arrive in order: had either been sent, the worker would have seen it before this one.
    await bridge.details(7);
    expect(fake.detailsAsked).toEqual([7]);
    expect(fake.seen).toEqual([]);
  });

  it('answers a superseded recommend with SUPERSEDED at once, before the worker has finished it', async () => {
    const fake = fakeWorker({ gated: true });
    bridge = createRecommenderBridge({ createWorker: () => fake.worker });
    const first = bridge.recommend([{ id: 1, value: 4 }], { limit: 5 });
    await until(() => fake.seen.length === 1);
    const second = bridge.recommend(
      [
        { id: 1, value: 4 },
        { id: 2, value: 3 },
      ],
      { limit: 5 },
    );
    expect(await first).toBe(SUPERSEDED);
    expect(fake.answered).toEqual([]);
    fake.openGate();
    expect(await second).toHaveLength(2);
    expect(fake.seen).toEqual([1, 2]);
  });

  it('never sends a latest-only call its caller aborted while it waited its turn', async () => {
    const fake = fakeWorker();
    bridge = createRecommenderBridge({ createWorker: () => fake.worker });
    const first = bridge.recommend([{ id: 1, value: 4 }], { limit: 5 });
    const calls = new AbortController();
    const second = bridge.recommend(
      [
        { id: 1, value: 4 },
        { id: 2, value: 3 },
      ],
      { limit: 5 },
      calls.signal,
    );
    calls.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(await first).toBe(SUPERSEDED);
    expect(await bridge.recommend([], { limit: 5 })).toEqual([]);
    expect(fake.seen).toEqual([1, 0]);
  });

  it('rejects the calls still waiting when the worker is terminated', async () => {
    const fake = fakeWorker({ gated: true });
    bridge = createRecommenderBridge({ createWorker: () => fake.worker });
    const asked = bridge.details(6);
    await until(() => fake.detailsAsked.length === 1);
    bridge.terminate();
    await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
  });
});
