/*
 * The engine's layers (README, "Code layout"): each part of src/engine may import only from the layers below its own,
 * so no import runs back up and no cycle can form between folders; no module anywhere under src/ is part of an import
 * cycle. The rooms around the engine (worker, store, ui, cli, pipeline) are kept apart by eslint.config.js.
 * `npm run lint` runs this; `npx depcruise src --output-type archi | dot -T svg` draws it.
 */
const ENGINE = '^src/engine/';

/** Lowest first. A folder is named with its trailing slash, a file by its name. */
const LAYERS = [
  ['model-contracts.ts', 'recommend-types.ts', 'text/'],
  ['model-state.ts'],
  ['numeric/'],
  ['dataset/'],
  ['validation/', 'catalogue/', 'models/', 'synth/'],
  ['ranking/', 'user-data/'],
  ['eval/'],
  ['tuning/'],
  ['recommender.ts'],
  ['engine-base.ts'],
  ['ratings-mode/', 'model-mode/'],
  ['snapshot/', 'load-engine.ts'],
];

const escape = (part) => part.replace(/[.]/g, '\\.');
const pathOf = (part) => `${ENGINE}${escape(part)}${part.endsWith('/') ? '' : '$'}`;
const listed = LAYERS.flat();

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the modules in it cannot be understood (or tested) one without the others.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'engine-layer-unlisted',
      severity: 'error',
      comment: 'Every part of src/engine belongs to one of the layers listed in .dependency-cruiser.cjs.',
      from: { path: ENGINE, pathNot: [...listed.map(pathOf), `${ENGINE}platform\\.d\\.ts$`] },
      to: {},
    },
    ...LAYERS.flatMap((layer, level) =>
      layer.map((part) => ({
        name: 'engine-import-runs-up',
        severity: 'error',
        comment: `${part} may import only from the engine layers below its own (.dependency-cruiser.cjs, LAYERS).`,
        from: { path: pathOf(part) },
        to: {
          path: ENGINE,
          pathNot: [pathOf(part), ...LAYERS.slice(0, level).flat().map(pathOf)],
        },
      })),
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
