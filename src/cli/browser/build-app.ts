/**
 * The real production build in a child process, as the e2e tests and the browser CLIs (bench:browser, screenshots,
 * phone-figures) make it, each into a scratch folder of its own.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Where these builds go: never dist/, which other tools and people build into, and one folder per run, so two test
 * runs at once (two engineers, or a watch mode) never rebuild the files the other is serving.
 */
const E2E_BUILD_ROOT = resolve('node_modules/.cache/matinee-e2e');

export function newRunDir(label: string): string {
  return resolve(E2E_BUILD_ROOT, `${label}-${process.pid}-${Date.now().toString(36)}`);
}

export interface BuildRun {
  code: number | null;
  /** stdout and stderr together. */
  output: string;
}

/**
 * Runs the real production build (`vite build`, PWA and snapshot plugins included) into outDir and reports how it
 * ended. buildId becomes import.meta.env.VITE_BUILD_ID, so two builds with different ids are two distinct app
 * versions; `env` adds variables (DATASET) and `args` arguments (--config) for this build only.
 */
export async function runBuild(
  outDir: string,
  buildId: string,
  { env = {}, args = [] }: { env?: Record<string, string>; args?: string[] } = {},
): Promise<BuildRun> {
  const vite = resolve('node_modules/vite/bin/vite.js');
  const child = spawn(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn', ...args],
    {
      // Vitest exports NODE_ENV=test, which would make Vite build a development bundle (no service worker).
      env: { ...process.env, NODE_ENV: 'production', VITE_BUILD_ID: buildId, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('close', done);
  });
  return { code, output };
}

/** runBuild, failing unless the build succeeds. */
export async function buildApp(outDir: string, buildId: string): Promise<void> {
  const { code, output } = await runBuild(outDir, buildId);
  if (code !== 0) throw new Error(`vite build into ${outDir} failed (exit ${code}):\n${output}`);
}
