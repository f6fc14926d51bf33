import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

// @sparticuz/chromium's Lambda flags minus the ones that would make the browser lie about the web platform we test:
// --disable-web-security and --allow-running-insecure-content switch off the same-origin and mixed-content
// checks our privacy tests rely on; --single-process is only needed inside Lambda's process limits.
const FLAGS_THAT_HIDE_BUGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);

// Debian's Chromium needs no unpacking; these are the flags it needs to run headless in a container.
const SYSTEM_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches a headless Chromium. Uses the binary inside @sparticuz/chromium (npm-installed, so a fresh machine needs
 * nothing else) unless CHROMIUM_PATH names another build, e.g. /usr/bin/chromium.
 */
export async function launchChromium(): Promise<Browser> {
  const systemPath = process.env.CHROMIUM_PATH;
  if (systemPath) {
    return playwright.launch({ executablePath: systemPath, args: SYSTEM_CHROMIUM_ARGS, headless: true });
  }
  // The first call unpacks the whole browser into the temp dir, which takes a while; callers launch one at a time.
  const executablePath = await chromium.executablePath();
  const args = chromium.args.filter((flag) => !FLAGS_THAT_HIDE_BUGS.has(flag));
  return playwright.launch({ executablePath, args, headless: true });
}
