import { afterEach, describe, expect, it } from 'vitest';
import { checksum } from '../../../src/store/checksum.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { openUserStore } from '../../../src/store/open-store.ts';
import { openMatineeDB } from '../../../src/store/schema.ts';
import { modelCacheKey, type UserStore } from '../../../src/store/user-store.ts';
import { uniqueChannel } from './helpers.ts';

function modelState() {
  const factors = new Float32Array(64 * 50);
  for (let i = 0; i < factors.length; i++) factors[i] = Math.sin(i);
  return { kind: 'ease', itemIds: Int32Array.from([1, 2, 3, 47]), factors, meta: { lambda: 250, rank: 64 } };
}

describe('checksum', () => {
  it('is equal for equal data, whatever the key order or the typed array’s buffer offset', () => {
    const a = { x: new Float32Array([1, 2, 3]), y: 'z' };
    const buffer = new Float32Array([9, 1, 2, 3]).buffer;
    const b = { y: 'z', x: new Float32Array(buffer, 4, 3) };
    expect(checksum(a)).toBe(checksum(b));
    expect(checksum(structuredClone(modelState()))).toBe(checksum(modelState()));
    // An unaligned view hashes like a fresh copy of its bytes (IndexedDB gives copies back at offset 0).
    const odd = new Uint8Array([7, 1, 2, 3, 4, 5, 6, 7, 8]).subarray(1);
    expect(checksum(odd)).toBe(checksum(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])));
  });

  it('changes when one byte of a typed array changes, or the array type or shape does', () => {
    const s = modelState();
    const base = checksum(s);
    const bytes = new Uint8Array(s.factors.buffer);
    bytes[1000] = bytes[1000]! ^ 1;
    expect(checksum(s)).not.toBe(base);
    expect(checksum([new Int32Array([1, 2])])).not.toBe(checksum([new Uint32Array([1, 2])]));
    const tail = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const tailBase = checksum(tail);
    tail[5] = 7;
    expect(checksum(tail)).not.toBe(tailBase);
    expect(checksum([[1], [2]])).not.toBe(checksum([[1, 2]]));
    expect(checksum({ a: 1 })).not.toBe(checksum({ a: '1' }));
    expect(checksum('ab')).not.toBe(checksum('ba'));
  });

  it('refuses values that are not structured-clone data', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => checksum(cyclic)).toThrow(/cyclic/);
    expect(() => checksum({ f: () => 1 })).toThrow(/function/);
  });
});

const open: UserStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe.each([
  ['IndexedDB store', true],
  ['memory store', false],
])('model cache in the %s', (_name, idb) => {
  async function make(): Promise<UserStore> {
    const s = idb ? await openUserStore({ channel: uniqueChannel(), storage: null }) : new MemoryStore();
    open.push(s);
    return s;
  }

  it('gives back the stored state with its checksum, by key', async () => {
    const s = await make();
    const key = modelCacheKey('abc123', 'engine-2');
    expect(key).toBe('abc123:engine-2');
    expect(await s.getModelCache(key)).toBeNull();
    const put = await s.putModelCache(key, modelState());
    const got = await s.getModelCache(key);
    expect(got).not.toBeNull();
    expect(got!.state).toEqual(modelState());
    expect(got!.checksum).toBe(checksum(modelState()));
    expect(got!.createdAt).toBe(put.createdAt);
    await s.putModelCache('other:1', { a: 1 });
    expect(await s.modelCacheKeys()).toEqual([key, 'other:1']);
    await s.deleteModelCache(key);
    expect(await s.modelCacheKeys()).toEqual(['other:1']);
    await s.deleteModelCache();
    expect(await s.modelCacheKeys()).toEqual([]);
  });

  it('refuses to cache a state that cannot be stored', async () => {
    const s = await make();
    await expect(s.putModelCache('k', { f: () => 1 })).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid' });
  });
});

describe('a damaged model cache entry', () => {
  it('is detected on read: null is returned and the entry deleted', async () => {
    const store = await openUserStore({ channel: uniqueChannel(), storage: null });
    open.push(store);
    await store.putModelCache('snap:1', modelState());
    await store.putModelCache('snap:2', modelState());
    // Flip one bit of a stored factor behind the store's back, as disk corruption or a buggy writer would.
    const db = await openMatineeDB('matinee');
    const entry = (await db.get('modelCache', 'snap:1'))!;
    const state = entry.state as ReturnType<typeof modelState>;
    new Uint8Array(state.factors.buffer)[77]! ^= 0x10;
    await db.put('modelCache', entry);
    // And one entry without a checksum at all.
    await db.put('modelCache', { ...entry, key: 'snap:3', checksum: undefined as unknown as number });
    db.close();
    expect(await store.getModelCache('snap:1')).toBeNull();
    expect(await store.getModelCache('snap:3')).toBeNull();
    expect(await store.modelCacheKeys()).toEqual(['snap:2']);
    expect((await store.getModelCache('snap:2'))!.state).toEqual(modelState());
  });
});
