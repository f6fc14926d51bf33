/** dataset.json: what the dataset is called, what one item is, and the rating scale. */
import type { Manifest, RatingScale, SnapshotMode } from './dataset.ts';
import type { IssueList } from './issues.ts';
import { parseJson } from './json-scan.ts';

const FILE = 'dataset.json';

const SNAPSHOT_MODES: readonly SnapshotMode[] = ['ratings', 'model'];

/** A manifest is two levels deep; this leaves room and stops a hostile file before anything recursive meets it. */
const MAX_DEPTH = 16;

/** Line of a character offset, for a field's line. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The value of step k of a scale (0 = min): rounded to 1e-9, so that 0.1-steps give 0.3, not 0.30000000000000004. */
export function stepValue(scale: RatingScale, k: number): number {
  return Math.round((scale.min + k * scale.step) * 1e9) / 1e9;
}

/** How far from a step a value may lie, relative to its size: the noise of step arithmetic, no written digit. */
const STEP_NOISE = 1e-12;

/** The step a value is the nearest to (clamped to the scale), and whether it is that step. */
function nearestStep(value: number, scale: RatingScale): { step: number; on: boolean } {
  const last = Math.round((scale.max - scale.min) / scale.step);
  const k = Math.min(last, Math.max(0, Math.round((value - scale.min) / scale.step)));
  const step = stepValue(scale, k);
  return { step, on: Math.abs(value - step) <= STEP_NOISE * Math.max(1, Math.abs(step)) };
}

/**
 * A rating is on the scale when it is one of its steps, as a file writes them (4, 3.5, 0.3). Not 4.0000001 or
 * 4.9999999999: no rating control shows them, and keeping them would export them back; whoever wrote them meant
 * something the scale cannot say, so they are refused, never rounded behind the user's back.
 */
export function isOnScale(value: number, scale: RatingScale): boolean {
  return !Number.isNaN(onScale(value, scale));
}

/** The step a rating on the scale is, as the scale writes it (0.3 for 0.30000000000000004); NaN when it is none. */
export function onScale(value: number, scale: RatingScale): number {
  if (!Number.isFinite(value)) return NaN;
  const { step, on } = nearestStep(value, scale);
  return on ? step : NaN;
}

/** Why a rating is not on the scale, or null when it is: one wording for the dataset folder and every import. */
export function scaleProblem(value: number, scale: RatingScale): string | null {
  if (isOnScale(value, scale)) return null;
  const problem = `is not on the scale ${scale.min} to ${scale.max} in steps of ${scale.step}`;
  if (!Number.isFinite(value)) return problem;
  // Within a millionth of a step: written by a program's arithmetic rather than chosen; say which step it missed.
  const { step } = nearestStep(value, scale);
  return Math.abs(value - step) <= 1e-6 * scale.step ? `${problem} (did you mean ${step}?)` : problem;
}

export function parseManifest(text: string | undefined, issues: IssueList): Manifest | null {
  if (text === undefined) {
    issues.add(FILE, 0, '-', 'file is missing: every dataset folder needs a dataset.json manifest');
    return null;
  }
  const parsed = parseJson(text, MAX_DEPTH, (line, column, path, message) =>
    issues.add(FILE, line, path, message, column),
  );
  if (!parsed) return null;
  const json = parsed.value;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    issues.add(FILE, 1, '-', 'expected a JSON object');
    return null;
  }
  const o = json as Record<string, unknown>;
  const lineOf = (key: string) => {
    const at = text.indexOf(`"${key}"`);
    return at < 0 ? 1 : lineAt(text, at);
  };
  const before = issues.total;
  for (const key of ['name', 'itemNoun', 'license'] as const) {
    if (typeof o[key] !== 'string' || (o[key] as string).trim() === '') {
      issues.add(FILE, lineOf(key), key, `"${key}" must be a non-empty string`);
    }
  }
  const scale = o.ratingScale as Record<string, unknown> | undefined;
  if (typeof scale !== 'object' || scale === null) {
    issues.add(FILE, lineOf('ratingScale'), 'ratingScale', '"ratingScale" must be an object {min, max, step}');
  } else {
    for (const key of ['min', 'max', 'step'] as const) {
      if (typeof scale[key] !== 'number' || !Number.isFinite(scale[key])) {
        issues.add(FILE, lineOf(key), `ratingScale.${key}`, `"ratingScale.${key}" must be a number`);
      }
    }
    if (issues.total === before) {
      const { min, max, step } = scale as unknown as RatingScale;
      const steps = (max - min) / step;
      if (!(step > 0) || !(max > min)) {
        issues.add(FILE, lineOf('ratingScale'), 'ratingScale', 'need min < max and step > 0');
      } else if (Math.abs(steps - Math.round(steps)) > 1e-6 || steps > 255) {
        issues.add(
          FILE,
          lineOf('step'),
          'ratingScale.step',
          `(max - min) / step must be a whole number up to 255, got ${steps}`,
        );
      }
    }
  }
  if (o.credit !== undefined && typeof o.credit !== 'string')
    issues.add(FILE, lineOf('credit'), 'credit', '"credit" must be a string');
  if (o.mode !== undefined && !SNAPSHOT_MODES.includes(o.mode as SnapshotMode))
    issues.add(
      FILE,
      lineOf('mode'),
      'mode',
      `"mode" must be "ratings" (the device fits the models) or "model" (the build fits them), got ${JSON.stringify(o.mode)}`,
    );
  if (issues.total > before) return null;
  const s = scale as unknown as RatingScale;
  return {
    name: (o.name as string).trim(),
    itemNoun: (o.itemNoun as string).trim(),
    ratingScale: { min: s.min, max: s.max, step: s.step },
    license: o.license as string,
    ...(typeof o.credit === 'string' ? { credit: o.credit } : {}),
    ...(o.mode !== undefined ? { mode: o.mode as SnapshotMode } : {}),
  };
}
