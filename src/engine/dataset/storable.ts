/**
 * What a snapshot can hold, beyond the Dataset's own types. The dataset validation (dataset-parse.ts) refuses
 * anything else with its file, line and field, so the build never meets it in the encoder.
 */

/**
 * Why a text cannot be stored (null when it can): texts are NUL-terminated UTF-8, so a NUL character would split
 * one, and an unpaired UTF-16 surrogate has no UTF-8 form (it would come back as U+FFFD).
 */
export function unstorableText(text: string): string | null {
  if (text.includes('\0')) return 'contains a NUL character (U+0000)';
  if (/[\uD800-\uDFFF]/u.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

/**
 * Largest timestamp magnitude, in seconds (about 31.7 million years): times are stored as differences, which must
 * be exact in a double and within the ratings coder's 53-bit numbers.
 */
export const MAX_TIMESTAMP = 1e15;
