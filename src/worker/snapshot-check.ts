/**
 * Whether downloaded bytes are the snapshot file the build emitted: its size, and the SHA-256 its name carries
 * (src/pipeline/snapshot-file.ts), both known at build time (virtual:snapshot). A captive portal's sign-in page
 * answered with status 200, or a proxy that cut the file short, fails here, before the bytes are kept or decoded.
 */

export interface ExpectedFile {
  bytes: number;
  /** The leading hex digits of its SHA-256. */
  hash: string;
}

/** What is wrong with `bytes`, in words; null when they are the expected file. */
export async function fileDamage(bytes: Uint8Array<ArrayBuffer>, expected: ExpectedFile): Promise<string | null> {
  if (bytes.length !== expected.bytes) return `${bytes.length} bytes arrived instead of ${expected.bytes}`;
  // Only secure contexts have crypto.subtle (a page served over plain HTTP from another host than localhost does
  // not): there the size is all that can be checked, and a decode error still stops a wrong file.
  if (!globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return hash.startsWith(expected.hash)
    ? null
    : `its SHA-256 begins ${hash.slice(0, expected.hash.length)}, not ${expected.hash}`;
}
