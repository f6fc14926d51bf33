/**
 * A worker_threads Worker running a TypeScript module. The build and its tests run under tsx, whose loader hooks a
 * worker on Node 20 does not inherit (neither through execArgv nor `--import`); tsx's tsImport loads the module
 * with its own scoped hooks instead, from an inline bootstrap.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function spawnTsWorker(module: URL): Worker {
  const tsx = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href;
  const target = JSON.stringify(module.href);
  return new Worker(`import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${target}, ${target}));`, {
    eval: true,
  });
}
