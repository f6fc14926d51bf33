import { describe, expect, it } from 'vitest';
import { defaultSetting, readSetting, readSettings, SETTINGS } from '../../../../src/engine/user-data/settings.ts';
import {
  arrayOf,
  boolean,
  INVALID,
  number,
  object,
  oneOf,
  onSteps,
  show,
  string,
  withDefault,
  type Shape,
} from '../../../../src/engine/validation/shape.ts';

/** Check a value; the problems as "path: message" lines, and the result. */
function run<T>(shape: Shape<T>, value: unknown, path = 'x'): { out: T | typeof INVALID; problems: string[] } {
  const problems: string[] = [];
  const out = shape.check(value, path, (p, m) => problems.push(`${p}: ${m}`));
  return { out, problems };
}

/** An array nested n levels deep, built without recursion. */
function nested(n: number): unknown[] {
  let v: unknown[] = [];
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

describe('shapes', () => {
  it('say what they expected and what they got, at the path', () => {
    expect(run(string(5), 7).problems).toEqual(['x: expected a string, got 7']);
    expect(run(string(5), 'abcdef').problems).toEqual(['x: a string of 6 characters is longer than 5']);
    expect(run(boolean, 'yes').problems).toEqual(['x: expected true or false, got "yes"']);
    expect(run(number('a number'), '4').problems).toEqual(['x: expected a number, got "4"']);
    expect(run(number('a number'), NaN).problems).toEqual(['x: expected a number, got NaN']);
    expect(run(number('a number', onSteps(0, 1, 0.01)), 1.5).problems).toEqual([
      'x: 1.5 is not from 0 to 1 in steps of 0.01',
    ]);
    expect(run(oneOf(['a', 'b']), 'c').problems).toEqual(['x: "c" is not one of "a", "b"']);
    expect(run(oneOf(['a', 'b']), 1).problems).toEqual(['x: expected one of "a", "b", got 1']);
    expect(run(oneOf(['a', 'b'], { old: 'b' }), 'old')).toEqual({ out: 'b', problems: [] });
    expect(run(oneOf(['a', 'b'], { old: 'b' }), 'older').problems).toEqual(['x: "older" is not one of "a", "b"']);
    expect(run(arrayOf(string(5), { maxLength: 3 }), 7).problems).toEqual(['x: expected an array of strings, got 7']);
    expect(run(arrayOf(string(5), { maxLength: 3 }), ['a', 2]).problems).toEqual(['x[1]: expected a string, got 2']);
  });

  it('give back valid values, as fresh copies of what they declare', () => {
    const shape = object({ a: arrayOf(string(5), { maxLength: 3 }), b: boolean });
    const input = { a: ['p', 'q'], b: true };
    const { out } = run(shape, input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect((out as typeof input).a).not.toBe(input.a);
    expect(run(number('a number', onSteps(0, 1, 0.01)), 0.29).out).toBe(0.29);
  });

  it('refuse undeclared fields, or ignore them when asked, and never keep them', () => {
    const strict = object({ a: boolean });
    expect(run(strict, { a: true, b: 1 }).problems).toEqual(['x.b: unknown field (expected a)']);
    const loose = object({ a: boolean }, { extra: 'ignore' });
    expect(run(loose, { a: true, b: 1 }).out).toEqual({ a: true });
    const polluting = JSON.parse('{"a": true, "__proto__": {"polluted": 1}}') as unknown;
    expect(run(strict, polluting).problems).toEqual(['x.__proto__: unknown field (expected a)']);
    expect(run(loose, polluting).out).toEqual({ a: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(run(strict, { a: true, 'odd key': 1 }).problems).toEqual(['x["odd key"]: unknown field (expected a)']);
  });

  it('fill a missing field with its default (a fresh copy each time), or say it is missing', () => {
    const shape = object({ list: withDefault(arrayOf(string(5), { maxLength: 3 }), []), flag: boolean });
    const first = run(shape, { flag: true }).out as { list: string[] };
    expect(first).toEqual({ list: [], flag: true });
    first.list.push('changed');
    expect(run(shape, { flag: true }).out).toEqual({ list: [], flag: true });
    expect(run(shape, {}).problems).toEqual(['x.flag: missing (expected true or false)']);
    const partial = object({ a: boolean, b: boolean }, { partial: true });
    expect(run(partial, { b: false }).out).toEqual({ b: false });
  });

  it('refuse an over-long array before reading any entry, and repeated keys where asked', () => {
    const shape = arrayOf(object({ item: number('a number') }), {
      maxLength: 3,
      unique: { field: 'item', verb: 'listed' },
    });
    expect(
      run(
        shape,
        Array.from({ length: 100_000 }, () => 'junk'),
      ).problems,
    ).toEqual(['x: an array of 100000 is longer than 3']);
    expect(run(shape, [{ item: 1 }, { item: 2 }, { item: 1 }]).problems).toEqual([
      'x[2].item: item 1 is listed twice (first at x[0])',
    ]);
  });

  it('never walk deeper than they are declared, whatever the value holds', () => {
    const deep = nested(100_000);
    expect(run(string(5), deep).problems).toEqual(['x: expected a string, got an array of 1']);
    expect(run(SETTINGS, { onboarding: { done: true, genres: deep } }).problems).toEqual([
      'x.onboarding.genres[0]: expected a string, got an array of 1',
    ]);
    expect(show(deep)).toBe('an array of 1');
    expect(show('y'.repeat(1000))).toBe(JSON.stringify('y'.repeat(40) + '…'));
  });
});

describe('settings', () => {
  const prefs = { algorithm: 'ease', sort: 'newest', diversity: 0.5, popularity: -0.25, genre: 'Drama', decade: 1990 };

  it('default to the values a new user starts with, as fresh copies', () => {
    expect(defaultSetting('recommendationPrefs')).toEqual({
      algorithm: 'blend',
      sort: 'top',
      diversity: 0.2,
      popularity: 0,
      genre: '',
      decade: 0,
    });
    const onboarding = defaultSetting('onboarding');
    expect(onboarding).toEqual({ done: false, genres: [] });
    onboarding.genres.push('Drama');
    expect(defaultSetting('onboarding').genres).toEqual([]);
  });

  it('read a stored value as it is when it fits, and a missing one as its default, without a notice', () => {
    expect(readSetting('recommendationPrefs', prefs)).toEqual({ value: prefs, notice: null });
    expect(readSetting('onboarding', undefined)).toEqual({ value: { done: false, genres: [] }, notice: null });
    // Saved before a field existed: the field takes its default; a field this version does not know is dropped.
    expect(readSetting('recommendationPrefs', { algorithm: 'mf', colour: 'red' })).toEqual({
      value: { ...defaultSetting('recommendationPrefs'), algorithm: 'mf' },
      notice: null,
    });
  });

  it('read an algorithm the app no longer offers as the one that took its place, without a notice', () => {
    expect(readSetting('recommendationPrefs', { ...prefs, algorithm: 'content' })).toEqual({
      value: { ...prefs, algorithm: 'blend' },
      notice: null,
    });
  });

  it('read each unusable field as its default, keeping the rest, with a notice naming the field and why', () => {
    const bad = readSetting('recommendationPrefs', { ...prefs, algorithm: 'evil', genre: 42, decade: 1995 });
    expect(bad.value).toEqual({ ...prefs, algorithm: 'blend', genre: '', decade: 0 });
    expect(bad.notice).toMatch(/recommendationPrefs\.algorithm: "evil" is not one of "blend", "itemknn"/);
    expect(bad.notice).toMatch(/recommendationPrefs\.genre: expected a string, got 42/);
    expect(bad.notice).toMatch(/recommendationPrefs\.decade: 1995 is not the first year of a decade/);
    const genres = readSetting('onboarding', { done: true, genres: 7 });
    expect(genres.value).toEqual({ done: true, genres: [] });
    expect(genres.notice).toMatch(/onboarding\.genres: expected an array of strings, got 7/);
    for (const junk of [null, 'dark', [1], 5]) {
      const whole = readSetting('onboarding', junk);
      expect(whole.value).toEqual({ done: false, genres: [] });
      expect(whole.notice).toMatch(/^A saved setting could not be used.*onboarding: expected an object/);
    }
  });

  it('read all settings at once, ignoring keys this version does not know', () => {
    const stored = new Map<never, unknown>([
      ['onboarding' as never, { done: true, genres: 'Drama' }],
      ['theme' as never, 'dark'],
    ]);
    const read = readSettings(stored);
    expect(read.settings).toEqual({
      recommendationPrefs: defaultSetting('recommendationPrefs'),
      onboarding: { done: true, genres: [] },
    });
    expect(read.notices).toEqual([expect.stringMatching(/onboarding\.genres/)]);
  });
});
