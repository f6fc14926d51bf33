/**
 * The web app manifest's screenshots (public/screenshots/phone.png, desktop.png), taken from the built app in
 * headless Chromium: For you after five ratings from the picker, at 390×844 and 1280×800, light scheme.
 * Run after a visible change to For you: npm run build && npx tsx src/cli/make-manifest-screenshots.ts [DIR]
 * (the PNGs are committed, like the icons). Each is re-deflated at zlib's best level: Chromium writes fast, large PNGs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser/headless-chromium.ts';
import { parseCli } from './cli-args.ts';
import { startStaticServer } from './serve.ts';

const SHOTS = [
  { file: 'public/screenshots/phone.png', viewport: { width: 390, height: 844 }, mobile: true },
  { file: 'public/screenshots/desktop.png', viewport: { width: 1280, height: 800 }, mobile: false },
];
const READY_MS = 120_000;

/** The same image, its pixel data deflated again at level 9 in one IDAT chunk; other chunks as they were. */
function recompressPng(png: Buffer): Buffer {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const out = [png.subarray(0, 8)];
  let idatWritten = false;
  for (const { type, data } of chunks) {
    if (type === 'IDAT' && idatWritten) continue;
    const body = type === 'IDAT' ? deflateSync(pixels, { level: 9, memLevel: 9 }) : data;
    idatWritten ||= type === 'IDAT';
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
    out.push(head, body, crc);
  }
  return Buffer.concat(out);
}

async function forYouAfterFiveRatings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const candidates = page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem');
  for (const [k, stars] of [5, 4, 4.5, 3.5, 4].entries())
    await candidates
      .nth(k)
      .getByRole('radio', { name: `${stars} stars`, exact: true })
      // A click: the fifth folds the picker away, so there is no radio left to see checked.
      .click({ timeout: READY_MS });
  await candidates.first().waitFor({ state: 'detached' });
  await page
    .getByRole('list', { name: 'Recommended for you' })
    .and(page.locator('[aria-busy="false"]'))
    .getByRole('listitem')
    .first()
    .waitFor({ timeout: READY_MS });
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  if (await dismiss.isVisible()) await dismiss.click();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
}

const {
  positionals: { DIR: dir },
} = parseCli({
  name: 'make-manifest-screenshots',
  command: 'npx tsx src/cli/make-manifest-screenshots.ts',
  about: "The web app manifest's screenshots (public/screenshots/), from a built app: For you after five ratings.",
  positionals: [{ name: 'DIR', help: 'the built app', default: 'dist', path: 'dir' }],
  flags: {},
});
const server = await startStaticServer({ root: dir, basePath: '/' });
const browser = await launchChromium();
try {
  await mkdir('public/screenshots', { recursive: true });
  for (const { file, viewport, mobile } of SHOTS) {
    const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, colorScheme: 'light' });
    const page = await context.newPage();
    await forYouAfterFiveRatings(page, server.url);
    const png = recompressPng(await page.screenshot({ type: 'png' }));
    await writeFile(file, png);
    console.log(`${file} (${viewport.width}×${viewport.height}, ${(png.length / 1024).toFixed(0)} KiB)`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
