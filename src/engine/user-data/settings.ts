/**
 * The app's settings, declared once: each key's shape gives both its type and its check. Imports are refused when a
 * setting does not fit; a stored value that does not fit (written by an older version or a bad import) is read as
 * its default, field by field, with a notice for the user, so a view never breaks on it.
 */
import type { Algorithm, RecommendSort } from '../recommend-types.ts';
import {
  boolean,
  INVALID,
  number,
  object,
  oneOf,
  onSteps,
  string,
  arrayOf,
  fieldPath,
  show,
  withDefault,
  type Infer,
} from '../validation/shape.ts';

/** A Record, so that adding an Algorithm without listing it here fails to compile. */
const ALGORITHMS: Record<Algorithm, true> = {
  blend: true,
  itemknn: true,
  mf: true,
  ease: true,
  ials: true,
  popularity: true,
};

/** A Record, like ALGORITHMS. */
const SORTS: Record<RecommendSort, true> = { top: true, predicted: true, newest: true, popular: true };

/** Genre names and the like: longer than any dataset's, far shorter than a hostile file's. */
const MAX_NAME = 200;

const PREFS = object({
  // 'content' was offered until its list proved unusable alone (content stays a part of the blend).
  algorithm: withDefault(oneOf(Object.keys(ALGORITHMS) as Algorithm[], { content: 'blend' }), 'blend'),
  /** How For you orders its list (recommend-types.ts RecommendSort); prefs saved before it existed read 'top'. */
  sort: withDefault(oneOf(Object.keys(SORTS) as RecommendSort[]), 'top'),
  /** 0 = pure relevance … 1 = strongly diverse. */
  diversity: withDefault(number('a number', onSteps(0, 1, 0.01)), 0.2),
  /** -1 = obscure … +1 = popular. */
  popularity: withDefault(number('a number', onSteps(-1, 1, 0.01)), 0),
  /** '' = every genre. */
  genre: withDefault(string(MAX_NAME), ''),
  /** First year of a decade, 0 = any. */
  decade: withDefault(
    number('a number', (n) =>
      n === 0 || (Number.isInteger(n) && n % 10 === 0 && n > 0 && n < 10_000)
        ? null
        : 'is not the first year of a decade (or 0 for any)',
    ),
    0,
  ),
});

const ONBOARDING = object({
  /** Finished or skipped: the home view no longer opens with the genre picker. */
  done: withDefault(boolean, false),
  genres: withDefault(arrayOf(string(MAX_NAME), { maxLength: 1000 }), []),
});

/** Every setting, by the key it is stored under. An import may carry any of them; unknown keys are refused. */
export const SETTINGS = object({ recommendationPrefs: PREFS, onboarding: ONBOARDING }, { partial: true });

export type Prefs = Infer<typeof PREFS>;
export type Onboarding = Infer<typeof ONBOARDING>;
export type Settings = { [K in keyof typeof SETTINGS.fields]: Infer<(typeof SETTINGS.fields)[K]> };
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SETTINGS.fields) as SettingKey[];

/** A fresh copy of a setting's default: every field of a setting has one. */
export function defaultSetting<K extends SettingKey>(key: K): Settings[K] {
  return SETTINGS.fields[key].check({}, key, () => {}) as Settings[K];
}

export const DEFAULT_PREFS: Readonly<Prefs> = defaultSetting('recommendationPrefs');

/**
 * A stored setting as the app can use it. Each field that does not fit is replaced by its default (all of them
 * when the value is not even an object), with a notice naming what was replaced and why. Missing fields (a
 * setting saved before they existed) take their default silently; fields this version does not know are dropped.
 */
export function readSetting<K extends SettingKey>(
  key: K,
  stored: unknown,
): { value: Settings[K]; notice: string | null } {
  const shape = SETTINGS.fields[key];
  const value = defaultSetting(key) as Record<string, unknown>;
  const problems: string[] = [];
  const report = (path: string, message: string) => problems.push(`${path}: ${message}`);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    if (stored !== undefined) report(key, `expected ${shape.expected}, got ${show(stored)}`);
  } else {
    for (const [name, field] of Object.entries(shape.fields)) {
      if (!Object.hasOwn(stored, name)) continue;
      const x = field.check((stored as Record<string, unknown>)[name], fieldPath(key, name), report);
      if (x !== INVALID) value[name] = x;
    }
  }
  if (problems.length === 0) return { value: value as Settings[K], notice: null };
  const listed = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  return {
    value: value as Settings[K],
    notice: `A saved setting could not be used, so its default is back in place: ${listed}`,
  };
}

/** Every setting, each usable, and a notice for each one that had to be put back to its default. */
export interface SettingsRead {
  settings: Settings;
  notices: string[];
}

/** Every setting as the app can use it (readSetting), from the stored values by key. */
export function readSettings(stored: ReadonlyMap<SettingKey, unknown>): SettingsRead {
  const settings = {} as Record<SettingKey, unknown>;
  const notices: string[] = [];
  for (const key of SETTING_KEYS) {
    const { value, notice } = readSetting(key, stored.get(key));
    settings[key] = value;
    if (notice !== null) notices.push(notice);
  }
  return { settings: settings as Settings, notices };
}

/**
 * The settings an import changed: those whose value as the app reads it (readSetting) differs between the stored
 * values before and after. Re-importing one's own export changes none; a replacing import that drops a setting
 * changes it back to its default.
 */
export function changedSettings(
  before: ReadonlyMap<SettingKey, unknown>,
  after: ReadonlyMap<SettingKey, unknown>,
): SettingKey[] {
  // readSetting builds each value field by field in the declared order, so equal settings give equal text.
  const read = (stored: ReadonlyMap<SettingKey, unknown>, key: SettingKey) =>
    JSON.stringify(readSetting(key, stored.get(key)).value);
  return SETTING_KEYS.filter((key) => read(before, key) !== read(after, key));
}
