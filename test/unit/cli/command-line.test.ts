/**
 * The CLIs' shared command line (src/cli/cli-args.ts), run as a user runs them: --help prints the usage and every
 * flag with its default; a bad flag or value is refused before any work, in one line naming it, with exit code 2.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'matinee-cli-args-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs src/cli/<file> with the arguments; `env` adds to the environment (DATASET). */
function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `src/cli/${file}`, ...args],
      { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => done({ status: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

/** Refused as a bad command line: exit 2, nothing printed to stdout (no work began), one line naming `what`. */
function expectRefused(result: Run, prefix: string, what: string): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${prefix}: `));
  expect(lines[0]).toContain(what);
}

describe.concurrent('--help', () => {
  it.each([
    ['build-snapshot.ts', 'usage: npm run snapshot -- [OUT_DIR] [options]', '--confidence C', 'default: stars'],
    ['bench-browser.ts', 'usage: npm run bench:browser -- [options]', '--runs N', 'default: 1'],
  ])('%s prints its usage and each flag with its default, and exits 0', async (file, usage, flag, note) => {
    const result = await run(file, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(usage);
    expect(lines.find((l) => l.trimStart().startsWith(flag))).toContain(note);
  });
});

// Issue 18, cases 9 and 10: these ran the whole build and fit, then ended in a stack trace.
describe.concurrent('npm run snapshot refuses a bad command line before it reads or fits anything', () => {
  const out = join(work, 'snapshot-out');

  it.each([
    [['--alpha', 'Infinity'], '--alpha must be a finite number ≥ 0, got "Infinity"'],
    [['--item-factors', work, '--alpha', '1', '--reg-param', '1e999'], '--reg-param must be a finite number'],
  ])('%j', async (args, message) => {
    expectRefused(await run('build-snapshot.ts', [out, ...args]), 'snapshot', message);
    expect(existsSync(out)).toBe(false);
  });

  it('a DATASET folder that is not there', async () => {
    const missing = join(work, 'no-such-dataset');
    const result = await run('build-snapshot.ts', [out], { DATASET: missing });
    expectRefused(result, 'snapshot', `dataset folder not found: ${missing}`);
    expect(existsSync(out)).toBe(false);
  });

  it('an output path that is a file, which stays as it was', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'keep me');
    expectRefused(await run('build-snapshot.ts', [file]), 'snapshot', `OUT_DIR ${file} is a file, not a folder`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe.concurrent('other CLIs refuse bad values up front', () => {
  it('synth leaves an earlier dataset in its --out folder alone when the shape cannot be drawn', async () => {
    const out = mkdtempSync(join(work, 'synth-'));
    writeFileSync(join(out, 'ratings.csv'), 'userId,movieId,rating\n');
    const result = await run('synth.ts', ['--users', '5', '--items', '3', '--ratings', '100', '--out', out]);
    expectRefused(result, 'synth', '100 ratings cannot fit: 5 users × 3 items allow at most 15');
    expect(readFileSync(join(out, 'ratings.csv'), 'utf8')).toBe('userId,movieId,rating\n');
  });

  it('eval: a fold count below 2', async () => {
    expectRefused(await run('eval.ts', ['--folds', '1']), 'eval', '--folds must be a whole number ≥ 2, got "1"');
  });
});
