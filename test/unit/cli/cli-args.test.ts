/**
 * parseCli (src/cli/cli-args.ts) in this process: what each kind of flag accepts and refuses, and what --help
 * prints. A refusal is one line on stderr and exit code 2; process.exit is caught here and turned into a throw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCli, type Flag, type Positional } from '../../../src/cli/cli-args.ts';

const work = mkdtempSync(join(tmpdir(), 'matinee-cli-args-'));
const file = join(work, 'a-file');
writeFileSync(file, 'x');
afterAll(() => rmSync(work, { recursive: true, force: true }));

class Exit extends Error {
  constructor(readonly code: number | undefined) {
    super(`exit ${code}`);
  }
}

let printed: string[];
let errors: string[];
beforeEach(() => {
  printed = [];
  errors = [];
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exit(code as number | undefined);
  });
  vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const FLAGS = {
  alpha: { type: 'number', value: 'A', min: 0, help: 'slope' },
  folds: { type: 'number', value: 'N', integer: true, min: 2, default: 5, help: 'folds' },
  share: { type: 'number', value: 'X', min: 0, max: 1, help: 'share' },
  weights: { type: 'number', value: 'A,B', list: true, min: 0, default: [0, 1], help: 'weights' },
  mode: { type: 'string', value: 'M', choices: ['stars', 'binary'], default: 'stars', help: 'mode' },
  input: { type: 'string', value: 'FILE', path: 'file', help: 'input' },
  out: { type: 'string', value: 'DIR', path: 'out-dir', help: 'output' },
  dataset: { type: 'string', value: 'DIR', multiple: true, path: 'dir', help: 'more datasets' },
  json: { type: 'boolean', help: 'as JSON' },
} satisfies Record<string, Flag>;

function parse(args: string[], positionals: Positional[] = []) {
  return parseCli({ name: 'try', command: 'npm run try --', about: 'Tries.', flags: FLAGS, positionals, args });
}

/** The one line a refused command line prints; fails unless it exited with code 2. */
function refusal(args: string[], positionals: Positional[] = []): string {
  errors = [];
  try {
    parse(args, positionals);
  } catch (e) {
    expect(e).toEqual(new Exit(2));
    expect(errors).toHaveLength(1);
    return errors[0]!;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

describe('parseCli', () => {
  it('gives typed values, with the defaults of flags not given', () => {
    expect(parse([]).values).toEqual({
      alpha: undefined,
      folds: 5,
      share: undefined,
      weights: [0, 1],
      mode: 'stars',
      input: undefined,
      out: undefined,
      dataset: [],
      json: false,
    });
    const given = parse(['--alpha', '2.5', '--folds=10', '--weights', '0.5,25_000', '--mode', 'binary', '--json']);
    expect(given.values).toMatchObject({ alpha: 2.5, folds: 10, weights: [0.5, 25000], mode: 'binary', json: true });
    expect(parse(['--dataset', work, '--dataset', work]).values.dataset).toEqual([work, work]);
  });

  it.each([
    [['--alpha', 'Infinity'], 'try: --alpha must be a finite number ≥ 0, got "Infinity"'],
    [['--alpha', '1e999'], 'try: --alpha must be a finite number ≥ 0, got "1e999"'],
    [['--alpha', 'NaN'], 'try: --alpha must be a finite number ≥ 0, got "NaN"'],
    [['--alpha', ''], 'try: --alpha must be a finite number ≥ 0, got ""'],
    [['--alpha=-1'], 'try: --alpha must be a finite number ≥ 0, got "-1"'],
    [['--folds', '2.5'], 'try: --folds must be a whole number ≥ 2, got "2.5"'],
    [['--share', '1.5'], 'try: --share must be a finite number from 0 to 1, got "1.5"'],
    [['--weights', '1,x'], 'try: --weights must be finite numbers ≥ 0, comma-separated, got "1,x"'],
    [['--mode', 'linear'], 'try: --mode must be one of stars, binary, got "linear"'],
  ])('refuses %j', (args, line) => {
    expect(refusal(args)).toBe(line);
  });

  it('refuses paths that are not what the flag needs', () => {
    expect(refusal(['--input', work])).toBe(`try: --input ${work} is a folder, not a file`);
    expect(refusal(['--input', join(work, 'absent')])).toBe(`try: --input ${join(work, 'absent')} does not exist`);
    expect(refusal(['--out', file])).toBe(`try: --out ${file} is a file, not a folder`);
    expect(refusal(['--out', join(file, 'sub')])).toBe(
      `try: --out ${join(file, 'sub')} cannot be created: ${file} is a file`,
    );
    expect(refusal(['--dataset', work, '--dataset', file])).toBe(`try: --dataset ${file} is a file, not a folder`);
    // A folder to write into may be absent, several levels deep.
    expect(parse(['--out', join(work, 'new', 'deeper')]).values.out).toBe(join(work, 'new', 'deeper'));
  });

  it('refuses unknown flags, a flag without its value, and arguments it does not take', () => {
    expect(refusal(['--bogus'])).toBe('try: unknown option --bogus (--help lists the options)');
    expect(refusal(['--alpha'])).toMatch(/^try: Option '--alpha <value>' argument missing/);
    expect(refusal(['extra'])).toMatch(/^try: Unexpected argument 'extra'/);
  });

  it('fills positionals by name: defaults, required ones, and no more than declared', () => {
    const positionals: Positional[] = [
      { name: 'INPUT', help: 'the input', path: 'exists' },
      { name: 'OUT_DIR', help: 'where it goes', default: 'out', path: 'out-dir' },
    ];
    expect(parse([file], positionals).positionals).toEqual({ INPUT: file, OUT_DIR: 'out' });
    expect(refusal([], positionals)).toBe('try: INPUT is missing: the input');
    expect(refusal([file, file], positionals)).toBe(`try: OUT_DIR ${file} is a file, not a folder`);
    expect(refusal([file, work, 'third'], positionals)).toBe(
      'try: unexpected argument "third" (--help lists the arguments)',
    );
  });

  it('refuses a DATASET folder that is not there, when the CLI reads one', () => {
    const absent = join(work, 'absent');
    vi.stubEnv('DATASET', absent);
    expect(() => parseCli({ name: 'try', command: 'try', about: '', flags: {}, dataset: true, args: [] })).toThrow(
      new Exit(2),
    );
    expect(errors).toEqual([
      `try: dataset folder not found: ${absent} (set DATASET to a folder in the MovieLens layout, see data/README.md)`,
    ]);
    vi.stubEnv('DATASET', work);
    expect(parseCli({ name: 'try', command: 'try', about: '', flags: {}, dataset: true, args: [] }).dataset).toBe(work);
  });

  it('prints --help with every flag, what it takes and its default, and exits 0', () => {
    expect(() => parse(['--help'], [{ name: 'OUT_DIR', help: 'where it goes', default: 'out' }])).toThrow(new Exit(0));
    expect(errors).toEqual([]);
    const help = printed.join('\n').split('\n');
    expect(help.slice(0, 3)).toEqual(['usage: npm run try -- [OUT_DIR] [options]', '', 'Tries.']);
    expect(help).toContain('  OUT_DIR  where it goes (default: out)');
    /** The help line of a flag, its columns' padding squeezed. */
    const line = (flag: string) =>
      help
        .find((l) => l.startsWith(`  ${flag} `))
        ?.trim()
        .replace(/ +/g, ' ');
    expect(line('--folds N')).toBe('--folds N folds (a whole number ≥ 2; default: 5)');
    expect(line('--weights A,B')).toBe('--weights A,B weights (finite numbers ≥ 0, comma-separated; default: 0,1)');
    expect(line('--mode M')).toBe('--mode M mode (one of stars, binary; default: stars)');
    expect(line('--dataset DIR')).toBe('--dataset DIR more datasets (may be repeated)');
    expect(line('--json')).toBe('--json as JSON');
    expect(line('-h,')).toBe('-h, --help print this help and exit');
  });
});
