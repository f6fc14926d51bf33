import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentName } from '../../../src/pipeline/snapshot-file.ts';
import { fileDamage } from '../../../src/worker/snapshot-check.ts';

/** Bytes standing for a snapshot file, and what the build records of it (its name carries the hash). */
function built(size = 4096) {
  const bytes = new Uint8Array(randomBytes(size));
  return { bytes, expected: { bytes: size, hash: contentName(bytes).hash } };
}

afterEach(() => vi.unstubAllGlobals());

describe('fileDamage', () => {
  it('passes the very file the build named', async () => {
    const { bytes, expected } = built();
    expect(await fileDamage(bytes, expected)).toBeNull();
  });

  it('refuses a captive portal page answered in its place, and a file cut short, saying what arrived', async () => {
    const { bytes, expected } = built();
    const portal = new TextEncoder().encode('<!doctype html><title>Sign in to the Wi-Fi</title>');
    expect(await fileDamage(portal, expected)).toBe(`${portal.length} bytes arrived instead of 4096`);
    expect(await fileDamage(bytes.slice(0, 2048), expected)).toBe('2048 bytes arrived instead of 4096');
  });

  it('refuses a file of the right size whose content differs', async () => {
    const { bytes, expected } = built();
    const changed = bytes.slice();
    changed[100]! ^= 1;
    expect(await fileDamage(changed, expected)).toMatch(
      new RegExp(`^its SHA-256 begins [0-9a-f]{16}, not ${expected.hash}$`),
    );
  });

  it('checks the size alone where the platform has no crypto.subtle (a page over plain HTTP)', async () => {
    const { bytes, expected } = built();
    vi.stubGlobal('crypto', undefined);
    const changed = bytes.slice();
    changed[100]! ^= 1;
    expect(await fileDamage(changed, expected)).toBeNull();
    expect(await fileDamage(bytes.slice(1), expected)).toBe('4095 bytes arrived instead of 4096');
  });
});
