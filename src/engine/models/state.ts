/** Reading ModelState back with checks, so a stale or foreign cache entry fails loudly instead of predicting junk. */
import { ShapeError, type ModelState } from '../model-contracts.ts';

export function stateNumber(state: ModelState, key: string): number {
  const v = state[key];
  if (typeof v !== 'number') throw new ShapeError(`model state: "${key}" should be a number, got ${typeof v}`);
  return v;
}

export function stateString(state: ModelState, key: string): string {
  const v = state[key];
  if (typeof v !== 'string') throw new ShapeError(`model state: "${key}" should be a string, got ${typeof v}`);
  return v;
}

type ArrayCtor<T> = { new (n: number): T; name: string };

export function stateArray<T extends Float32Array | Float64Array | Int32Array | Uint32Array | Int8Array | Uint16Array>(
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
  return v as T;
}

/** Check that a state belongs to the model loading it. */
export function expectModel(state: ModelState, name: string): void {
  const got = stateString(state, 'model');
  if (got !== name) throw new ShapeError(`model state is for "${got}", not "${name}"`);
}

/** Copy a sub-model's state into a parent state under a key prefix ("knn.sims"), and back. */
export function withPrefix(prefix: string, state: ModelState): ModelState {
  const out: ModelState = {};
  for (const [k, v] of Object.entries(state)) out[`${prefix}.${k}`] = v;
  return out;
}

export function withoutPrefix(prefix: string, state: ModelState): ModelState {
  const out: ModelState = {};
  const p = `${prefix}.`;
  for (const [k, v] of Object.entries(state)) if (k.startsWith(p)) out[k.slice(p.length)] = v;
  return out;
}
