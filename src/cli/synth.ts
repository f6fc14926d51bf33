/**
 * npm run synth -- --users N --items M --ratings R --out DIR (flags: --help)
 * Writes a synthetic dataset folder in MovieLens layout (see data/README.md), file by file as it is drawn, and
 * prints what it made: sizes, time, and how skewed popularity and activity came out.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATASET_FILES } from '../pipeline/dataset-folder.ts';
import { synthesize, type SynthFile } from '../engine/synth/synthesize.ts';
import { SYNTH_DEFAULTS, synthSettings, type SynthOptions } from '../engine/synth/world.ts';
import { fail, parseCli } from './cli-args.ts';

const { values: args } = parseCli({
  name: 'synth',
  command: 'npm run synth --',
  about: 'Writes a synthetic dataset folder in the MovieLens layout (data/README.md) and prints what it made.',
  flags: {
    users: { type: 'number', value: 'N', integer: true, min: 1, required: true, help: 'users' },
    items: { type: 'number', value: 'M', integer: true, min: 1, required: true, help: 'items' },
    ratings: { type: 'number', value: 'R', integer: true, min: 1, required: true, help: 'ratings, exactly' },
    out: { type: 'string', value: 'DIR', path: 'out-dir', required: true, help: 'the folder to write' },
    seed: { type: 'number', value: 'S', integer: true, min: 0, default: SYNTH_DEFAULTS.seed, help: 'random seed' },
    scale: {
      type: 'string',
      value: 'MIN:MAX:STEP',
      default: `${SYNTH_DEFAULTS.scale.min}:${SYNTH_DEFAULTS.scale.max}:${SYNTH_DEFAULTS.scale.step}`,
      help: 'the rating scale, e.g. 1:10:1',
    },
    noun: { type: 'string', value: 'NOUN', default: SYNTH_DEFAULTS.noun, help: '"movie" gives MovieLens genres' },
    tags: { type: 'number', value: 'T', integer: true, min: 0, default: SYNTH_DEFAULTS.tags, help: 'rows of tags.csv' },
  },
});

function scale(raw: string): SynthOptions['scale'] {
  const parts = raw.split(':').map(Number);
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x)))
    fail(`--scale must be min:max:step, e.g. 1:10:1, got "${raw}"`);
  return { min: parts[0]!, max: parts[1]!, step: parts[2]! };
}

/** Fails with the engine's own message, which names synth already. */
function refuse(e: unknown): never {
  fail((e as Error).message.replace(/^synth: /, ''));
}

const out = resolve(args.out);
const { users, items, ratings, seed, noun, tags } = args;
const options: SynthOptions = { users, items, ratings, seed, noun, tags, scale: scale(args.scale) };
try {
  // Checked before the folder is touched: its files from an earlier run stay until there is something to write.
  synthSettings(options);
} catch (e) {
  refuse(e);
}

mkdirSync(out, { recursive: true });
// A file from an earlier run (tags.csv when this one writes none) must not mix with this dataset.
for (const name of DATASET_FILES) rmSync(join(out, name), { force: true });
const files = new Map<SynthFile, number>();
const t0 = performance.now();
let summary;
try {
  summary = synthesize(options, (file, bytes) => {
    let fd = files.get(file);
    if (fd === undefined) files.set(file, (fd = openSync(join(out, file), 'w')));
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
  });
} catch (e) {
  refuse(e);
} finally {
  for (const fd of files.values()) closeSync(fd);
}
const seconds = (performance.now() - t0) / 1000;

const sorted = (a: Int32Array) => Int32Array.from(a).sort();
const share = (counts: Int32Array, fraction: number) => {
  const s = sorted(counts).reverse();
  let top = 0;
  for (let k = 0; k < Math.max(1, Math.round(fraction * s.length)); k++) top += s[k]!;
  return ((100 * top) / summary.ratings).toFixed(1) + '%';
};
const spread = (counts: Int32Array) => {
  const s = sorted(counts);
  return `min ${s[0]}, median ${s[s.length >> 1]}, max ${s[s.length - 1]}`;
};
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
console.log(`synth: wrote ${out} in ${seconds.toFixed(1)} s`);
for (const [file, bytes] of Object.entries(summary.bytes)) console.log(`  ${file.padEnd(13)} ${mb(bytes)}`);
console.log(`  ${summary.users} users, ${summary.items} items, ${summary.ratings} ratings, ${summary.tags} tags`);
console.log(
  `  ratings per item: ${spread(summary.itemCounts)}; top 1% of items hold ${share(summary.itemCounts, 0.01)}`,
);
console.log(
  `  ratings per user: ${spread(summary.userCounts)}; top 1% of users hold ${share(summary.userCounts, 0.01)}`,
);
