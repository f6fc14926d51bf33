/** Titles section: every item's title, exactly as parsed, through the context-mixing text coder. */
import { RangeDecoder, RangeEncoder } from './range-coder.ts';
import { TextCoder } from './text-coder.ts';

/**
 * Hashed context tables of 2^TABLE_BITS slots each. Measured on the 262 KB of ml-latest-small titles:
 * 2^16 → 90.3 KB, 2^18 → 86.0 KB, 2^20 → 81.8 KB, 2^21 → 80.3 KB (and 2^21 allocates ~15 MB while decoding).
 */
const TABLE_BITS = 20;

export function encodeTitles(titles: string[]): Uint8Array {
  const io = new RangeEncoder();
  const text = new TextCoder(TABLE_BITS);
  for (const t of titles) text.code(io, t);
  return io.finish();
}

export function decodeTitles(bytes: Uint8Array, itemCount: number): string[] {
  const io = new RangeDecoder(bytes, 'titles');
  const text = new TextCoder(TABLE_BITS);
  const titles = new Array<string>(itemCount);
  for (let i = 0; i < itemCount; i++) titles[i] = text.code(io, '');
  return titles;
}
