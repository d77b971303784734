// Information assets in a real browser: the city officer registers an asset and hands it over
// to the contractor; the contractor's responsible person sees it waiting and acknowledges it;
// the receipt PDF downloads (the same file every time, printing its number, the time of receipt
// and both persons' titles), its QR code opens the public check without an account, on a phone
// too, and the file verifies there; monitoring shows the demo's denials. A screenshot of each
// page is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, signIn, shot, baseUrl, assertFitsTheWidth, downloadDocument, artifacts,
         sha256Of } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;
const contract = '/contracts/nagano-2026-001';
const asset = 'e2e-tax-2026';

const submit = (page, form) =>
  Promise.all([page.waitForLoadState('load'), page.locator(`${form} button[type="submit"]`).click()]);

test('the city hands an asset over, the contractor acknowledges it, and the receipt verifies', async () => {
  let transfer;
  const city = await launch();
  try {
    const page = await city.newPage();
    await signIn(page, 'kobayashi');

    await page.goto(url(`${contract}/asset-classes`));
    const classes = await page.locator('body').innerText();
    assert.match(classes, /第三者への提供/);
    assert.match(classes, /不可/);
    await shot(page, 'assets-01-classes');

    await page.goto(url(`${contract}/assets`));
    await page.locator('#field-id').fill(asset);
    await page.locator('#field-class').selectOption('personal');
    await page.locator('#field-description').fill('住民税課税データ（E2E）');
    await page.locator('#field-origin').selectOption('city');
    await page.locator('#field-media').fill('暗号化USBメモリ');
    await page.locator('#field-quantity').fill('1');
    await page.locator('#field-custodian').selectOption('p-kobayashi');
    await page.locator('#field-location').fill('長野市役所 情報政策課');
    await submit(page, '#register form');
    assert.match(new URL(page.url()).pathname, new RegExp(`/assets/${asset}$`));
    assert.match(await page.locator('body').innerText(), /情報資産を台帳に登録しました/);
    await shot(page, 'assets-02-registered');

    await page.goto(url(`${contract}/transfers`));
    await page.locator(`#field-assets-${asset}`).check();
    await page.locator('#field-to').selectOption('p-yamada');
    await page.locator('#field-note').fill('課税事務の移行作業のため');
    await submit(page, '#hand-over form');
    assert.match(await page.locator('[role="status"]').first().innerText(), /引渡しを記録しました/);
    const row = page.locator('tbody tr', { hasText: asset });
    assert.match(await row.innerText(), /受領確認待ち/);
    transfer = (await row.getAttribute('id')).replace(/^transfer-/, '');
    assert.equal(await row.locator('form[action$="/acknowledge"]').count(), 0, 'the giver does not acknowledge');
    await shot(page, 'assets-03-handed-over');
  } finally {
    await city.close();
  }

  let pdf;
  let number;
  let verifyAddress;
  let sha256;
  const contractor = await launch();
  try {
    const page = await contractor.newPage();
    await signIn(page, 'yamada');
    await page.goto(url(`${contract}/transfers`));
    const row = page.locator(`#transfer-${transfer}`);
    assert.match(await row.innerText(), /受領確認待ち/);
    await shot(page, 'assets-04-pending');
    await Promise.all([page.waitForLoadState('load'), row.locator('form[action$="/acknowledge"] button').click()]);
    const done = page.locator(`#transfer-${transfer}`);
    const text = await done.innerText();
    assert.match(text, /受領確認済/);
    assert.match(text, /受領証番号/);
    await shot(page, 'assets-05-acknowledged');

    // The receipt downloads as a PDF with the session.
    const link = done.locator('a[href$="/receipt.pdf"]');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = await download.path();
    pdf = await readFile(path);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
    // Tens of KB, and every later download the very same file.
    assert.ok(pdf.length < 100_000, `the receipt takes ${pdf.length} bytes`);
    number = (await done.locator('.receipt-number').innerText()).trim();
    assert.match(number, /^長野市情政第2026-001号-R\d{4}$/);
    const issued = await downloadDocument(page, url(await link.getAttribute('href')), 'assets-receipt', '/receipts/verify');
    assert.equal(issued.sha256, sha256Of(pdf));
    ({ verifyAddress, sha256 } = issued);
    // What a city expects on the paper: the number the page shows, the time of receipt in 和暦,
    // both persons with their department and title, 以上 after the items, no word cut in two.
    const printed = issued.printed;
    assert.match(printed, new RegExp(`受領証番号\\s+${number}`), printed);
    assert.match(printed, /受領日時\s+令和\d+年\d+月\d+日 \d+時\d{2}分/, printed);
    assert.match(printed, /受領者\s+株式会社しなの情報システム\s+公共事業部 部長\s+山田 太郎/, printed);
    assert.match(printed, /引渡者\s+長野市\s+情報政策課 主査\s+小林 明美/, printed);
    assert.match(printed, /住民税課税データ（E2E）[\s\S]*以上[\s\S]*台帳記録番号/, printed);
    assert.match(printed, /USBメモリ/, printed);
    // The QR code, read off the page as a phone would, is the address printed under it.
    const image = join(artifacts, 'assets-receipt');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', join(artifacts, 'assets-receipt.pdf'), image]);
    const scanned = execFileSync('zbarimg', ['--raw', '-q', `${image}.png`], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString().trim();
    assert.equal(scanned, verifyAddress);

    await page.goto(url(`${contract}/assets/${asset}`));
    assert.match(await page.locator('body').innerText(), /山田 太郎/);
    await shot(page, 'assets-06-custody');
  } finally {
    await contractor.close();
  }

  // Anyone verifies the receipt, without signing in.
  const anyone = await launch();
  try {
    const page = await anyone.newPage();
    await page.goto(url('/receipts/verify'));
    await page.locator('#receipt-file').setInputFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.locator('#receipt-verify button[type="submit"]').click();
    const result = page.locator('#receipt-result');
    await result.locator('h2').waitFor({ timeout: 15000 });
    const text = await result.innerText();
    await shot(page, 'assets-07-receipt-verified');
    assert.match(text, /検証に成功しました/, text);
    assert.match(text, /住民税課税データ（E2E）/);
    assert.match(text, /山田 太郎/);
    assert.match(text, /長野市情政第2026-001号/);

    // A file that is not the receipt is refused with the reason.
    await page.locator('#receipt-file').setInputFiles({ name: 'other.pdf', mimeType: 'application/pdf',
                                                         buffer: Buffer.from('%PDF-1.4\nnot a receipt\n') });
    await page.locator('#receipt-verify button[type="submit"]').click();
    await page.locator('#receipt-result .alert.error').waitFor({ timeout: 15000 });
    assert.match(await page.locator('#receipt-result').innerText(), /検証できませんでした/);
    await shot(page, 'assets-08-receipt-refused');

    // The QR code opens, without an account, the receipt as the ledger records it, under the
    // labels the paper prints; on a phone too.
    const shown = new URL(verifyAddress);
    await page.goto(url(shown.pathname + shown.search));
    const record = await page.locator('.receipt-record').innerText();
    assert.match(record, new RegExp(`受領証番号\\s+${number}`), record);
    assert.match(record, /受領日時\s+令和\d+年\d+月\d+日 \d+時\d{2}分/, record);
    assert.match(record, /受領者\s+株式会社しなの情報システム\s+公共事業部 部長\s+山田 太郎/, record);
    assert.match(record, /引渡者\s+長野市\s+情報政策課 主査\s+小林 明美/, record);
    assert.match(record, /住民税課税データ（E2E）[\s\S]*以上/, record);
    assert.match(record, new RegExp(sha256));
    await shot(page, 'assets-08b-receipt-public-check');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'assets-08c-receipt-public-check-phone');
    await assertFitsTheWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    // A token that is not the paper's shows nothing.
    const wrong = await page.goto(url(`/receipts/verify?index=${shown.searchParams.get('index')}&k=0123456789abcdef0123456789abcdef`));
    assert.equal(wrong.status(), 404);
    assert.doesNotMatch(await page.locator('body').innerText(), /住民税課税データ/);
  } finally {
    await anyone.close();
  }
});

test('monitoring shows the demo denials with their clauses, the city records its review, and the log pages read on a phone', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await signIn(page, 'kobayashi');
    await page.goto(url(`${contract}/monitoring`));
    const text = await page.locator('body').innerText();
    assert.match(text, /長野市 第3/);
    assert.match(text, /拒否された判定/);
    assert.match(text, /鈴木 一郎/);
    assert.match(text, /長野市 第4/);
    await shot(page, 'assets-09-monitoring');

    // The officer records that the city reviewed what the page shows (長野市 第3).
    assert.match(text, /監視結果の確認はまだ記録されていません/);
    await page.locator('#field-note').fill('拒否3件を確認。いずれも権限のない担当者による操作で、受託者に確認済み。');
    await Promise.all([page.waitForURL(/notice=monitoring_reviewed/), page.locator('#review button[type="submit"]').click()]);
    assert.match(await page.locator('.alert.notice').innerText(), /監視結果の確認を記録しました/);
    const reviews = await page.locator('#reviews').innerText();
    assert.match(reviews, /小林 明美/);
    assert.match(reviews, /受託者に確認済み/);
    await shot(page, 'assets-09b-monitoring-reviewed');
    // The reviews and the form read on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await shot(page, 'assets-09c-monitoring-phone');
    await assertFitsTheWidth(page);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto(url(`${contract}/decisions?effect=deny`));
    assert.match(await page.locator('table.log').innerText(), /拒否/);
    await shot(page, 'assets-10-decisions');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(`${contract}/transfers`));
    await shot(page, 'assets-11-transfers-phone');
    // Nothing but the tables' own wrappers scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
  } finally {
    await browser.close();
  }
});
