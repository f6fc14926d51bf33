/**
 * Shapes: one declaration per field that both checks an untrusted value (an imported file, a stored setting) and
 * gives its TypeScript type (`Infer`). Every problem is reported with its JSON path ("ratings[3].value"), in the
 * import messages' two forms: "expected …, got …" for a value of the wrong type, "<value> is not …" for a value out
 * of range. A check walks only as deep as the shape itself and builds its result from the declared fields alone, so
 * a value nested 100,000 levels deep costs no more than a flat one, and no undeclared field is ever kept.
 */

import { isOnScale } from '../dataset/manifest.ts';
import { fieldPath, show } from '../dataset/json-path.ts';

export { fieldPath, show } from '../dataset/json-path.ts';

/** Receives each problem: where (a JSON path) and what. */
export type Report = (path: string, message: string) => void;

/** The result of a failed check (undefined is a valid value of some shapes). */
export const INVALID: unique symbol = Symbol('invalid');

export interface Shape<T> {
  /** What a valid value is, for messages: "a string". */
  readonly expected: string;
  /** The same in the plural, for an array of them: "strings". */
  readonly many: string;
  /** The value as T (a fresh copy for objects and arrays), or INVALID after reporting every problem. */
  check(value: unknown, path: string, report: Report): T | typeof INVALID;
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

type Fields = Record<string, Shape<unknown>>;

/** A shape whose fields are known: lets a caller check or replace one field at a time. */
export interface ObjectShape<F extends Fields, T> extends Shape<T> {
  readonly fields: F;
}

function wrongType(report: Report, path: string, expected: string, v: unknown): typeof INVALID {
  report(path, `expected ${expected}, got ${show(v)}`);
  return INVALID;
}

/**
 * A finite number; `problem` says why one is out of range ("is not on the scale 1 to 5"), or null when it is fine.
 * JSON has no NaN or Infinity, but a stored value may.
 */
export function number(expected: string, problem: (n: number) => string | null = () => null): Shape<number> {
  return {
    expected,
    many: `entries, each ${expected}`,
    check(v, path, report) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return wrongType(report, path, expected, v);
      const p = problem(v);
      if (p === null) return v;
      report(path, `${show(v)} ${p}`);
      return INVALID;
    },
  };
}

/**
 * "is not from 0 to 1 in steps of 0.01", for number(). A step keeps every valid value printable without an
 * exponent, so an export never holds a number its own importer refuses.
 */
export const onSteps = (min: number, max: number, step: number) => (n: number) =>
  isOnScale(n, { min, max, step }) ? null : `is not from ${min} to ${max} in steps of ${step}`;

export const boolean: Shape<boolean> = {
  expected: 'true or false',
  many: 'booleans',
  check: (v, path, report) => (typeof v === 'boolean' ? v : wrongType(report, path, 'true or false', v)),
};

/** A string of at most maxLength UTF-16 units. */
export function string(maxLength: number): Shape<string> {
  return {
    expected: 'a string',
    many: 'strings',
    check(v, path, report) {
      if (typeof v !== 'string') return wrongType(report, path, 'a string', v);
      if (v.length <= maxLength) return v;
      report(path, `a string of ${v.length} characters is longer than ${maxLength}`);
      return INVALID;
    },
  };
}

/**
 * One of a few strings. `retired` maps values an older version wrote (and may still be stored or in an export) to
 * the value that took their place, so a name the app dropped reads as its successor instead of being refused.
 */
export function oneOf<const T extends string>(
  values: readonly T[],
  retired: Readonly<Record<string, NoInfer<T>>> = {},
): Shape<T> {
  const expected = `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
  return {
    expected,
    many: `strings, each ${expected}`,
    check: (v, path, report) => {
      if (values.includes(v as T)) return v as T;
      if (typeof v === 'string' && Object.hasOwn(retired, v)) return retired[v]!;
      if (typeof v !== 'string') return wrongType(report, path, expected, v);
      report(path, `${show(v)} is not ${expected}`);
      return INVALID;
    },
  };
}

export interface ArrayOptions<T> {
  /** More entries than this are refused before any is read. */
  maxLength: number;
  /** Entries must differ in this field: `${field} ${value} is ${verb} twice (first at …)`. */
  unique?: { field: keyof T & string; verb: string };
}

export function arrayOf<T>(item: Shape<T>, options: ArrayOptions<T>): Shape<T[]> {
  const expected = `an array of ${item.many}`;
  return {
    expected,
    many: `arrays of ${item.many}`,
    check(v, path, report) {
      if (!Array.isArray(v)) return wrongType(report, path, expected, v);
      if (v.length > options.maxLength) {
        report(path, `an array of ${v.length} is longer than ${options.maxLength}`);
        return INVALID;
      }
      const out: T[] = [];
      const firstAt = new Map<unknown, number>();
      let ok = true;
      for (let i = 0; i < v.length; i++) {
        const at = `${path}[${i}]`;
        const x = item.check(v[i], at, report);
        if (x === INVALID) {
          ok = false;
          continue;
        }
        if (options.unique) {
          const { field, verb } = options.unique;
          const key = x[field];
          const first = firstAt.get(key);
          if (first !== undefined) {
            report(fieldPath(at, field), `${field} ${show(key)} is ${verb} twice (first at ${path}[${first}])`);
            ok = false;
            continue;
          }
          firstAt.set(key, i);
        }
        out.push(x);
      }
      return ok ? out : INVALID;
    },
  };
}

/** A field that may be missing: the default (a fresh copy) stands in for it. */
export function withDefault<T>(shape: Shape<T>, fallback: T): Shape<T> & { readonly fallback: T } {
  return { ...shape, fallback };
}

const fallbackOf = (s: Shape<unknown>): { value: unknown } | null =>
  'fallback' in s ? { value: structuredClone(s.fallback) } : null;

interface ObjectOptions {
  /** 'refuse' (the default): an undeclared field is a problem. 'ignore': it is skipped (never kept either way). */
  extra?: 'refuse' | 'ignore';
  /** Every field may be missing (and then stays missing): for a set of optional entries such as the settings. */
  partial?: boolean;
}

export function object<F extends Fields>(
  fields: F,
  options: ObjectOptions & { partial: true },
): ObjectShape<F, { [K in keyof F]?: Infer<F[K]> }>;
export function object<F extends Fields>(
  fields: F,
  options?: ObjectOptions & { partial?: false },
): ObjectShape<F, { [K in keyof F]: Infer<F[K]> }>;
export function object<F extends Fields>(fields: F, options: ObjectOptions = {}): ObjectShape<F, unknown> {
  const names = Object.keys(fields);
  const expected = `an object {${names.join(', ')}}`;
  return {
    fields,
    expected,
    many: `objects {${names.join(', ')}}`,
    check(v, path, report) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrongType(report, path, expected, v);
      const o = v as Record<string, unknown>;
      // A plain object built field by field: a key such as "__proto__" in the input can never reach its prototype.
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const name of names) {
        const shape = fields[name]!;
        const at = fieldPath(path, name);
        if (!Object.hasOwn(o, name)) {
          const fallback = fallbackOf(shape);
          if (fallback) out[name] = fallback.value;
          else if (!options.partial) {
            report(at, `missing (expected ${shape.expected})`);
            ok = false;
          }
          continue;
        }
        const x = shape.check(o[name], at, report);
        if (x === INVALID) ok = false;
        else out[name] = x;
      }
      if (options.extra !== 'ignore') {
        for (const key of Object.keys(o)) {
          if (Object.hasOwn(fields, key)) continue;
          report(fieldPath(path, key), `unknown field (expected ${names.join(', ')})`);
          ok = false;
        }
      }
      return ok ? out : INVALID;
    },
  };
}
