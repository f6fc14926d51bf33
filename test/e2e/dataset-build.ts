import { join, resolve } from 'node:path';
import { startStaticServer, type StaticServer } from '../../src/cli/serve.ts';
import { buildApp } from '../../src/cli/browser/build-app.ts';

/**
 * Builds the app on another dataset folder (the snapshot plugin reads DATASET) into its own folder under the run's
 * scratch folder, and serves it at / of a new origin. A separate build, not a switch in one: the dataset, its
 * noun and its rating scale are baked into the bundle.
 */
export async function buildAndServeDataset(runDir: string, datasetDir: string): Promise<StaticServer> {
  const label = datasetDir.split(/[\\/]/).filter(Boolean).at(-1) ?? 'dataset';
  const outDir = join(runDir, `dataset-${label}`);
  // buildApp hands process.env to the build synchronously, before its first await: set DATASET just around that.
  const previous = process.env.DATASET;
  process.env.DATASET = resolve(datasetDir);
  let building: Promise<void>;
  try {
    building = buildApp(outDir, `e2e-${label}`);
  } finally {
    if (previous === undefined) delete process.env.DATASET;
    else process.env.DATASET = previous;
  }
  await building;
  return startStaticServer({ root: outDir, basePath: '/' });
}
