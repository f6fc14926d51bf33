import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { RecommenderBridge, SUPERSEDED } from '../../../src/ui/bridge.ts';
import type { ProfileEntries, RecommendRequest } from '../../../src/engine/catalog/types.ts';

/** A stand-in worker on a real MessageChannel, speaking Comlink like the real one; recommend takes 30 ms. */
function fakeWorker() {
  const channel = new MessageChannel();
  const seen: number[] = [];
  const api = {
    async recommend(profile: ProfileEntries, _request: RecommendRequest) {
      seen.push(profile.length);
      await new Promise((r) => setTimeout(r, 30));
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
  return { worker, seen, isTerminated: () => terminated };
}

let bridge: RecommenderBridge | null = null;
afterEach(() => bridge?.terminate());

describe('RecommenderBridge', () => {
  it('creates the worker only when first needed', async () => {
    let created = 0;
    const fake = fakeWorker();
    bridge = new RecommenderBridge(() => (created++, fake.worker));
    expect(created).toBe(0);
    await bridge.search(['heat', 5]);
    await bridge.search(['heat', 5]);
    expect(created).toBe(1);
  });

  it('sends a burst of ten recommend requests as at most two worker calls and answers only the newest', async () => {
    const fake = fakeWorker();
    bridge = new RecommenderBridge(() => fake.worker);
    const profiles = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: k + 1 }, (_, j) => ({ id: j, value: 4 })),
    );
    const answers = await Promise.all(profiles.map((p) => bridge!.recommend([p, { limit: 5 }])));
    expect(fake.seen).toEqual([1, 10]);
    expect(answers.slice(0, 9).every((a) => a === SUPERSEDED)).toBe(true);
    const last = answers[9]!;
    expect(last === SUPERSEDED ? null : last.length).toBe(10);
  });

  it('fails init instead of waiting forever when the worker dies on start', async () => {
    const channel = new MessageChannel();
    const target = new EventTarget();
    const worker = Object.assign(target, {
      postMessage: (m: unknown) => channel.port2.postMessage(m),
      terminate: () => channel.port2.close(),
    }) as unknown as Worker;
    bridge = new RecommenderBridge(() => worker);
    const init = bridge.init(() => {});
    const error = new Event('error');
    Object.assign(error, { message: 'Uncaught SyntaxError' });
    target.dispatchEvent(error);
    await expect(init).rejects.toThrow('The recommender stopped: Uncaught SyntaxError');
  });

  it('terminates the worker and starts a fresh one on the next call', async () => {
    const fakes = [fakeWorker(), fakeWorker()];
    let k = 0;
    bridge = new RecommenderBridge(() => fakes[k++]!.worker);
    await bridge.search(['a', 1]);
    bridge.terminate();
    expect(fakes[0]!.isTerminated()).toBe(true);
    expect(await bridge.search(['abc', 2])).toEqual([{ id: 3, title: 'abc', year: 2, genres: [] }]);
    expect(k).toBe(2);
  });
});
