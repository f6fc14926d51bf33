/**
 * npm run synth -- --users N --items M --ratings R --out DIR [--seed S] [--scale 0.5:5:0.5] [--noun movie] [--tags T]
 * Writes a synthetic dataset folder in MovieLens layout (see data/README.md), file by file as it is drawn, and
 * prints what it made: sizes, time, and how skewed popularity and activity came out.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_FILES } from '../pipeline/dataset-folder.ts';
import { synthesize, type SynthFile } from '../engine/synth/synthesize.ts';
import type { SynthOptions } from '../engine/synth/world.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    users: { type: 'string' },
    items: { type: 'string' },
    ratings: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    scale: { type: 'string' },
    noun: { type: 'string' },
    tags: { type: 'string' },
  },
  strict: true,
});

function count(name: 'users' | 'items' | 'ratings' | 'tags' | 'seed'): number | undefined {
  const raw = args[name];
  if (raw === undefined) return undefined;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(n)) fail(`--${name} ${raw}: expected a whole number`);
  return n;
}

function scale(raw: string | undefined): SynthOptions['scale'] {
  if (raw === undefined) return undefined;
  const parts = raw.split(':').map(Number);
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x)))
    fail(`--scale ${raw}: expected min:max:step, e.g. 1:10:1`);
  return { min: parts[0]!, max: parts[1]!, step: parts[2]! };
}

const users = count('users');
const items = count('items');
const ratings = count('ratings');
if (users === undefined || items === undefined || ratings === undefined || !args.out)
  fail(
    'usage: npm run synth -- --users N --items M --ratings R --out DIR [--seed S] [--scale 0.5:5:0.5] [--noun movie] [--tags T]',
  );
const out = resolve(args.out);
const options: SynthOptions = {
  users,
  items,
  ratings,
  seed: count('seed'),
  scale: scale(args.scale),
  noun: args.noun,
  tags: count('tags'),
};

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
  fail((e as Error).message);
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
