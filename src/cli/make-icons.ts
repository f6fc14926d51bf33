import { readFile, writeFile } from 'node:fs/promises';
import { parseCli } from './cli-args.ts';
import { launchChromium } from './browser/headless-chromium.ts';

// Renders the PWA icons from their SVG sources with headless Chromium, so no image tool is needed.
// Run once after editing public/icon*.svg: npx tsx src/cli/make-icons.ts (the PNGs are committed).
parseCli({
  name: 'make-icons',
  command: 'npx tsx src/cli/make-icons.ts',
  about: 'Renders the PWA icons (public/*.png) from public/icon.svg and public/icon-maskable.svg in headless Chromium.',
  flags: {},
});
const OUTPUTS = [
  { source: 'public/icon.svg', size: 192, file: 'public/pwa-192x192.png', transparent: true },
  { source: 'public/icon.svg', size: 512, file: 'public/pwa-512x512.png', transparent: true },
  { source: 'public/icon-maskable.svg', size: 512, file: 'public/maskable-512x512.png', transparent: false },
  // iOS ignores the manifest and draws its own rounded mask over an opaque square.
  { source: 'public/icon-maskable.svg', size: 180, file: 'public/apple-touch-icon-180x180.png', transparent: false },
];

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  for (const { source, size, file, transparent } of OUTPUTS) {
    const svg = await readFile(source, 'utf8');
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await writeFile(file, await page.screenshot({ omitBackground: transparent, type: 'png' }));
    console.log(`${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
