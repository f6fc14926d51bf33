/** Argument checks shared by both stores: bad ids or values are refused before anything is written. */
import type { UserData } from '../engine/user-data/user-data.ts';
import {
  changedSettings,
  readSetting,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
  type Settings,
} from '../engine/user-data/settings.ts';
import { INVALID, type Shape } from '../engine/validation/shape.ts';
import { checksum } from './checksum.ts';
import { StoreError } from './errors.ts';
import type { ImportMode } from './user-store.ts';

export function checkItem(item: number, action: string): void {
  if (!Number.isInteger(item) || item <= 0 || item > 0x7fffffff) {
    throw new StoreError('invalid', action, `item must be a positive whole number (an external id), got ${item}`);
  }
}

export function checkTime(time: number, action: string): void {
  if (!Number.isFinite(time) || time < 0) {
    throw new StoreError('invalid', action, `time must be ms since 1970 (a number ≥ 0), got ${time}`);
  }
}

export function checkValue(value: number, action: string): void {
  if (!Number.isFinite(value)) throw new StoreError('invalid', action, `rating must be a finite number, got ${value}`);
}

/** The value as the shape checked it (a fresh copy holding only declared fields), or a StoreError saying where. */
function checked<T>(shape: Shape<T>, value: unknown, path: string, action: string): T {
  const problems: string[] = [];
  const out = shape.check(value, path, (at, message) => problems.push(`${at}: ${message}`));
  if (out === INVALID) throw new StoreError('invalid', action, problems.slice(0, 3).join('; '));
  return out;
}

/** A setting the app is about to save, checked as an import would check it. */
export function checkSetting<K extends SettingKey>(key: K, value: Settings[K], action: string): Settings[K] {
  return checked(SETTINGS.fields[key] as Shape<Settings[K]>, value, key, action);
}

/** Checks data to import; returns the settings to write (checked copies). */
export function checkUserData(data: UserData, action: string): Partial<Settings> {
  for (const r of data.ratings) {
    checkItem(r.item, action);
    checkValue(r.value, action);
    checkTime(r.time, action);
  }
  for (const e of [...data.watchlist, ...data.hidden]) {
    checkItem(e.item, action);
    checkTime(e.added, action);
  }
  return checked(SETTINGS, data.settings, 'settings', action);
}

/** The stored settings of known keys (others are ignored), from a database's keys and values. */
export function knownSettings(keys: readonly IDBValidKey[], values: readonly unknown[]): Map<SettingKey, unknown> {
  const known = new Map<SettingKey, unknown>();
  keys.forEach((k, i) => {
    if (SETTING_KEYS.includes(k as SettingKey)) known.set(k as SettingKey, values[i]);
  });
  return known;
}

/** The settings an export carries: each one stored, as the app reads it. */
export function exportedSettings(stored: ReadonlyMap<SettingKey, unknown>): Partial<Settings> {
  return Object.fromEntries([...stored].map(([key, value]) => [key, readSetting(key, value).value]));
}

export const byItem = <T extends { item: number }>(a: T, b: T) => a.item - b.item;

/** checksum() of a model state, its errors (cyclic or non-cloneable state) reported as StoreError. */
export function stateChecksum(state: unknown, action: string): number {
  try {
    return checksum(state);
  } catch (e) {
    throw new StoreError('invalid', action, (e as Error).message, { cause: e });
  }
}

/** The settings an import of `incoming` changes, given those stored before it (a replacing import clears them). */
export function settingsChangedBy(
  before: ReadonlyMap<SettingKey, unknown>,
  incoming: Partial<Settings>,
  mode: ImportMode,
): SettingKey[] {
  const after = new Map(mode === 'replace' ? [] : before);
  for (const [key, value] of Object.entries(incoming)) after.set(key as SettingKey, value);
  return changedSettings(before, after);
}
