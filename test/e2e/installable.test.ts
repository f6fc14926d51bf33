import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { waitForServiceWorkerControl } from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

test('the app meets the install criteria (valid linked manifest, real icons, controlling service worker) and precaches every built file', async () => {
  const url = inject('subPathUrl');
  const { context, problems } = await newRecordedContext(browser);
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await waitForServiceWorkerControl(page);

    // Chromium's own verdict, the one behind its install button.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const appManifest = await cdp.send('Page.getAppManifest');
    expect(appManifest.errors).toEqual([]);
    expect(appManifest.url).toBe(new URL('manifest.webmanifest', url).href);

    // The criteria checked directly, so a failure names the field.
    const manifest = JSON.parse(appManifest.data ?? '{}') as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'Matinee', short_name: 'Matinee', display: 'standalone' });
    expect(new URL(String(manifest.start_url), appManifest.url).href).toBe(url);
    expect(new URL(String(manifest.scope), appManifest.url).href).toBe(url);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const themeMeta = await page.locator('meta[name="theme-color"]').getAttribute('content');
    expect(themeMeta).toBe(manifest.theme_color);

    const icons = manifest.icons as ManifestIcon[];
    const purposes = (icon: ManifestIcon) => (icon.purpose ?? 'any').split(' ');
    expect(icons.some((icon) => icon.sizes === '192x192' && purposes(icon).includes('any'))).toBe(true);
    expect(icons.some((icon) => icon.sizes === '512x512' && purposes(icon).includes('any'))).toBe(true);
    expect(icons.some((icon) => icon.sizes === '512x512' && purposes(icon).includes('maskable'))).toBe(true);
    // Chromium's richer install sheet: a description and screenshots for a phone (narrow) and a computer (wide).
    expect(String(manifest.description).length).toBeGreaterThan(40);
    const screenshots = manifest.screenshots as (ManifestIcon & { form_factor?: string; label?: string })[];
    expect(screenshots.map((shot) => shot.form_factor).sort()).toEqual(['narrow', 'wide']);
    for (const shot of screenshots) expect(shot.label, shot.src).toBeTruthy();
    for (const icon of [...icons, ...screenshots]) {
      const iconUrl = new URL(icon.src, appManifest.url).href;
      const decoded = await page.evaluate(async (src) => {
        const response = await fetch(src);
        const bitmap = await createImageBitmap(await response.blob());
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          size: `${bitmap.width}x${bitmap.height}`,
        };
      }, iconUrl);
      expect(decoded, iconUrl).toEqual({ status: 200, type: icon.type, size: icon.sizes });
    }

    // Offline-ready after one visit: the precache holds every file of the build, the dataset snapshot included.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    // _headers is the host's configuration (the policy header), never requested by the app; the manifest's
    // screenshots only serve the install sheet, online: neither is precached.
    const built = readdirSync(inject('distDir'), { recursive: true, withFileTypes: true })
      .filter(
        (entry) => entry.isFile() && !['sw.js', '_headers'].includes(entry.name) && !entry.name.startsWith('workbox-'),
      )
      .filter((entry) => !entry.parentPath.endsWith('screenshots'))
      .map((entry) => relative(inject('distDir'), join(entry.parentPath, entry.name)));
    expect(built.some((file) => /^assets\/snapshot-[0-9a-f]+\.bin$/.test(file))).toBe(true);
    const basePath = new URL(url).pathname;
    expect(built.filter((file) => !cached.includes(basePath + file))).toEqual([]);

    // A service worker with a fetch handler controls the page: the reloaded document itself comes from it.
    const reload = await page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(new URL('sw.js', url).href);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
