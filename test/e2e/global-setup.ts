import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../../src/cli/serve.ts';
import { buildApp, newRunDir } from '../../src/cli/browser/build-app.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's scratch folder for builds; removed when the run ends. */
    runDir: string;
    /** The production build every e2e test runs against. */
    distDir: string;
    /** dist/ served at the root of a localhost origin, e.g. http://127.0.0.1:41234/ */
    rootUrl: string;
    /** The same dist/ served under a sub-path, e.g. http://127.0.0.1:41235/matinee/ */
    subPathUrl: string;
  }
}

export const BUILD_ID = 'e2e-1';

/** Builds once for the whole e2e run (from a clean checkout too), then serves the build at / and under /matinee/. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = newRunDir('run');
  const distDir = join(runDir, BUILD_ID);
  await buildApp(distDir, BUILD_ID);
  const root = await startStaticServer({ root: distDir, basePath: '/' });
  const subPath = await startStaticServer({ root: distDir, basePath: '/matinee/' });
  project.provide('runDir', runDir);
  project.provide('distDir', distDir);
  project.provide('rootUrl', root.url);
  project.provide('subPathUrl', subPath.url);
  return async () => {
    await Promise.all([root.close(), subPath.close()]);
    await rm(runDir, { recursive: true, force: true });
  };
}
