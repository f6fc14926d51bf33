import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mergeConfig, type Plugin } from 'vite';
import app from '../../vite.config.ts';

/**
 * The app's own build with one more plugin that fails at the very end, in closeBundle after every other plugin's,
 * once the service worker is generated: the latest a build can fail. Its message says whether sw.js was there.
 */
function failLate(): Plugin {
  let outDir = '';
  return {
    name: 'fail-late',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const sw = existsSync(join(outDir, 'sw.js')) ? 'sw.js was generated' : 'no sw.js yet';
        throw new Error(`fail-late: closeBundle failed on purpose (${sw})`);
      },
    },
  };
}

export default mergeConfig(app, { plugins: [failLate()] });
