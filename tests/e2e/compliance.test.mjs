// Per-clause compliance as a city auditor uses it, on a phone: the 遵守状況 tab shows each
// clause in the city's words with its status; the auditor issues a report and downloads its PDF,
// opens the public check its QR code leads to, and takes the evidence package away — which then
// verifies offline with the city's public key alone (`itaku ledger verify --bundle`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;
const contract = '/contracts/nagano-2026-001';
const itaku = process.env.ITAKU_BIN;
const dataDir = process.env.ITAKU_DATA;

test('an auditor reads the compliance tab, issues a report and takes away a package that verifies', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'nakamura');
    // The city's home lists the clauses that need action, each leading to its evidence.
    const attention = page.locator('#attention');
    assert.match(await attention.innerText(), /期限あり|違反/);
    await shot(page, 'compliance-00-home-phone');
    await assertFitsTheWidth(page);
    await page.goto(url(`${contract}/compliance`));
    const body = await page.locator('body').innerText();
    assert.match(body, /特記事項の遵守状況/);
    assert.match(body, /第8/);  // a clause of 長野市's own provisions
    assert.match(body, /未記録/);  // what the system does not record yet is never shown as met
    // 第10's confidentiality is kept by people: shown as theirs to check, never as met.
    assert.match(await page.locator('.badge.manual').first().innerText(), /要確認/);
    await shot(page, 'compliance-01-tab-phone');
    await assertFitsTheWidth(page);

    // Issue a report: it is recorded, and its page lists the three files.
    await Promise.all([page.waitForURL(/\/compliance\/reports\/\d+$/), page.locator('#issue-report').click()]);
    const reportBody = await page.locator('body').innerText();
    assert.match(reportBody, /台帳に記録された内容/);
    assert.match(reportBody, /長野市情政第2026-001号/);
    await shot(page, 'compliance-02-report-phone');
    await assertFitsTheWidth(page);
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'),
                                             page.locator('a[href$="/report.pdf"]').click()]);
    const pdf = await readFile(await pdfDownload.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'),
                                             page.locator('a[href$="/report.csv"]').click()]);
    const csv = await readFile(await csvDownload.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV opens in Excel as UTF-8');
    assert.match(csv.toString('utf8'), /条項/);

    // The public check shows what the ledger holds, to anyone with the report's link.
    const verifyHref = await page.locator('a[href^="/compliance-reports/verify"]').getAttribute('href');
    const anyone = await launch();
    try {
      const publicPage = await anyone.newPage();
      await publicPage.setViewportSize({ width: 390, height: 844 });
      await publicPage.goto(url(verifyHref));
      const publicBody = await publicPage.locator('body').innerText();
      assert.match(publicBody, /長野市情政第2026-001号/);
      assert.match(publicBody, /報告書（PDF）/);
      await shot(publicPage, 'compliance-03-public-check-phone');
      await assertFitsTheWidth(publicPage);
      await publicPage.goto(url(verifyHref.replace(/k=[0-9a-f]+/, 'k=00000000000000000000000000000000')));
      assert.match(await publicPage.locator('body').innerText(), /見つかりません/);
    } finally {
      await anyone.close();
    }

    // The evidence package, then checked offline. The first hand-over's receipt is issued first
    // (its first download issues it), so the package has a document besides the report.
    const receipt = await page.request.get(url(`${contract}/transfers/t-0001/receipt.pdf`));
    assert.equal(receipt.status(), 200);
    await page.goto(url(`${contract}/compliance`));
    const [zipDownload] = await Promise.all([page.waitForEvent('download'),
                                             page.locator('#download-package').click()]);
    assert.match(zipDownload.suggestedFilename(), /^itaku-evidence-nagano-2026-001-.*\.zip$/);
    const zipPath = await zipDownload.path();
    const key = execFileSync(itaku, ['--data-dir', dataDir, 'ledger', 'key'], { encoding: 'utf8' }).trim();
    const out = execFileSync(itaku, ['ledger', 'verify', '--bundle', zipPath, '--key', key], { encoding: 'utf8' });
    assert.match(out, /証拠一式は正しく検証されました/);
    assert.match(out, /compliance\/report\.pdf/);
    assert.match(out, /documents\/receipt-/);
  } finally {
    await browser.close();
  }
});
