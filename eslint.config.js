import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/*
 * Import rules that keep the rooms apart (README, "Code layout"). A file gets the rules of the one room its path
 * names, and each room's list repeats the shared rule on idb: flat config replaces a rule's options, never merges.
 */
const indexedDb = { name: 'idb', message: 'Only src/store touches IndexedDB.' };
const nodeOnly = {
  group: ['**/cli/**', '**/pipeline/**'],
  message: 'src/cli and src/pipeline are Node code; they import the app, not the other way round.',
};
const room = (files, patterns, paths = [indexedDb]) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

const rooms = [
  // Tests may build databases of older schemas however they need; the rest of the app reaches idb through the store.
  room(['src/**', '*.{js,ts}'], []),
  room(
    ['src/engine/**'],
    [
      {
        group: ['**/worker/**', '**/ui/**', '**/store/**', '**/cli/**', '**/pipeline/**', '**/test/**', '**/main.ts'],
        message: 'The engine imports nothing outside src/engine: it runs the same in the worker, Node and tests.',
      },
      {
        // Anything not relative: node:*, DOM or worker libraries, the store's idb.
        regex: '^[^.]',
        message: 'The engine imports no package and no platform module (see src/engine/platform.d.ts).',
      },
    ],
  ),
  room(
    ['src/worker/**'],
    [{ group: ['**/ui/**'], message: 'The worker does not import the page; the page imports its types.' }, nodeOnly],
  ),
  room(
    ['src/ui/**', 'src/main.ts'],
    [
      {
        // The page holds no algorithm: engine code runs in the worker. These pure helpers are the exceptions.
        regex: '/engine/(?!(text/normalize-title|user-data/export-format|user-data/settings)\\.ts$)',
        allowTypeImports: true,
        message: 'The UI takes only types from the engine (and the helpers listed in eslint.config.js).',
      },
      {
        group: ['**/worker/**'],
        allowTypeImports: true,
        message: 'The UI reaches the worker through the bridge (ui/bridge.ts), which imports only its types.',
      },
      nodeOnly,
      { regex: '^node:', message: 'The page has no Node modules.' },
    ],
  ),
  room(
    ['src/store/**'],
    [{ group: ['**/worker/**', '**/ui/**'], message: 'The store is used by the page and the worker.' }, nodeOnly],
    [],
  ),
  room(
    ['src/pipeline/**'],
    [{ group: ['**/cli/**'], message: 'src/cli may import src/pipeline, not the other way round.' }],
  ),
  room(['src/cli/**'], [{ group: ['**/test/**'], message: 'Tests may import src/cli, not the other way round.' }]),
];

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'dev-dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  ...rooms,
  {
    // Every CLI takes its flags through one table that --help prints and that checks each value up front.
    files: ['src/cli/**'],
    ignores: ['src/cli/cli-args.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'argv', message: 'Declare the flags with parseCli (src/cli/cli-args.ts).' },
      ],
    },
  },
);
