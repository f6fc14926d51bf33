/**
 * Reading a ModelState back with checks, so a stale, foreign or damaged cache entry fails loudly (and is rebuilt)
 * instead of predicting junk: every number a model loads is finite, every array has the length the model expects.
 */
import { ShapeError, type ModelState, type StateArray } from './model-contracts.ts';

export function stateNumber(state: ModelState, key: string): number {
  const v = state[key];
  if (typeof v !== 'number') throw new ShapeError(`model state: "${key}" should be a number, got ${typeof v}`);
  if (!Number.isFinite(v)) throw new ShapeError(`model state: "${key}" is not a finite number (${v})`);
  return v;
}

export function stateString(state: ModelState, key: string): string {
  const v = state[key];
  if (typeof v !== 'string') throw new ShapeError(`model state: "${key}" should be a string, got ${typeof v}`);
  return v;
}

/** A part's own state, kept under its name by the model made of it. */
export function stateObject(state: ModelState, key: string): ModelState {
  const v = state[key];
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v))
    throw new ShapeError(`model state: "${key}" should be a part's state`);
  return v;
}

type ArrayCtor<T> = { new (n: number): T; name: string };

/** A typed array of the state; floating-point ones must hold finite values only. */
export function stateArray<T extends StateArray>(
  state: ModelState,
  key: string,
  ctor: ArrayCtor<T>,
  length?: number,
): T {
  const v = state[key];
  if (!(v instanceof (ctor as unknown as typeof Float32Array)))
    throw new ShapeError(`model state: "${key}" should be a ${ctor.name}`);
  if (length !== undefined && v.length !== length)
    throw new ShapeError(`model state: "${key}" should have length ${length}, got ${v.length}`);
  const array = v as StateArray;
  if (array instanceof Float32Array || array instanceof Float64Array) {
    for (let i = 0; i < array.length; i++)
      if (!Number.isFinite(array[i]!)) throw new ShapeError(`model state: "${key}"[${i}] is not finite (${array[i]})`);
  }
  return array as T;
}

/** Check that a state belongs to the model loading it. */
export function expectModel(state: ModelState, name: string): void {
  const got = stateString(state, 'model');
  if (got !== name) throw new ShapeError(`model state is for "${got}", not "${name}"`);
}
