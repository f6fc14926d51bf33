/**
 * What every CLI under src/cli shares: its flags parsed by node:util's parseArgs from one table, that table printed
 * by --help (each flag with its default and the values it takes), and every value checked before any work starts.
 * A bad flag or value ends the process with one line, `<cli>: message`, and exit code 2: never a stack trace, and
 * never after minutes of fitting.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { datasetDir, datasetFolderProblem } from '../pipeline/dataset-folder.ts';

/**
 * What a path must name: an existing file, folder, or either; or a folder to write into ("out-dir": absent, to be
 * created, or a folder, and writable).
 */
export type PathRule = 'file' | 'dir' | 'exists' | 'out-dir';

interface Described {
  /** One line for --help: what the flag does. The default and the accepted values are added to it. */
  help: string;
}

/** A flag that takes a value; `value` names it in --help (`--out DIR`). Without a default it may be left out. */
interface Valued extends Described {
  value: string;
  required?: boolean;
}

export type Flag =
  | (Described & { type: 'boolean' })
  | (Valued & {
      type: 'string';
      default?: string | readonly string[];
      choices?: readonly string[];
      path?: PathRule;
      /** A comma-separated list (`--models a,b`). */
      list?: boolean;
      /** The flag may be given again and again, each value added to the list. */
      multiple?: boolean;
    })
  | (Valued & {
      type: 'number';
      default?: number | readonly number[];
      /** Whole numbers only. Every number must be finite. */
      integer?: boolean;
      min?: number;
      max?: number;
      /** A comma-separated list (`--weights 0,0.5,1`). */
      list?: boolean;
    });

/** An argument without a flag. One without a default must be given. */
export interface Positional {
  name: string;
  help: string;
  default?: string;
  path?: PathRule;
}

export interface CliSpec<F extends Record<string, Flag>, P extends readonly Positional[]> {
  /** Starts every error line: `snapshot: …`. */
  name: string;
  /** How it is run, before its arguments: `npm run snapshot --`. */
  command: string;
  /** What it does, for --help. */
  about: string;
  flags: F;
  positionals?: P;
  /** It reads the folder named by DATASET: checked up front, and listed by --help. */
  dataset?: boolean;
  /** The command line; by default the process's own. */
  args?: readonly string[];
}

type Element<F> = F extends { type: 'number' } ? number : F extends { choices: readonly (infer C)[] } ? C : string;
type ValueOf<F> = F extends { type: 'boolean' }
  ? boolean
  : F extends { list: true } | { multiple: true }
    ? Element<F>[]
    : Element<F> | (F extends { default: unknown } | { required: true } ? never : undefined);

export interface ParsedCli<F extends Record<string, Flag>, P extends readonly Positional[]> {
  values: { [K in keyof F]: ValueOf<F[K]> };
  /** Each positional by its name, its default filled in. */
  positionals: { [K in P[number]['name']]: string };
  /** The dataset folder (DATASET), checked to be a folder; '' unless the spec says `dataset: true`. */
  dataset: string;
}

let cliName = 'cli';

/** Ends the CLI with `<cli>: message` and exit code 2 (a bad command line or value). */
export function fail(message: string): never {
  console.error(`${cliName}: ${message}`);
  process.exit(2);
}

/** True in the module node was started with, false when it is imported (serve.ts is both a CLI and a library). */
export function isMainModule(moduleUrl: string): boolean {
  return moduleUrl === pathToFileURL(process.argv[1] ?? '').href;
}

/** Parses process.argv by the table and checks every value; prints --help and exits 0 when asked. */
export function parseCli<const F extends Record<string, Flag>, const P extends readonly Positional[] = []>(
  spec: CliSpec<F, P>,
): ParsedCli<F, P> {
  cliName = spec.name;
  const positionalSpecs: readonly Positional[] = spec.positionals ?? [];
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        ...Object.fromEntries(
          Object.entries(spec.flags).map(([name, flag]) => [
            name,
            flag.type === 'boolean'
              ? { type: 'boolean' }
              : { type: 'string', multiple: flag.type === 'string' && flag.multiple === true },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: positionalSpecs.length > 0,
      strict: true,
      args: spec.args,
    });
  } catch (e) {
    // Node's own wording, less its advice on options that start with a dash.
    const message = (e as Error).message.replace(/^Unknown option '([^']*)'.*$/, 'unknown option $1');
    fail(`${message} (--help lists the options)`);
  }
  if (parsed.values.help) {
    console.log(helpText(spec));
    process.exit(0);
  }
  const given: Record<string, string | boolean | (string | boolean)[] | undefined> = parsed.values;
  const values: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(spec.flags)) values[name] = valueOf(name, flag, given[name]);
  if (parsed.positionals.length > positionalSpecs.length)
    fail(`unexpected argument "${parsed.positionals[positionalSpecs.length]}" (--help lists the arguments)`);
  const positionals: Record<string, string> = {};
  positionalSpecs.forEach((p, k) => {
    const given = parsed.positionals[k] ?? p.default;
    if (given === undefined) fail(`${p.name} is missing: ${p.help}`);
    if (p.path) checkPath(p.name, given, p.path);
    positionals[p.name] = given;
  });
  let dataset = '';
  if (spec.dataset) {
    dataset = datasetDir();
    const problem = datasetFolderProblem(dataset);
    if (problem) fail(problem);
  }
  return { values, positionals, dataset } as ParsedCli<F, P>;
}

/** The flag's value, converted and checked; its default when not given. */
function valueOf(name: string, flag: Flag, raw: string | boolean | (string | boolean)[] | undefined): unknown {
  if (flag.type === 'boolean') return raw === true;
  const label = `--${name}`;
  if (raw === undefined) {
    if (flag.required) fail(`${label} ${flag.value} is required: ${flag.help}`);
    if (flag.default !== undefined) return flag.default;
    return flag.list || (flag.type === 'string' && flag.multiple) ? [] : undefined;
  }
  const given = raw as string | string[];
  const texts = Array.isArray(given) ? given : flag.list ? given.split(',') : [given];
  const converted = texts.map((text) => {
    if (flag.type === 'number') {
      const n = parseNumber(text);
      if (n === undefined || !inRange(n, flag)) fail(`${label} must be ${numberRule(flag)}, got "${given}"`);
      return n;
    }
    if (flag.choices && !flag.choices.includes(text))
      fail(`${label} must be ${choiceRule(flag.choices, flag.list)}, got "${given}"`);
    if (flag.path) checkPath(label, text, flag.path);
    return text;
  });
  return flag.list || Array.isArray(given) ? converted : converted[0];
}

/** A decimal (digits may be grouped with `_`, as in 25_000_000), or undefined. */
function parseNumber(text: string): number | undefined {
  const plain = text.trim().replace(/(?<=\d)_(?=\d)/g, '');
  const n = plain === '' ? NaN : Number(plain);
  return Number.isFinite(n) ? n : undefined;
}

function inRange(n: number, flag: { integer?: boolean; min?: number; max?: number }): boolean {
  return (!flag.integer || Number.isInteger(n)) && !(n < (flag.min ?? -Infinity)) && !(n > (flag.max ?? Infinity));
}

/** "a whole number ≥ 1", "finite numbers from 0 to 1, comma-separated", … */
function numberRule(flag: { integer?: boolean; min?: number; max?: number; list?: boolean }): string {
  const kind = flag.integer ? 'whole number' : 'finite number';
  const { min, max } = flag;
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` ≥ ${min}`
        : max !== undefined
          ? ` ≤ ${max}`
          : '';
  return flag.list ? `${kind}s${range}, comma-separated` : `a ${kind}${range}`;
}

function choiceRule(choices: readonly string[], list = false): string {
  return list ? `some of ${choices.join(', ')}, comma-separated` : `one of ${choices.join(', ')}`;
}

/** The path's stat, or undefined when there is nothing there (or a file stands where a folder should be). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Fails unless `path` is what `rule` asks for (see PathRule). */
function checkPath(label: string, path: string, rule: PathRule): void {
  const full = resolve(path);
  const stat = statOf(full);
  if (rule === 'out-dir') {
    if (stat && !stat.isDirectory()) fail(`${label} ${path} is a file, not a folder`);
    let existing = full;
    while (!statOf(existing)) existing = dirname(existing);
    if (!statOf(existing)!.isDirectory()) fail(`${label} ${path} cannot be created: ${existing} is a file`);
    try {
      accessSync(existing, constants.W_OK);
    } catch {
      fail(`${label} ${path} cannot be written: ${existing} is read-only`);
    }
    return;
  }
  if (!stat) fail(`${label} ${path} does not exist`);
  if (rule === 'file' && !stat.isFile()) fail(`${label} ${path} is a folder, not a file`);
  if (rule === 'dir' && !stat.isDirectory()) fail(`${label} ${path} is a file, not a folder`);
}

/** The rule and default a flag's help line ends with. */
function flagNotes(flag: Flag): string {
  if (flag.type === 'boolean') return '';
  const notes: string[] = [];
  if (flag.type === 'number') notes.push(numberRule(flag));
  else if (flag.choices) notes.push(choiceRule(flag.choices, flag.list));
  if (flag.type === 'string' && flag.multiple) notes.push('may be repeated');
  if (flag.required) notes.push('required');
  const byDefault = flag.default;
  if (byDefault !== undefined)
    notes.push(`default: ${typeof byDefault === 'object' ? byDefault.join(',') : String(byDefault)}`);
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

function helpText<F extends Record<string, Flag>, P extends readonly Positional[]>(spec: CliSpec<F, P>): string {
  const positionals: readonly Positional[] = spec.positionals ?? [];
  const flags = Object.entries(spec.flags) as [string, Flag][];
  const required = flags.filter(([, f]) => f.type !== 'boolean' && f.required);
  const usage = [
    spec.command,
    ...positionals.map((p) => (p.default === undefined ? p.name : `[${p.name}]`)),
    ...required.map(([name, f]) => `--${name} ${f.type === 'boolean' ? '' : f.value}`),
    '[options]',
  ];
  const rows = (entries: [string, string][]) => {
    const width = Math.max(...entries.map(([left]) => left.length));
    return entries.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  };
  const lines = [`usage: ${usage.join(' ')}`, '', spec.about];
  if (positionals.length > 0)
    lines.push(
      '',
      'arguments:',
      ...rows(positionals.map((p) => [p.name, p.help + (p.default === undefined ? '' : ` (default: ${p.default})`)])),
    );
  lines.push(
    '',
    'options:',
    ...rows([
      ...flags.map(([name, f]): [string, string] => [
        `--${name}${f.type === 'boolean' ? '' : ` ${f.value}`}`,
        f.help + flagNotes(f),
      ]),
      ['-h, --help', 'print this help and exit'],
    ]),
  );
  if (spec.dataset)
    lines.push(
      '',
      'environment:',
      ...rows([
        ['DATASET', 'the dataset folder, MovieLens layout (default: data/ml-latest-small; see data/README.md)'],
      ]),
    );
  return lines.join('\n');
}
