// The roster round trip in a real browser, as the issue describes it: the contractor signs in
// and changes the roster; the city officer signs in, sees it waiting, reads the diff and
// acknowledges; the language switch works. A screenshot of each page is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, baseUrl } from './browser.mjs';

const url = (path) => new URL(path, baseUrl).href;

test('the contractor changes the roster and the city acknowledges it', async () => {
  const contractor = await launch();
  try {
    const page = await contractor.newPage();
    await signIn(page, 'yamada');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await shot(page, '01-contractor-dashboard');

    await page.goto(url('/contracts/nagano-2026-001'));
    await shot(page, '02-contractor-contract');
    assert.match(await page.locator('body').innerText(), /山田 太郎/);

    await page.goto(url('/contracts/nagano-2026-001/rosters/shinano-is/edit'));
    await shot(page, '03-roster-edit');
    // The add-row button is shown by app.js; the new row comes from a <template>.
    await page.locator('button.add-row[data-rows="worker-rows"]').click();
    const row = page.locator('#worker-rows tr').last();
    await row.locator('select').selectOption('p-sato');
    await row.locator('input[name$=".work"]').fill('夜間障害対応');
    await row.locator('input[name$=".from"]').fill('2026-12-01');
    await page.locator('#note').fill('障害対応の増員');
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').last().click()]);
    const after = await page.locator('body').innerText();
    assert.match(after, /第3版|version 3/, 'the new version is shown after submitting');
    await shot(page, '04-roster-submitted');
  } finally {
    await contractor.close();
  }

  const city = await launch();
  try {
    const page = await city.newPage();
    await signIn(page, 'kobayashi');
    const dashboard = await page.locator('body').innerText();
    assert.match(dashboard, /受領待ちの体制表/);
    assert.match(dashboard, /第3版/);
    await shot(page, '05-city-dashboard');

    await page.locator('a[href*="/contracts/nagano-2026-001/rosters/shinano-is/diff"]').first().click();
    await page.waitForLoadState('load');
    const diff = await page.locator('body').innerText();
    assert.match(diff, /作業者の追加: 佐藤 花子/);
    // Version 2 was never acknowledged: the city reads every change since version 1, and
    // acknowledging version 3 settles version 2 too (長野市 第1).
    assert.match(diff, /第1版 → 第3版/);
    assert.match(diff, /加藤 翔/);
    await shot(page, '06-city-diff');

    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/acknowledge"] button[type="submit"]').first().click()]);
    await page.goto(url('/contracts/nagano-2026-001'));
    const contract = await page.locator('body').innerText();
    assert.match(contract, /受領済/);
    assert.match(contract, /第3版とあわせて受領/);
    await shot(page, '07-city-acknowledged');

    await page.goto(url('/ledger'));
    await shot(page, '08-ledger');
    await page.goto(url('/people/p-sato'));
    await shot(page, '09-person');
  } finally {
    await city.close();
  }
});

test('the language switch turns the pages into English and back', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await signIn(page, 'kobayashi');
    await page.locator('nav.language a[hreflang="en"]').click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto(url('/contracts/nagano-2026-001'));
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered');
    await shot(page, '10-contract-english');
    await page.locator('nav.language a[hreflang="ja"]').click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  } finally {
    await browser.close();
  }
});

test('a wrong password is refused on the sign-in page and another contractor sees nothing', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url('/login'));
    await page.locator('input[name="login"]').fill('yamada');
    await page.locator('input[name="password"]').fill('wrong password here');
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type="submit"]').first().click()]);
    assert.match(new URL(page.url()).pathname, /\/login/);
    await shot(page, '11-login-refused');
    const response = await page.goto(url('/contracts/nagano-2026-001'));
    assert.match(new URL(page.url()).pathname, /\/login/, 'without a session every page leads to sign-in');
    assert.ok(response.ok());
    await signIn(page, 'ito');
    const kisarazu = await page.goto(url('/contracts/kisarazu-2026-014'));
    assert.equal(kisarazu.status(), 404, 'a subcontractor does not see a contract it is not party to');
  } finally {
    await browser.close();
  }
});
