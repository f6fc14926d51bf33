import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { runBuild } from '../../src/cli/browser/build-app.ts';

// Issue 11, case 5: a failed build wrote sw.js and workbox-*.js, precaching files that were not there. Now any
// failure leaves the output folder as it was (atomic-out-dir.ts): absent, or the previous build, whole. No browser.
// Issue 18, case 10: a missing DATASET folder ended the build in a stack trace.

/** Every file under a folder with its contents, or null when there is no folder. */
function contents(dir: string): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = readFileSync(path, 'base64');
  }
  return out;
}

/** Staging folders of unfinished builds left beside the output folder. */
function leftovers(outDir: string): string[] {
  return readdirSync(dirname(outDir)).filter((name) => name.startsWith(`.${basename(outDir)}.partial-`));
}

/** What an earlier, good build left: the failed one must not touch it. */
function previousBuild(outDir: string): void {
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><title>previous build</title>');
  writeFileSync(join(outDir, 'sw.js'), '// the previous build’s service worker');
  writeFileSync(join(outDir, 'assets', 'snapshot-previous.bin'), new Uint8Array([1, 2, 3]));
}

test('a dataset the app cannot serve (no ratings) fails the build naming the file, and writes nothing', async () => {
  const dir = join(inject('runDir'), 'build-failure');
  const dataset = join(dir, 'no-ratings');
  cpSync('test/fixtures/board-games', dataset, { recursive: true });
  writeFileSync(join(dataset, 'ratings.csv'), 'userId,movieId,rating,timestamp\n');

  const absent = join(dir, 'absent');
  const kept = join(dir, 'kept');
  previousBuild(kept);
  const before = contents(kept);
  for (const outDir of [absent, kept]) {
    const run = await runBuild(outDir, 'no-ratings', { env: { DATASET: dataset } });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('ratings.csv:1: no ratings');
    expect(leftovers(outDir)).toEqual([]);
  }
  expect(contents(absent)).toBeNull();
  expect(contents(kept)).toEqual(before);
});

test('a DATASET folder that is not there stops the build in one line, before any work, and writes nothing', async () => {
  const dir = join(inject('runDir'), 'build-failure');
  const missing = join(dir, 'no-such-dataset');
  const outDir = join(dir, 'missing-dataset');
  mkdirSync(dir, { recursive: true });
  const run = await runBuild(outDir, 'missing-dataset', { env: { DATASET: missing } });
  expect(run.code).not.toBe(0);
  expect(run.output).toContain(`dataset folder not found: ${missing} (set DATASET to a folder`);
  // The message alone, as npm run snapshot prints it: no stack, and nothing built before it.
  expect(run.output).not.toMatch(/^\s+at /m);
  expect(contents(outDir)).toBeNull();
  expect(leftovers(outDir)).toEqual([]);
});

test('a plugin failing at the very end, after the service worker was generated, leaves the previous build', async () => {
  const outDir = join(inject('runDir'), 'build-failure', 'late');
  previousBuild(outDir);
  const before = contents(outDir);
  const run = await runBuild(outDir, 'fail-late', {
    env: { DATASET: 'test/fixtures/board-games' },
    args: ['--config', 'test/e2e/fail-late.vite.config.ts'],
  });
  expect(run.code).not.toBe(0);
  expect(run.output).toContain('fail-late: closeBundle failed on purpose (sw.js was generated)');
  expect(contents(outDir)).toEqual(before);
  expect(leftovers(outDir)).toEqual([]);
});
