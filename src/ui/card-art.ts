/** Generated card art: initials and a colour per genre, so the app needs no poster images (offline, private). */
import { splitTitleYear } from '../engine/text/normalize-title.ts';

/** Number of hue classes in Poster.svelte. */
export const HUES = 12;

const SMALL_WORDS = new Set(['of', 'the', 'a', 'an', 'and', '&', 'in', 'on', 'at', 'to', 'for', 'de', 'la', 'le']);

/** Up to two letters: "Matrix, The (1999)" → "M", "Pulp Fiction (1994)" → "PF", "12 Angry Men" → "1A". */
export function initials(title: string): string {
  const main = splitTitleYear(title)
    .title.replace(/\s*\(.*\)\s*$/, '')
    .replace(/,\s*(the|a|an|le|la|les|l'|il|el|der|die|das)$/i, '');
  const all = main.split(/[\s\-:–—]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  // "Silence of the Lambs" → "SL": small words carry no identity (kept when they are all there is).
  const words = all.length > 1 ? all.filter((w, k) => k === 0 || !SMALL_WORDS.has(w.toLowerCase())) : all;
  const letters = words.slice(0, 2).map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** Stable hue index of a genre name (string hash), 0 for no genre. */
export function hueOf(genre: string | undefined): number {
  if (!genre) return 0;
  let h = 0;
  for (let i = 0; i < genre.length; i++) h = (h * 31 + genre.charCodeAt(i)) >>> 0;
  return h % HUES;
}
