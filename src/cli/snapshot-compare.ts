/**
 * The layout comparison printed by `npm run snapshot`: each part of the dataset as the snapshot stores it next to
 * the same data in the plain layout (typed arrays and NUL-separated texts, see plain-sections.ts), both under
 * gzip -9, the fair comparison since the file is served gzipped and opened by DecompressionStream; brotli -11 for
 * information. A range coder that saves little over the plain layout does not earn its code.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Section } from '../engine/snapshot/container.ts';
import { groupOf } from '../engine/snapshot/codec.ts';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function concatenated(sections: readonly Section[]): Uint8Array {
  const out = new Uint8Array(sections.reduce((n, s) => n + s.bytes.length, 0));
  let at = 0;
  for (const s of sections) {
    out.set(s.bytes, at);
    at += s.bytes.length;
  }
  return out;
}

const gzip9 = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
const brotli11 = (bytes: Uint8Array) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** One line per part of the dataset; decode times are CPU milliseconds per part, as stored and as plain. */
export function formatLayoutComparison(
  stored: readonly Section[],
  plain: readonly Section[],
  storedMs: ReadonlyMap<string, number>,
  plainMs: ReadonlyMap<string, number>,
): string {
  const parts = [...new Set(stored.map((s) => groupOf(s.name)))];
  const of = (sections: readonly Section[], part: string) => sections.filter((s) => groupOf(s.name) === part);
  const cell = (s: string, width: number) => s.padStart(width);
  const lines = [
    `${'part'.padEnd(8)} ${'stored as'.padEnd(11)} ${cell('gzip-9', 9)} | plain: ${cell('gzip-9', 9)} ${cell('brotli-11', 9)} | ${cell('coding saves', 12)} | decode CPU ms, stored / plain`,
  ];
  let totals = [0, 0, 0];
  for (const part of parts) {
    const own = of(stored, part);
    const coded = own.some((s) => s.type === 0);
    const storedGz = gzip9(concatenated(own));
    const flat = concatenated(of(plain, part));
    const plainGz = gzip9(flat);
    const plainBr = brotli11(flat);
    totals = [totals[0]! + storedGz, totals[1]! + plainGz, totals[2]! + plainBr];
    const ms = (m: ReadonlyMap<string, number>) => (m.get(part) ?? NaN).toFixed(1);
    lines.push(
      `${part.padEnd(8)} ${(coded ? 'range coder' : 'plain').padEnd(11)} ${cell(kb(storedGz), 9)} | ${' '.repeat(7)}${cell(kb(plainGz), 9)} ${cell(kb(plainBr), 9)} | ${cell(coded ? kb(plainGz - storedGz) : '-', 12)} | ${ms(storedMs)} / ${ms(plainMs)}`,
    );
  }
  lines.push(
    `${'all'.padEnd(8)} ${''.padEnd(11)} ${cell(kb(totals[0]!), 9)} | ${' '.repeat(7)}${cell(kb(totals[1]!), 9)} ${cell(kb(totals[2]!), 9)} | ${cell(kb(totals[1]! - totals[0]!), 12)} |`,
  );
  return lines.join('\n');
}
