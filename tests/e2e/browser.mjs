// Launches Debian's chromium through playwright-core with the flags this machine needs.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const baseUrl = process.env.ITAKU_URL;
export const artifacts = process.env.ITAKU_E2E_ARTIFACTS || '.';
export const demoPassword = 'itaku-demo-2026';

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'itaku-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1280, height: 900 },
    locale: 'ja-JP',
  });
}

// Signs in through the login form, as a person would.
export async function signIn(page, login) {
  await page.goto(new URL('/login', baseUrl).href);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(demoPassword);
  await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"], form input[type="submit"]').first().click()]);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

// Fails when the page scrolls sideways: every page works at 390 px.
export async function assertFitsTheWidth(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`the page is ${overflow}px wider than the window`);
}
