/** How problems name a place in JSON and the value found there, in every message alike. */

/** A value in a message: never recursive, never long. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  return String(v);
}

/** The path of a field: `a.b` for plain names, `a["odd key"]` for others. */
export function fieldPath(path: string, key: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${show(key)}]`;
  return path === '' ? name : name.startsWith('[') ? path + name : `${path}.${name}`;
}
