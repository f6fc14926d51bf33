/**
 * npm run bench:model -- SNAPSHOT_FILE: what a model-mode snapshot (written by `npm run snapshot` or the build) costs
 * the device, in Node: its size, gunzip + decode, the engine's load (nothing fitted), and for a new user with 5, 20
 * and 200 ratings the fold-in + ranking of every item (iALS alone and the blend), the whole recommend() with stars
 * and reasons, the MF stars, similar items, p50 / p95 over many profiles; and the engine's memory.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ModelEngine } from '../engine/model-mode/model-engine.ts';
import { mulberry32 } from '../engine/numeric/random.ts';
import { decodeSnapshotParts } from '../engine/snapshot/codec.ts';
import { both, percentiles, randomProfile, time } from './bench-timing.ts';
import { fail, parseCli } from './cli-args.ts';

const {
  positionals: { SNAPSHOT_FILE: path },
} = parseCli({
  name: 'bench:model',
  command: 'npm run bench:model --',
  about:
    'What a model-mode snapshot costs the device, in Node: size, decode, load, fold-in and ranking p50/p95 for\n' +
    'new users with 5, 20 and 200 ratings, recommend() with stars and reasons, similar items, memory.',
  positionals: [{ name: 'SNAPSHOT_FILE', help: 'a model-mode snapshot-<hash>.bin (npm run snapshot)', path: 'file' }],
  flags: {},
});
const rows: [string, string, string][] = [];
const row = (what: string, value: string, note = ''): void => void rows.push([what, value, note]);

const file = new Uint8Array(readFileSync(path));
const decoded = time(() => decodeSnapshotParts(gunzipSync(file)));
const { dataset, models, tuning } = decoded.value;
if (!models) fail(`${path} is a ratings-mode snapshot: the device fits it (npm run bench times that)`);
row(
  'snapshot',
  `${(file.length / 1024).toFixed(0)} KB`,
  `${dataset.itemIds.length} items, k ${models.ials.options.factors}`,
);
row('gunzip + decode', both(decoded));
const loaded = time(() => ModelEngine.fromSnapshot(dataset, models, tuning));
const engine = loaded.value;
row('engine load (content vectors built, nothing fitted)', both(loaded));

const counts = dataset.ratingSummary!.counts;
const total = counts.reduce((s, c) => s + c, 0);
const rng = mulberry32(7);
for (const n of [5, 20, 200]) {
  const profiles = Array.from({ length: 60 }, () => randomProfile(n, rng, counts, total));
  row(`iALS fold-in + rank all, ${n} ratings`, ...percentiles(profiles, (p) => engine.scores(p, 'ials')));
  row(`blend fold-in + rank all, ${n} ratings`, ...percentiles(profiles, (p) => engine.scores(p, 'blend')));
  row(`recommend(20) with stars and reasons, ${n} ratings`, ...percentiles(profiles, (p) => engine.recommend(p)));
}
const items = Array.from({ length: 60 }, () => Math.floor(rng() * dataset.itemIds.length));
row('similar(10)', ...percentiles(items, (i) => engine.similar(i, 10)));
global.gc?.();
row(
  'heap used after load',
  `${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  'the decoded snapshot and engine',
);

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`model-mode snapshot ${path} (Node ${process.version}; wall times, CPU beside them)`);
for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value}${note ? `  (${note})` : ''}`);
