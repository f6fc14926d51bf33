/**
 * Figures for the import and store side (not a test: it prints, it does not judge).
 *   npx tsx src/cli/bench-import.ts
 * - title matching: every MovieLens title rewritten the way Letterboxd/IMDb write it ("Matrix, The (1999)" →
 *   "The Matrix", alternative titles dropped) and matched back: how many find their own item, and how fast;
 * - checksum throughput on a model-sized state;
 * - JSON export/import and a store import of 2,000 ratings (fake-indexeddb in Node: relative figures only).
 */
import 'fake-indexeddb/auto';
import { exportJson, parseExportJson } from '../engine/user-data/export-format.ts';
import { importLetterboxd } from '../engine/user-data/letterboxd.ts';
import { buildTitleIndex } from '../engine/user-data/title-match.ts';
import { csvField } from '../engine/dataset/csv.ts';
import { splitTitleYear } from '../engine/text/normalize-title.ts';
import { checksum } from '../store/checksum.ts';
import { openUserStore } from '../store/open-store.ts';
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { parseCli } from './cli-args.ts';

const { dataset: dir } = parseCli({
  name: 'bench:import',
  command: 'npm run bench:import --',
  about: 'Figures for the import and store side: title matching, checksums, JSON export/import, a store import.',
  dataset: true,
  flags: {},
});

const ms = (t0: number) => (performance.now() - t0).toFixed(1) + ' ms';

/** "Matrix, The (a.k.a. X) (1999)" → "The Matrix": what another service shows for a MovieLens title. */
function asOtherServicesWriteIt(title: string): string {
  let t = splitTitleYear(title).title;
  for (let m = /\s*\([^()]*\)\s*$/.exec(t); m && m.index > 0; m = /\s*\([^()]*\)\s*$/.exec(t)) t = t.slice(0, m.index);
  const moved = /^(.*), (The|A|An|La|Le|Les|L'|Il|El|Das|Die|Der)$/.exec(t);
  return moved ? (moved[2]!.endsWith("'") ? moved[2]! + moved[1]! : `${moved[2]} ${moved[1]}`) : t;
}

const dataset = loadDatasetFolder(dir);
let t0 = performance.now();
buildTitleIndex(dataset);
console.log(`title index over ${dataset.titles.length} titles: ${ms(t0)}`);

const rows = dataset.titles.map(
  (title, i) => `2020-01-01,${csvField(asOtherServicesWriteIt(title))},${dataset.years[i] || ''},,4`,
);
const letterboxd = ['Date,Name,Year,Letterboxd URI,Rating', ...rows].join('\n');
t0 = performance.now();
const result = importLetterboxd(letterboxd, dataset);
const elapsed = ms(t0);
let self = 0;
for (const m of result.matched) if (dataset.itemIds[m.row - 2] === m.item) self++;
const n = dataset.titles.length;
console.log(
  `Letterboxd-style import of all ${n} titles: ${elapsed}; ${self} matched their own item (${((100 * self) / n).toFixed(1)}%), ` +
    `${result.matched.length - self} another item, ${result.unmatched.length} unmatched`,
);
const reasons = new Map<string, number>();
for (const u of result.unmatched) {
  const r = u.reason.replace(/\d+/g, 'N');
  reasons.set(r, (reasons.get(r) ?? 0) + 1);
}
for (const [r, c] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  unmatched: ${c} × ${r}`);

// The same with each title that has an alternative given as its original-language title, as IMDb's "Original
// Title" column would ("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)" → "Le Fabuleux destin d'Amélie Poulain").
const alternatives: string[] = [];
const alternativeOf: number[] = [];
dataset.titles.forEach((title, i) => {
  const m = /\(([^()]*)\)\s*\(\d{4}\)\s*$/.exec(title);
  if (!m || /^a\.k\.a\./i.test(m[1]!)) return;
  alternatives.push(`2020-01-01,${csvField(asOtherServicesWriteIt(m[1]! + ' (0000)'))},${dataset.years[i] || ''},,4`);
  alternativeOf.push(i);
});
const altResult = importLetterboxd(['Date,Name,Year,Letterboxd URI,Rating', ...alternatives].join('\n'), dataset);
let altSelf = 0;
for (const m of altResult.matched) if (dataset.itemIds[alternativeOf[m.row - 2]!] === m.item) altSelf++;
console.log(
  `by alternative title (${alternatives.length} titles): ${altSelf} matched their own item ` +
    `(${((100 * altSelf) / alternatives.length).toFixed(1)}%), ${altResult.matched.length - altSelf} another item, ` +
    `${altResult.unmatched.length} unmatched`,
);

const state = { factors: new Float32Array(9742 * 64), bias: new Float32Array(9742), ids: dataset.itemIds };
for (let i = 0; i < state.factors.length; i++) state.factors[i] = Math.sin(i);
const bytes = state.factors.byteLength + state.bias.byteLength + state.ids.byteLength;
t0 = performance.now();
for (let k = 0; k < 5; k++) checksum(state);
const per = (performance.now() - t0) / 5;
console.log(
  `checksum of a ${(bytes / 1e6).toFixed(1)} MB model state: ${per.toFixed(1)} ms (${(bytes / 1e3 / per).toFixed(0)} MB/s)`,
);

const ratings = Array.from({ length: 2000 }, (_, i) => ({
  item: dataset.itemIds[i]!,
  value: 0.5 + (i % 10) / 2,
  time: 1_600_000_000_000 + i,
}));
const data = { ratings, watchlist: [], hidden: [], settings: { onboarding: { done: true, genres: ['Drama'] } } };
t0 = performance.now();
const text = exportJson(data, dataset.manifest.name);
const tExport = ms(t0);
t0 = performance.now();
parseExportJson(text, dataset);
console.log(`JSON export of 2,000 ratings: ${tExport} (${(text.length / 1e3).toFixed(0)} kB); validate: ${ms(t0)}`);

const store = await openUserStore({ channel: null, storage: null });
t0 = performance.now();
await store.importAll(data, 'merge');
const tImport = ms(t0);
t0 = performance.now();
await store.getRatings();
console.log(`store import of 2,000 ratings in one transaction (fake-indexeddb): ${tImport}; read back: ${ms(t0)}`);
store.close();
