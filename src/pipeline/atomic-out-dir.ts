/**
 * Vite plugin: a build writes all of its output or nothing. Vite and its plugins write into a staging folder beside
 * the output folder, and only a build that finished without an error replaces the output folder's contents with
 * it. Any failure (an invalid dataset at buildStart, a bundling error, a plugin failing at closeBundle after the
 * service worker was generated) leaves the output folder exactly as it was: absent, or the previous build, still
 * whole and servable. Without it a failed build still wrote sw.js and workbox-*.js, precaching files that were not
 * there: rolldown runs closeBundle after a failed build without passing the error, so vite-plugin-pwa generates the
 * service worker anyway.
 *
 * `vite build` drives the build through the `buildApp` hook below, which publishes only after every plugin's
 * closeBundle has run. The JavaScript `build()` API skips buildApp hooks; there the plugin's own closeBundle, run
 * last, publishes instead.
 */
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/** What vite keeps when it empties an output folder. */
const KEPT_WHEN_EMPTYING = new Set(['.git']);

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path !== '' && !path.startsWith('..') && !path.startsWith('/');
}

function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    // Another file system: copy, then remove the original.
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** The staged build becomes the output folder's contents: emptied first, as vite would, unless told not to. */
function publish(staging: string, outDir: string, empty: boolean): void {
  mkdirSync(outDir, { recursive: true });
  if (empty) {
    for (const name of readdirSync(outDir))
      if (!KEPT_WHEN_EMPTYING.has(name)) rmSync(join(outDir, name), { recursive: true, force: true });
  }
  for (const name of readdirSync(staging)) {
    const to = join(outDir, name);
    rmSync(to, { recursive: true, force: true });
    move(join(staging, name), to);
  }
  rmSync(staging, { recursive: true, force: true });
}

export function atomicOutDir(): Plugin {
  let outDir = '';
  let staging = '';
  let empty = true;
  let config: ResolvedConfig;
  /** Set by the buildApp hook: it publishes; closeBundle then leaves the staging folder alone. */
  let driven = false;
  let written = false;
  let failed = false;
  const discard = () => rmSync(staging, { recursive: true, force: true });
  const done = () => {
    publish(staging, outDir, empty);
    config.logger.info(
      `moved the finished build into ${isInside(config.root, outDir) ? relative(config.root, outDir) : outDir}`,
    );
  };

  return {
    name: 'matinee-atomic-out-dir',
    apply: (userConfig, env) => env.command === 'build' && !userConfig.build?.watch,
    enforce: 'post',
    config(userConfig) {
      const root = resolve(userConfig.root ?? process.cwd());
      outDir = resolve(root, userConfig.build?.outDir ?? 'dist');
      empty = userConfig.build?.emptyOutDir ?? isInside(root, outDir);
      // Beside the output folder, so the move is a rename on the same file system; one per process.
      staging = join(dirname(outDir), `.${basename(outDir)}.partial-${process.pid}`);
      discard();
      // A build that throws before buildApp or closeBundle could discard it leaves no staging folder either.
      process.once('exit', discard);
      return { build: { outDir: staging, emptyOutDir: true } };
    },
    configResolved(resolved) {
      config = resolved;
    },
    buildApp: {
      order: 'post',
      async handler(builder) {
        driven = true;
        try {
          for (const environment of Object.values(builder.environments))
            if (!environment.isBuilt) await builder.build(environment);
        } catch (e) {
          discard();
          throw e;
        }
        done();
      },
    },
    buildEnd(error) {
      if (error) failed = true;
    },
    renderError() {
      failed = true;
    },
    writeBundle() {
      written = true;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler(error?: Error) {
        if (driven) return;
        if (error || failed || !written) discard();
        else done();
      },
    },
  };
}

/**
 * The plugins with their closeBundle run only once their bundle was written. vite-plugin-pwa generates the service
 * worker there; after a failed build (rolldown passes closeBundle no error) it only buried the build's own error
 * under warnings about files that were never written.
 */
export function closeOnlyAfterWrite(plugins: Plugin[]): Plugin[] {
  return plugins.map((plugin) => {
    const close = plugin.closeBundle;
    if (!close) return plugin;
    if (plugin.writeBundle) throw new Error(`${plugin.name} has its own writeBundle: compose it here first`);
    const handler = typeof close === 'function' ? close : close.handler;
    let written = false;
    return {
      ...plugin,
      writeBundle() {
        written = true;
      },
      closeBundle: {
        ...(typeof close === 'object' ? close : {}),
        handler(...args) {
          return written ? handler.apply(this, args) : undefined;
        },
      },
    };
  });
}
