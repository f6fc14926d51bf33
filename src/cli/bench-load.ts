/**
 * npm run bench:load (flags: --help): time and memory of loading one dataset folder (DATASET, default the bundled
 * MovieLens) into a validated Dataset: the files' sizes, wall and CPU time, the arrays' size and the process's
 * peak RSS. Run once per process, since peak RSS only grows. `--stream` loads through Node streams with progress.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { DATASET_FILES, loadDatasetFolder, streamDatasetFolder } from '../pipeline/dataset-folder.ts';
import type { Dataset } from '../engine/dataset/dataset.ts';
import { parseCli } from './cli-args.ts';

const {
  values: { stream: viaStreams },
  dataset: dir,
} = parseCli({
  name: 'bench:load',
  command: 'npm run bench:load --',
  about: 'Time and peak memory of loading the DATASET folder into a validated Dataset (one load per process).',
  dataset: true,
  flags: { stream: { type: 'boolean', help: 'load through Node streams, with progress on stderr' } },
});
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

let fileBytes = 0;
for (const name of DATASET_FILES) {
  try {
    fileBytes += statSync(join(dir, name)).size;
  } catch {
    // an optional file that is not there
  }
}

const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let lastReport = 0;
const dataset: Dataset = viaStreams
  ? await streamDatasetFolder(dir, (p) => {
      const now = performance.now();
      if (now - lastReport < 2000) return;
      lastReport = now;
      process.stderr.write(`  ${p.file}: ${((100 * p.bytesRead) / p.totalBytes).toFixed(0)}%\n`);
    })
  : loadDatasetFolder(dir);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);

let arrayBytes = 0;
for (const value of Object.values(dataset)) if (ArrayBuffer.isView(value)) arrayBytes += value.byteLength;

const rows: [string, string][] = [
  ['dataset', `${dataset.manifest.name} (${dir})`],
  ['files', mb(fileBytes)],
  [
    'users / items / ratings / tags',
    [dataset.userIds, dataset.itemIds, dataset.ratingItems, dataset.tagItems].map((a) => a.length).join(' / '),
  ],
  [
    `load (${viaStreams ? 'streamDatasetFolder' : 'loadDatasetFolder'})`,
    `${(wall / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
  ],
  ['typed arrays of the Dataset', mb(arrayBytes)],
  ['RSS before / after', `${mb(rssBefore)} / ${mb(process.memoryUsage().rss)}`],
  ['peak RSS (maxRSS)', mb(resourceUsage().maxRSS * 1024)],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`bench:load, Node ${process.version}`);
for (const [what, value] of rows) console.log(`${what.padEnd(width)}  ${value}`);
