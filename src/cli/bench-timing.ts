/** What the benches share: wall and CPU time of a call, percentiles over many calls, and new users to time. */
import type { Profile } from '../engine/model-contracts.ts';

export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** Wall and CPU milliseconds of f. CPU time (this process only) stays honest when other work shares the cores. */
export function time<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms: wall, cpuMs: (c.user + c.system) / 1000 };
}

export const both = (t: { ms: number; cpuMs: number }): string => `${ms(t.ms)} (CPU ${ms(t.cpuMs)})`;

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** p50 and p95 of `run` over `inputs` (after a few warm-up calls for the JIT), wall and CPU. */
export function percentiles<T>(inputs: T[], run: (input: T) => unknown, reps = 3): [string, string] {
  for (const input of inputs.slice(0, 5)) run(input);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let rep = 0; rep < reps; rep++)
    for (const input of inputs) {
      const t = time(() => run(input));
      wall.push(t.ms);
      cpu.push(t.cpuMs);
    }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return [
    `p50 ${ms(quantile(wall, 0.5))}`,
    `p95 ${ms(quantile(wall, 0.95))}; CPU p50 ${ms(quantile(cpu, 0.5))} p95 ${ms(quantile(cpu, 0.95))}`,
  ];
}

/** A new user's profile: `n` distinct items drawn in proportion to popularity, ratings 0.5..5. */
export function randomProfile(n: number, rng: () => number, counts: ArrayLike<number>, total: number): Profile {
  const chosen = new Set<number>();
  while (chosen.size < n) {
    let r = rng() * total;
    let j = 0;
    while (j < counts.length - 1 && r >= counts[j]!) r -= counts[j++]!;
    chosen.add(j);
  }
  const items = Int32Array.from(chosen);
  return { items, values: Float32Array.from(items, () => 0.5 * (1 + Math.floor(rng() * 10))) };
}
