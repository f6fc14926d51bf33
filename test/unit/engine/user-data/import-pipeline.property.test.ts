/**
 * Random JSON shapes through the whole JSON import, as the app runs it: parse and validate the file, then write it
 * to a store already holding data. A file is either refused with an ImportError whose every issue names a JSON path,
 * leaving the store exactly as it was, or everything it stores is something the app can use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, parseExportJson } from '../../../../src/engine/user-data/export-format.ts';
import { ImportError } from '../../../../src/engine/user-data/import-error.ts';
import type { UserData } from '../../../../src/engine/user-data/user-data.ts';
import { MemoryStore } from '../../../../src/store/memory-store.ts';
import { openUserStore } from '../../../../src/store/open-store.ts';
import type { UserStore } from '../../../../src/store/user-store.ts';
import { ALGORITHMS, implausibleTime, SORTS, validUserData } from './arbitraries.ts';
import { tinyDataset } from './tiny-dataset.ts';
import '../../store/helpers.ts';

const d = tinyDataset();
const DAY = 86_400_000;

/** Values no field of an export may hold, mixed with ones that some fields may. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  implausibleTime,
  fc.constantFrom(7, 42, 4.25, -1, 0, 0.5, 5, 1995, 'evil', '', '4', 'Drama', null, true, [], {}, [7], ['Drama']),
  fc.constantFrom(...d.itemIds, 999_999, 0x7fffffff + 1),
  fc.integer({ min: 17, max: 200 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown),
  fc.string({ maxLength: 300 }),
);

type Json = Record<string, unknown> | unknown[];
interface Slot {
  parent: Json;
  key: string | number;
  path: string;
}

/** Every place in a JSON document a value sits, with its path. */
function slots(v: unknown, path = ''): Slot[] {
  if (typeof v !== 'object' || v === null) return [];
  const out: Slot[] = [];
  for (const [key, child] of Object.entries(v)) {
    const k = Array.isArray(v) ? Number(key) : key;
    const p = Array.isArray(v) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    out.push({ parent: v as Json, key: k, path: p }, ...slots(child, p));
  }
  return out;
}

type Mutation = { at: number; op: string; value: unknown; name: string };

/** One change to a valid export: a value replaced, a field deleted, or an unknown field added. */
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'replace', 'delete', 'add'),
  value: hostile,
  name: fc.constantFrom('theme', 'extra', '__proto__', 'item', 'genres', ''),
});

/** Apply a mutation; returns the path of the field it touched. */
function mutate(doc: Record<string, unknown>, m: Mutation): string {
  const all = slots(doc);
  const slot = all[m.at % all.length]!;
  const parent = slot.parent as Record<string | number, unknown>;
  if (m.op === 'delete' && !Array.isArray(parent)) delete parent[slot.key];
  else if (m.op === 'add' && typeof parent[slot.key] === 'object' && parent[slot.key] !== null) {
    Object.defineProperty(parent[slot.key], m.name, {
      value: m.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else parent[slot.key] = m.value;
  return slot.path;
}

/** What the app needs of stored data, checked here by hand, not by the code under test. */
function expectUsable(data: UserData, now: number): void {
  const okTime = (t: number) => t === 0 || (Number.isInteger(t) && t >= Date.UTC(1995, 0, 1) && t <= now + DAY);
  const items = new Set(d.itemIds);
  for (const r of data.ratings) {
    expect(items.has(r.item)).toBe(true);
    expect(r.value >= 0.5 && r.value <= 5 && Number.isInteger(r.value * 2)).toBe(true);
    expect(okTime(r.time)).toBe(true);
  }
  for (const e of [...data.watchlist, ...data.hidden]) {
    expect(items.has(e.item)).toBe(true);
    expect(okTime(e.added)).toBe(true);
  }
  expect(Object.keys(data.settings).every((k) => k === 'onboarding' || k === 'recommendationPrefs')).toBe(true);
  const { onboarding, recommendationPrefs: p } = data.settings;
  if (onboarding) {
    expect(Object.keys(onboarding).sort()).toEqual(['done', 'genres']);
    expect(typeof onboarding.done).toBe('boolean');
    expect(Array.isArray(onboarding.genres) && onboarding.genres.every((g) => typeof g === 'string')).toBe(true);
  }
  if (p) {
    expect(Object.keys(p).sort()).toEqual(['algorithm', 'decade', 'diversity', 'genre', 'popularity', 'sort']);
    expect(ALGORITHMS).toContain(p.algorithm);
    expect(SORTS).toContain(p.sort);
    expect(p.diversity >= 0 && p.diversity <= 1 && p.popularity >= -1 && p.popularity <= 1).toBe(true);
    expect(typeof p.genre).toBe('string');
    expect(Number.isInteger(p.decade) && p.decade % 10 === 0).toBe(true);
  }
}

/** Every issue names a JSON path; with `touched` (the one field changed), that field, a parent or a child. */
function expectPathsNamed(e: unknown, touched: string | null): void {
  expect(e).toBeInstanceOf(ImportError);
  const issues = (e as ImportError).issues;
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) expect(i.field).toMatch(/^[A-Za-z_$[]/);
  if (touched === null) return;
  const top = touched.split(/[.[]/)[0]!;
  expect(issues.some((i) => i.field.split(/[.[]/)[0] === top)).toBe(true);
}

/** Import `text` into `store` as the app does; checks the outcome either way. */
async function importChecked(store: UserStore, text: string, touched: string | null, mode: 'merge' | 'replace') {
  const now = Date.now();
  const before = await store.exportAll();
  let data: UserData;
  try {
    data = parseExportJson(text, d, now);
  } catch (e) {
    expectPathsNamed(e, touched);
    expect(await store.exportAll()).toEqual(before);
    return;
  }
  expectUsable(data, now);
  // Validated data is always storable: the store's own checks agree with the importer's.
  await store.importAll(data, mode);
  expectUsable(await store.exportAll(), now);
  expect((await store.readSettings()).notices).toEqual([]);
}

const docOf = (data: UserData) => JSON.parse(JSON.stringify(buildExport(data, 'Tiny'))) as Record<string, unknown>;

describe('JSON import of random shapes, through to the store', () => {
  it('refuses with a JSON path and changes nothing, or stores only usable values (memory store)', async () => {
    await fc.assert(
      fc.asyncProperty(
        validUserData(d),
        validUserData(d),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('merge', 'replace') as fc.Arbitrary<'merge' | 'replace'>,
        async (held, file, mutations, mode) => {
          const store = new MemoryStore();
          await store.importAll(held, 'replace');
          const doc = docOf(file);
          const touched = mutations.map((m) => mutate(doc, m));
          // With several changes, any one of them may be the one named.
          await importChecked(store, JSON.stringify(doc), mutations.length === 1 ? touched[0]! : null, mode);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the same through IndexedDB, where the import is one transaction', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(validUserData(d), validUserData(d), mutation, async (held, file, m) => {
        const store = await openUserStore({ name: `pipeline-${++n}`, channel: null, storage: null });
        try {
          await store.importAll(held, 'replace');
          const doc = docOf(file);
          const touched = mutate(doc, m);
          await importChecked(store, JSON.stringify(doc), touched, 'replace');
        } finally {
          store.close();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('whole random documents are refused with a path, or usable', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            format: fc.constant('matinee-export'),
            version: fc.constant(1),
            ratings: fc.oneof(hostile, fc.array(fc.dictionary(fc.constantFrom('item', 'value', 'time'), hostile))),
            watchlist: hostile,
            hidden: hostile,
            settings: fc.oneof(
              hostile,
              fc.dictionary(
                fc.constantFrom('onboarding', 'recommendationPrefs', 'theme'),
                fc.dictionary(
                  fc.constantFrom('done', 'genres', 'algorithm', 'sort', 'diversity', 'genre', 'decade'),
                  hostile,
                ),
              ),
            ),
          },
          { requiredKeys: ['format', 'version'] },
        ),
        (doc) => {
          const now = Date.now();
          try {
            expectUsable(parseExportJson(JSON.stringify(doc), d, now), now);
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
            for (const i of (e as ImportError).issues) expect(i.field).toMatch(/^[A-Za-z_$[]/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
