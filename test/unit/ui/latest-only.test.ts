import { describe, expect, it } from 'vitest';
import { SUPERSEDED, latestOnly } from '../../../src/ui/latest-only.ts';

/** A fake slow worker call: records what it was asked and resolves when the test says so. */
function controllableRun() {
  const calls: number[] = [];
  const finishers: Array<() => void> = [];
  const run = (n: number) =>
    new Promise<string>((resolve) => {
      calls.push(n);
      finishers.push(() => resolve(`result ${n}`));
    });
  return { calls, finishers, run };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('latestOnly', () => {
  it('passes a lone call straight through', async () => {
    const { calls, finishers, run } = controllableRun();
    const call = latestOnly(run);
    const p = call(1);
    finishers[0]!();
    await expect(p).resolves.toBe('result 1');
    expect(calls).toEqual([1]);
  });

  it('runs only the running call and the newest of ten rapid calls, and supersedes the rest', async () => {
    const { calls, finishers, run } = controllableRun();
    const call = latestOnly(run);
    const answers = Array.from({ length: 10 }, (_, i) => call(i + 1));
    expect(calls).toEqual([1]);
    finishers[0]!();
    await tick();
    expect(calls).toEqual([1, 10]);
    finishers[1]!();
    const settled = await Promise.all(answers);
    expect(settled.slice(0, 9).every((a) => a === SUPERSEDED)).toBe(true);
    expect(settled[9]).toBe('result 10');
  });

  it('supersedes the running call when a newer one arrives, even though it finishes first', async () => {
    const { finishers, run } = controllableRun();
    const call = latestOnly(run);
    const first = call(1);
    const second = call(2);
    finishers[0]!();
    await expect(first).resolves.toBe(SUPERSEDED);
    await tick();
    finishers[1]!();
    await expect(second).resolves.toBe('result 2');
  });

  it('delivers the newest call’s error and keeps working afterwards', async () => {
    let fail = true;
    const call = latestOnly(async (n: number) => {
      if (fail) throw new Error(`boom ${n}`);
      return n;
    });
    await expect(call(1)).rejects.toThrow('boom 1');
    fail = false;
    await expect(call(2)).resolves.toBe(2);
  });

  it('rejects a waiting call its caller aborts, at once, and never runs it', async () => {
    const { calls, finishers, run } = controllableRun();
    const call = latestOnly(run);
    const first = call(1);
    const aborting = new AbortController();
    const second = call(2, aborting.signal);
    aborting.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    finishers[0]!();
    await expect(first).resolves.toBe(SUPERSEDED);
    await tick();
    expect(calls).toEqual([1]);
  });

  it('rejects the running call its caller aborts at once, and starts the next only when it has finished', async () => {
    const { calls, finishers, run } = controllableRun();
    const call = latestOnly(run);
    const aborting = new AbortController();
    const first = call(1, aborting.signal);
    aborting.abort(new Error('left the view'));
    await expect(first).rejects.toThrow('left the view');
    const second = call(2);
    await tick();
    expect(calls).toEqual([1]);
    finishers[0]!();
    await tick();
    expect(calls).toEqual([1, 2]);
    finishers[1]!();
    await expect(second).resolves.toBe('result 2');
  });
});
