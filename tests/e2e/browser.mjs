// Launches Debian's chromium through playwright-core with the flags this machine needs.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

// Signs in through the login form, as a person would (on the shared instance, or on `base`).
export async function signIn(page, login, base = baseUrl) {
  await page.goto(new URL('/login', base).href);
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

// An instance of its own with the demo, served on a free port, for a test whose steps cannot be
// undone (closing a contract): { url, close() }.
export async function ownInstance(origin) {
  const bin = process.env.ITAKU_BIN;
  const dir = mkdtempSync(join(tmpdir(), 'itaku-e2e-own-'));
  execFileSync(bin, ['--data-dir', dir, 'init', '--origin', origin], { stdio: 'ignore' });
  execFileSync(bin, ['--data-dir', dir, 'demo'], { stdio: 'ignore' });
  const server = spawn(bin, ['--data-dir', dir, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 15000);
    const read = (chunk) => {
      log += chunk;
      const found = log.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${log}`)));
  });
  return {
    url,
    async close() {
      server.kill();
      await once(server, 'exit');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sha256Of = (bytes) => createHash('sha256').update(bytes).digest('hex');

// A document as its link downloads it, twice: every download must be the same file. Its bytes
// are kept as `name`.pdf among the artifacts; returns their SHA-256, the text pdftotext
// lays out, and the address printed under the QR code that leads to `verifyPath`
// ("/approvals/verify"), undefined when none is printed.
export async function downloadDocument(page, address, name, verifyPath) {
  const download = await page.request.get(address);
  assert.equal(download.status(), 200, await download.text());
  assert.equal(download.headers()['content-type'], 'application/pdf');
  const pdf = await download.body();
  const file = join(artifacts, `${name}.pdf`);
  writeFileSync(file, pdf);
  const sha256 = sha256Of(pdf);
  const again = await page.request.get(address);
  assert.equal(sha256Of(await again.body()), sha256, 'every download is the same file');
  const printed = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  const link = new RegExp(`https?://[^\\s]*${verifyPath.replaceAll('/', '\\/')}\\?index=\\d+&k=[0-9a-f]{32}`);
  return { sha256, printed, verifyAddress: printed.replace(/\s+/g, '').match(link)?.[0] };
}
