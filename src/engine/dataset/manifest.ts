/** dataset.json: what the dataset is called, what one item is, and the rating scale. */
import type { Manifest, RatingScale, SnapshotMode } from './dataset.ts';
import type { IssueList } from './issues.ts';

const FILE = 'dataset.json';

const SNAPSHOT_MODES: readonly SnapshotMode[] = ['ratings', 'model'];

/** Line of a character offset, for JSON syntax errors. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A rating is on the scale when it lies within [min, max] on a whole number of steps from min. */
export function isOnScale(value: number, scale: RatingScale): boolean {
  if (value < scale.min - 1e-9 || value > scale.max + 1e-9) return false;
  const steps = (value - scale.min) / scale.step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

export function parseManifest(text: string | undefined, issues: IssueList): Manifest | null {
  if (text === undefined) {
    issues.add(FILE, 0, '-', 'file is missing: every dataset folder needs a dataset.json manifest');
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    issues.add(FILE, m ? lineAt(text, Number(m[1])) : 1, '-', `not valid JSON (${(e as Error).message})`);
    return null;
  }
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
