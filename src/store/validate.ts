/** Argument checks shared by both stores: bad ids or values are refused before anything is written. */
import type { UserData } from '../engine/import/user-data.ts';
import { checksum } from './checksum.ts';
import { StoreError } from './errors.ts';

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

export function checkUserData(data: UserData, action: string): void {
  for (const r of data.ratings) {
    checkItem(r.item, action);
    checkValue(r.value, action);
    checkTime(r.time, action);
  }
  for (const e of [...data.watchlist, ...data.hidden]) {
    checkItem(e.item, action);
    checkTime(e.added, action);
  }
  if (typeof data.settings !== 'object' || data.settings === null) {
    throw new StoreError('invalid', action, 'settings must be an object');
  }
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
